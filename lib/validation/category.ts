import { z } from "zod";
import { CANONICAL_ID, MAX_PRODUCT_ID } from "@/lib/rules/product-id";
import { defineOperation, R } from "@/lib/validation/operation";

export const categorySummarySchema = z
  .object({ id: z.number().int(), name: z.string(), slug: z.string() })
  .meta({ id: "CategorySummary" });

export const categorySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    slug: z.string(),
    description: z.string(),
    product_count: z.number().int(),
    created_at: z.string(),
  })
  .meta({ id: "Category" });

export type CategoryJson = z.infer<typeof categorySchema>;
export type CategorySummaryJson = z.infer<typeof categorySummarySchema>;

/**
 * Path reference: an id in canonical digits (lib/rules/product-id.ts), anything else a slug;
 * "010" or "+10" is not id 10 (a slug, naming nothing).
 */
export const categoryRefParam = z.union([
  z
    .string()
    .regex(CANONICAL_ID)
    .transform(Number)
    .pipe(z.number().max(MAX_PRODUCT_ID)),
  z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a category id or slug")
    .max(100),
]);

// ---- operations ----------------------------------------------------------------------

export const categoryOperations = {
  listCategories: defineOperation({
    method: "get",
    path: "/api/categories",
    operationId: "listCategories",
    tag: "categories",
    auth: "public",
    summary: "List categories with their product counts",
    responses: {
      200: {
        description: "All categories",
        schema: categorySchema,
        array: true,
        headers: ["X-Total-Count", "ETag"],
      },
      304: R[304],
    },
  }),
  getCategory: defineOperation({
    method: "get",
    path: "/api/categories/{id}",
    operationId: "getCategory",
    tag: "categories",
    auth: "public",
    summary: "Get a category by id or slug",
    params: { id: categoryRefParam },
    responses: {
      200: { description: "The category", schema: categorySchema },
      304: R[304],
      404: R[404],
      422: R[422],
    },
  }),
};
