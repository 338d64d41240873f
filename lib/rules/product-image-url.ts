// A product picture's URL and size, for the cards and detail pages of both shapes (the SPA's
// client bundle takes only this; the drawing itself is lib/rules/product-image.ts).

export const PRODUCT_IMAGE_WIDTH = 400;
export const PRODUCT_IMAGE_HEIGHT = 300;

export interface ImageSubject {
  id: number;
  name: string;
  category: { slug: string } | null;
}

/** FNV-1a: a small stable hash, for the URL's version (and a colour when the name has none). */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The image's URL; its version changes when what the picture is drawn from changes. */
export function productImageUrl(product: ImageSubject): string {
  const version = hash(`${product.name}|${product.category?.slug ?? ""}`).toString(36);
  return `/images/products/${product.id}.svg?v=${version}`;
}
