import Link from "next/link";
import { Price } from "@/app/_components/price";
import { PRODUCT_IMAGE_HEIGHT, PRODUCT_IMAGE_WIDTH, productImageUrl } from "@/lib/rules/product-image-url";
import { EXCERPT_WORDS, truncateWords } from "@/lib/rules/text";
import type { ProductJson } from "@/lib/validation/product";

/**
 * One product in a list: the legacy card (partials/product_card.html), the same markup and
 * fields, each with the same parity marker.
 */
export function ProductCard({ product }: { product: ProductJson }) {
  return (
    <article className="card product-card">
      {/* eslint-disable-next-line @next/next/no-img-element -- a drawn SVG: nothing to optimise */}
      <img
        className="product-image"
        src={productImageUrl(product)}
        width={PRODUCT_IMAGE_WIDTH}
        height={PRODUCT_IMAGE_HEIGHT}
        alt=""
        loading="lazy"
        decoding="async"
      />
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
