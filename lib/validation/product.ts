import { z } from "zod";
import { defineOperation, R, listHeaders, writeErrors } from "@/lib/validation/operation";
import { idParam, money, pagingQuery, queryBoolean, text, VISIBLE } from "@/lib/validation/common";
import { categorySummarySchema } from "@/lib/validation/category";
import { DEFAULT_PRODUCT_ORDERING, PRODUCT_ORDERINGS } from "@/lib/rules/orderings";

/** The orderings the query accepts: one list with the pages' "Sort by" (lib/rules/orderings.ts). */
export { PRODUCT_ORDERINGS };

export const productSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    slug: z.string(),
    price: z.number().meta({ description: "Two decimals", example: 5999.0 }),
    description: z.string().nullable(),
    in_stock: z.boolean(),
    stock: z.number().int(),
    category: categorySummarySchema.nullable(),
    created_at: z.string().meta({ format: "date-time" }),
    updated_at: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "Product" });

export type ProductJson = z.infer<typeof productSchema>;

const name = text()
  .trim()
  .min(1, { error: "must not be empty", abort: true })
  .max(200, "is too long")
  .regex(VISIBLE, "must contain a visible character");
const description = text().max(5_000, "is too long");
const stock = z
  .number({ error: "must be an integer" })
  .int("must be an integer")
  .min(0, "must not be negative")
  .max(1_000_000, "is too large");
const categoryRef = z.union([z.number().int().positive(), z.string().min(1)], {
  error: "must be a category id or slug",
});

/** POST /api/products. Seed-compatible: name and price required, the rest optional. */
export const productCreateSchema = z
  .object({
    name,
    price: money,
    description: description.nullish(),
    stock: stock.optional(),
    in_stock: z.boolean({ error: "must be true or false" }).optional(),
    slug: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase words joined by -")
      .max(200)
      .optional(),
    category: categoryRef.nullish(),
  })
  .strict()
  .meta({ id: "ProductCreate" });

/**
 * PUT: a full replacement — name, price and description must be present, and the stock
 * either as `stock` or, as the seed service's clients send it, as `in_stock`.
 */
export const productReplaceSchema = z
  .object({
    name,
    price: money,
    description: description.nullable(),
    stock: stock.optional(),
    in_stock: z.boolean({ error: "must be true or false" }).optional(),
    category: categoryRef.nullable().optional(),
    slug: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase words joined by -")
      .max(200)
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.stock === undefined && v.in_stock === undefined) {
      ctx.addIssue({ code: "custom", path: ["stock"], message: "send stock (or in_stock)" });
    }
  })
  .meta({ id: "ProductReplace" });

export const productPatchSchema = productCreateSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change")
  .meta({ id: "ProductPatch" });

export const reduceStockSchema = z
  .object({
    quantity: z
      .number({ error: "must be an integer" })
      .int("must be an integer")
      .min(1, "must be at least 1")
      .max(1_000_000),
  })
  .strict()
  .meta({ id: "ReduceStock" });

export const productQuerySchema = z
  .object({
    ...pagingQuery,
    in_stock: queryBoolean.optional(),
    category: z.string().max(100).optional(),
    min_price: z.coerce.number({ error: "must be a number" }).min(0, "must not be negative").optional(),
    max_price: z.coerce.number({ error: "must be a number" }).min(0, "must not be negative").optional(),
    search: z.string().trim().max(200, "is too long").optional(),
    ordering: z
      .enum(PRODUCT_ORDERINGS, { error: `must be one of ${PRODUCT_ORDERINGS.join(", ")}` })
      .default(DEFAULT_PRODUCT_ORDERING),
  })
  .superRefine((q, ctx) => {
    if (q.min_price !== undefined && q.max_price !== undefined && q.min_price > q.max_price) {
      ctx.addIssue({ code: "custom", path: ["min_price"], message: "must not be greater than max_price" });
    }
  });

export type ProductQuery = z.infer<typeof productQuerySchema>;
export type ProductCreate = z.infer<typeof productCreateSchema>;
export type ProductReplace = z.infer<typeof productReplaceSchema>;
export type ProductPatch = z.infer<typeof productPatchSchema>;

// ---- operations ----------------------------------------------------------------------

const productId = { id: idParam };

export const productOperations = {
  listProducts: defineOperation({
    method: "get",
    path: "/api/products",
    operationId: "listProducts",
    tag: "products",
    auth: "public",
    summary: "List products (skip/limit or cursor paging, filters, search, ordering)",
    query: productQuerySchema,
    responses: {
      200: {
        description: "A page of products; paging in the headers",
        schema: productSchema,
        array: true,
        headers: listHeaders,
      },
      304: R[304],
      422: R[422],
    },
  }),
  createProduct: defineOperation({
    method: "post",
    path: "/api/products",
    operationId: "createProduct",
    tag: "products",
    auth: "admin",
    summary: "Create a product",
    body: productCreateSchema,
    responses: {
      201: { description: "Created", schema: productSchema, headers: ["Location"] },
      ...writeErrors,
      409: R[409],
    },
  }),
  listProductsInStock: defineOperation({
    method: "get",
    path: "/api/products/in-stock",
    operationId: "listProductsInStock",
    tag: "products",
    auth: "public",
    summary: "List products that are in stock",
    query: productQuerySchema,
    responses: {
      200: {
        description: "A page of in-stock products",
        schema: productSchema,
        array: true,
        headers: listHeaders,
      },
      304: R[304],
      422: R[422],
    },
  }),
  getProduct: defineOperation({
    method: "get",
    path: "/api/products/{id}",
    operationId: "getProduct",
    tag: "products",
    auth: "public",
    summary: "Get a product",
    params: productId,
    responses: {
      200: { description: "The product", schema: productSchema, headers: ["ETag"] },
      304: R[304],
      404: R[404],
      422: R[422],
    },
  }),
  replaceProduct: defineOperation({
    method: "put",
    path: "/api/products/{id}",
    operationId: "replaceProduct",
    tag: "products",
    auth: "admin",
    summary: "Replace a product (every field required)",
    params: productId,
    body: productReplaceSchema,
    responses: {
      200: { description: "Replaced", schema: productSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  }),
  updateProduct: defineOperation({
    method: "patch",
    path: "/api/products/{id}",
    operationId: "updateProduct",
    tag: "products",
    auth: "admin",
    summary: "Change some fields of a product",
    params: productId,
    body: productPatchSchema,
    responses: {
      200: { description: "Updated", schema: productSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  }),
  deleteProduct: defineOperation({
    method: "delete",
    path: "/api/products/{id}",
    operationId: "deleteProduct",
    tag: "products",
    auth: "admin",
    summary: "Delete a product",
    params: productId,
    responses: { 204: { description: "Deleted" }, 401: R[401], 403: R[403], 404: R[404], 422: R[422] },
  }),
  reduceStock: defineOperation({
    method: "post",
    path: "/api/products/{id}/reduce-stock",
    operationId: "reduceStock",
    tag: "products",
    auth: "admin",
    summary: "Take stock off a product atomically",
    params: productId,
    body: reduceStockSchema,
    responses: {
      200: { description: "The product with its new stock", schema: productSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  }),
};
