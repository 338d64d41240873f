import type { Metadata } from "next";
import Link from "next/link";
import { PAGE_DESCRIPTIONS } from "@/lib/rules/descriptions";
import { serverList } from "@/app/_lib/server-api";
import { Price } from "@/app/_components/price";
import { apiKeys } from "@/lib/api-client/keys";
import type { ProductJson } from "@/lib/validation/product";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { description: PAGE_DESCRIPTIONS.home };

const NEWEST = apiKeys.products({ ordering: "-created_at", limit: "8" });

/** The newest arrivals, read through the API's own handler in-process like every SPA page. */
export default async function HomePage() {
  const list = await serverList<ProductJson>(NEWEST);
  return (
    <>
      <h1>Cutover shop</h1>
      <p className="muted">
        {list ? `${list.total} products. ` : ""}Newest arrivals below; the whole catalogue is at{" "}
        <Link href="/products">/products</Link>.
      </p>
      {list ? (
        <ul className="grid" aria-label="Newest products">
          {list.items.map((p) => (
            <li key={p.id} className="card">
              <Link href={`/products/${p.id}`}>{p.name}</Link>
              <div>
                <Price value={p.price} parity={false} />
              </div>
              <div className="muted">{p.category?.name ?? "Uncategorised"}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p role="alert">The catalogue is unavailable right now. Please try again shortly.</p>
      )}
    </>
  );
}
