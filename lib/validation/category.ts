import { z } from "zod";

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

/** Path reference: digits are an id, anything else a slug. */
export const categoryRefParam = z.union([
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
  z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a category id or slug")
    .max(100),
]);
