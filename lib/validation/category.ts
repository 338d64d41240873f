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
