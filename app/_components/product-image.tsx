import {
  type ImageSubject,
  PRODUCT_IMAGE_HEIGHT,
  PRODUCT_IMAGE_WIDTH,
  productImageUrl,
} from "@/lib/rules/product-image-url";

/**
 * A product's drawn picture (lib/rules/product-image.ts) with its size set, so nothing shifts
 * as it loads: lazy on list cards, fetched first on the detail page (its largest paint).
 */
export function ProductImage({ product, detail = false }: { product: ImageSubject; detail?: boolean }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a drawn SVG: nothing to optimise
    <img
      className={detail ? "product-image product-detail-image" : "product-image"}
      src={productImageUrl(product)}
      width={PRODUCT_IMAGE_WIDTH}
      height={PRODUCT_IMAGE_HEIGHT}
      alt=""
      loading={detail ? undefined : "lazy"}
      decoding={detail ? undefined : "async"}
      fetchPriority={detail ? "high" : undefined}
    />
  );
}
