import { z } from "zod";
import { pagingQuery } from "@/lib/validation/common";

export const ORDER_STATUSES = ["pending", "paid", "shipped", "cancelled"] as const;

export const orderItemSchema = z
  .object({
    product_id: z.number().int().nullable(),
    name: z.string(),
    unit_price: z.number(),
    quantity: z.number().int(),
    line_total: z.number(),
  })
  .meta({ id: "OrderItem" });

export const orderSchema = z
  .object({
    id: z.number().int(),
    user_id: z.number().int(),
    status: z.enum(ORDER_STATUSES),
    total: z.number(),
    items: z.array(orderItemSchema),
    created_at: z.string().meta({ format: "date-time" }),
    updated_at: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "Order" });
export type OrderJson = z.infer<typeof orderSchema>;

export const orderCreateSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            product_id: z.number({ error: "must be a product id" }).int().positive(),
            quantity: z
              .number({ error: "must be an integer" })
              .int("must be an integer")
              .min(1, "must be at least 1")
              .max(999),
          })
          .strict(),
        { error: "must be a list of {product_id, quantity}" },
      )
      .min(1, "must have at least one item")
      .max(100, "must have at most 100 items")
      .refine(
        (items) => new Set(items.map((i) => i.product_id)).size === items.length,
        "must not repeat a product",
      ),
  })
  .strict()
  .meta({ id: "OrderCreate" });

export const orderStatusPatchSchema = z
  .object({ status: z.enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(", ")}` }) })
  .strict()
  .meta({ id: "OrderStatusPatch" });

export const orderQuerySchema = z.object({
  skip: pagingQuery.skip,
  limit: pagingQuery.limit,
  status: z.enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(", ")}` }).optional(),
});
