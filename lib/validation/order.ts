import { z } from "zod";
import { defineOperation, R, writeErrors } from "@/lib/validation/operation";
import { pagingQuery, idParam } from "@/lib/validation/common";

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

// ---- operations ----------------------------------------------------------------------

export const orderOperations = {
  checkout: defineOperation({
    method: "post",
    path: "/api/checkout",
    operationId: "checkout",
    tag: "orders",
    auth: "cart-writer",
    summary: "Turn your cart into an order",
    headers: { "Idempotency-Key": { description: "Retry-safe key: a repeat returns the first answer" } },
    responses: {
      201: { description: "The order", schema: orderSchema, headers: ["Location"] },
      401: R[401],
      403: R[403],
      409: R[409],
      422: R[422],
    },
  }),
  listUserOrders: defineOperation({
    method: "get",
    path: "/api/users/{id}/orders",
    operationId: "listUserOrders",
    tag: "orders",
    auth: "owner-or-admin",
    summary: "A user's orders, newest first (owner or admin)",
    params: { id: idParam },
    query: orderQuerySchema,
    responses: {
      200: {
        description: "A page of orders",
        schema: orderSchema,
        array: true,
        headers: ["X-Total-Count", "Link"],
      },
      401: R[401],
      403: R[403],
      422: R[422],
    },
  }),
  createUserOrder: defineOperation({
    method: "post",
    path: "/api/users/{id}/orders",
    operationId: "createUserOrder",
    tag: "orders",
    auth: "owner-or-admin-writer",
    summary: "Place an order (owner, or an admin on their behalf)",
    params: { id: idParam },
    body: orderCreateSchema,
    headers: {
      "Idempotency-Key": {
        description: "Retry-safe key: a repeat returns the first answer; another body → 422",
      },
    },
    responses: {
      201: { description: "The order", schema: orderSchema, headers: ["Location"] },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  }),
  getOrder: defineOperation({
    method: "get",
    path: "/api/orders/{id}",
    operationId: "getOrder",
    tag: "orders",
    auth: "user",
    summary: "An order (owner or admin; others get 404)",
    params: { id: idParam },
    responses: {
      200: { description: "The order", schema: orderSchema },
      401: R[401],
      404: R[404],
      422: R[422],
    },
  }),
  changeOrderStatus: defineOperation({
    method: "patch",
    path: "/api/orders/{id}",
    operationId: "changeOrderStatus",
    tag: "orders",
    auth: "admin",
    summary: "Move an order along pending → paid → shipped, or cancel it (restores stock)",
    params: { id: idParam },
    body: orderStatusPatchSchema,
    responses: {
      200: { description: "The order", schema: orderSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  }),
};
