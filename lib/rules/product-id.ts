// Which path segments name a product: the SPA's /products/[id] page, the legacy
// /products/<id> page and the legacy templates' {{ url("product_detail", id) }} all decide
// with this one rule, so a URL is a product page on both shapes or a 404 on both.

/** The largest id a PostgreSQL `integer` column holds. */
export const MAX_PRODUCT_ID = 2_147_483_647;

/** An id as text, canonically: decimal digits without sign, spaces or leading zeros. */
export const CANONICAL_ID = /^[1-9]\d{0,9}$/;

/**
 * "12" → 12. Canonical decimal digits only, so each product has one URL: "012", "+12",
 * " 12", "1e1", "0xC", "12.0", "0" and anything past MAX_PRODUCT_ID are null. A number
 * (a template's `product.id`) passes when it is such an id.
 */
export function parseProductId(raw: unknown): number | null {
  const text = typeof raw === "number" ? String(raw) : raw;
  if (typeof text !== "string" || !CANONICAL_ID.test(text)) return null;
  const id = Number(text);
  return id <= MAX_PRODUCT_ID ? id : null;
}
