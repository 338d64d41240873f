import Link from "next/link";
import { Price } from "@/app/_components/price";
import { listProducts } from "@/lib/services/products";
import { productQuerySchema } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const { items, total } = await listProducts(
    productQuerySchema.parse({ limit: 8, ordering: "-created_at" }),
  );
  return (
    <main>
      <h1>Cutover shop</h1>
      <p className="muted">
        {total} products. Newest arrivals below; the whole catalogue is at{" "}
        <Link href="/products">/products</Link>.
      </p>
      <ul className="grid" aria-label="Newest products">
        {items.map((p) => (
          <li key={p.id} className="card">
            <Link href={`/products/${p.id}`}>{p.name}</Link>
            <div>
              <Price value={p.price} parity={false} />
            </div>
            <div className="muted">{p.category?.name ?? "Uncategorised"}</div>
          </li>
        ))}
      </ul>
    </main>
  );
}
