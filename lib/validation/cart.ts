import { z } from "zod";
import { defineOperation, R } from "@/lib/validation/operation";
import { CANONICAL_ID, MAX_PRODUCT_ID } from "@/lib/rules/product-id";

/** When the deprecated RPC endpoints stop answering (RFC 8594 Sunset). */
export const LEGACY_SUNSET = new Date(Date.UTC(2027, 5, 30));
import { idParam } from "@/lib/validation/common";

const quantity = z
  .number({ error: "must be an integer" })
  .int("must be an integer")
  .min(1, "must be at least 1")
  .max(999, "must be at most 999");

export const cartLineSchema = z
  .object({
    product_id: z.number().int(),
    name: z.string(),
    slug: z.string(),
    unit_price: z.number(),
    quantity: z.number().int(),
    line_total: z.number(),
    stock: z.number().int(),
    /** false when the product sold out or has fewer left than the line asks for */
    available: z.boolean(),
  })
  .meta({ id: "CartLine" });

export const cartSchema = z
  .object({
    id: z.string().nullable(),
    items: z.array(cartLineSchema),
    total_quantity: z.number().int(),
    total: z.number(),
    /** true when every line can be bought as it stands */
    checkout_ready: z.boolean(),
  })
  .meta({ id: "Cart" });
export type CartJson = z.infer<typeof cartSchema>;
export type CartLineJson = z.infer<typeof cartLineSchema>;

export const cartItemCreateSchema = z
  .object({
    product_id: z.number({ error: "must be a product id" }).int().positive(),
    quantity: quantity.default(1),
  })
  .strict()
  .meta({ id: "CartItemCreate" });

export const cartItemUpdateSchema = z.object({ quantity }).strict().meta({ id: "CartItemUpdate" });

/**
 * A whole number as the legacy page's script or form sends it: a JSON number, or its canonical
 * digits as text, as ids are written ("12"; never " 12", "+12", "0x0C", "1e1", "12.0", "" or
 * true, all of which coercion would take for a number).
 */
const formInteger = (schema: z.ZodNumber, error: string) =>
  z.union([schema, z.string().regex(CANONICAL_ID).transform(Number).pipe(schema)], { error });

/** The legacy page's inline script sends product_id (sometimes as a string) and maybe quantity. */
export const legacyCartAddSchema = z
  .object({
    product_id: formInteger(z.number().int().positive().max(MAX_PRODUCT_ID), "must be a product id"),
    quantity: formInteger(z.number().int().min(1).max(999), "must be an integer from 1 to 999").default(1),
  })
  .meta({ id: "LegacyCartAdd" });

// ---- operations ----------------------------------------------------------------------

export const cartOperations = {
  getCart: defineOperation({
    method: "get",
    path: "/api/cart",
    operationId: "getCart",
    tag: "cart",
    auth: "cart",
    summary: "Your cart (a guest's by cookie, a user's by session or token)",
    responses: { 200: { description: "The cart", schema: cartSchema } },
  }),
  addCartItem: defineOperation({
    method: "post",
    path: "/api/cart/items",
    operationId: "addCartItem",
    tag: "cart",
    auth: "cart",
    summary: "Add a product to the cart (quantities add up, at most the stock)",
    body: cartItemCreateSchema,
    responses: {
      201: { description: "The cart", schema: cartSchema, headers: ["Location"] },
      400: R[400],
      403: R[403],
      404: R[404],
      409: R[409],
      415: R[415],
      422: R[422],
    },
  }),
  updateCartItem: defineOperation({
    method: "patch",
    path: "/api/cart/items/{product_id}",
    operationId: "updateCartItem",
    tag: "cart",
    auth: "cart",
    summary: "Set a line's quantity",
    params: { product_id: idParam },
    body: cartItemUpdateSchema,
    responses: {
      200: { description: "The cart", schema: cartSchema },
      400: R[400],
      403: R[403],
      404: R[404],
      409: R[409],
      415: R[415],
      422: R[422],
    },
  }),
  removeCartItem: defineOperation({
    method: "delete",
    path: "/api/cart/items/{product_id}",
    operationId: "removeCartItem",
    tag: "cart",
    auth: "cart",
    summary: "Remove a line",
    params: { product_id: idParam },
    responses: {
      200: { description: "The cart", schema: cartSchema },
      403: R[403],
      404: R[404],
      422: R[422],
    },
  }),
  legacyCartAdd: defineOperation({
    method: "post",
    path: "/api/cart/add/",
    operationId: "legacyCartAdd",
    tag: "legacy",
    auth: "cart",
    deprecated: { successor: "POST /api/cart/items", sunset: LEGACY_SUNSET, counted: true },
    summary: "Legacy RPC used by the old product page; successor: POST /api/cart/items",
    body: legacyCartAddSchema,
    lenientBody: true,
    responses: {
      200: { description: "{ ok, cart_count, cart }", headers: ["Deprecation", "Sunset", "Link"] },
      400: R[400],
      403: R[403],
      404: R[404],
      409: R[409],
      422: R[422],
    },
  }),
  legacyCartCount: defineOperation({
    method: "get",
    path: "/api/cart/count/",
    operationId: "legacyCartCount",
    tag: "legacy",
    auth: "cart",
    deprecated: { successor: "GET /api/cart", sunset: LEGACY_SUNSET, counted: true },
    summary: "Legacy RPC for the nav badge; successor: GET /api/cart",
    responses: { 200: { description: "{ count }", headers: ["Deprecation", "Sunset", "Link"] } },
  }),
};
