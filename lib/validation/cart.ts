import { z } from "zod";

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

/** The legacy page's inline script sends product_id (sometimes as a string) and maybe quantity. */
export const legacyCartAddSchema = z
  .object({
    product_id: z.coerce.number({ error: "must be a product id" }).int().positive(),
    quantity: z.coerce.number({ error: "must be an integer" }).int().min(1).max(999).default(1),
  })
  .meta({ id: "LegacyCartAdd" });
