import { z } from "zod";
import { money, pagingQuery, queryBoolean } from "@/lib/validation/common";
import { categorySummarySchema } from "@/lib/validation/category";

export const PRODUCT_ORDERINGS = [
  "id",
  "-id",
  "price",
  "-price",
  "name",
  "-name",
  "created_at",
  "-created_at",
  "stock",
  "-stock",
] as const;

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

const name = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(200, "is too long");
const description = z.string({ error: "must be a string" }).max(5_000, "is too long");
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
      .default("id"),
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
