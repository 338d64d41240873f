import Link from "next/link";
import { Price } from "@/app/_components/price";
import type { ProductJson } from "@/lib/validation/product";

/** One product in a list; name and price carry the legacy card's parity markers. */
export function ProductCard({ product }: { product: ProductJson }) {
  return (
    <article className="card product-card">
      <h2 className="card-title">
        <Link href={`/products/${product.id}`} data-parity="name">
          {product.name}
        </Link>
      </h2>
      <p>
        <Price value={product.price} />
      </p>
      <p className={product.in_stock ? "ok" : "muted"}>{product.in_stock ? "In stock" : "Sold out"}</p>
      <p className="muted">{product.category?.name ?? "Uncategorised"}</p>
    </article>
  );
}
