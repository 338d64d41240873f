import Link from "next/link";
import { Price } from "@/app/_components/price";
import { ProductImage } from "@/app/_components/product-image";
import { EXCERPT_WORDS, truncateWords } from "@/lib/rules/text";
import type { ProductJson } from "@/lib/validation/product";

/**
 * One product in a list: the legacy card (partials/product_card.html), the same markup and
 * fields, each with the same parity marker.
 */
export function ProductCard({ product }: { product: ProductJson }) {
  return (
    <article className="card product-card">
      <ProductImage product={product} />
      <h2 className="card-title">
        <Link href={`/products/${product.id}`} data-parity="name">
          {product.name}
        </Link>
      </h2>
      <p>
        <Price value={product.price} />
      </p>
      <p className={product.in_stock ? "ok" : "muted"} data-parity="in_stock">
        {product.in_stock ? "In stock" : "Sold out"}
      </p>
      <p className="muted" data-parity="category">
        {product.category?.name ?? "Uncategorised"}
      </p>
      {product.description && (
        <p data-parity="excerpt">{truncateWords(product.description, EXCERPT_WORDS)}</p>
      )}
    </article>
  );
}
