import { z } from "zod";
import { DEFAULT_LIMIT, MAX_LIMIT } from "@/lib/rules/paging";
import { MAX_PRODUCT_ID, parseProductId } from "@/lib/rules/product-id";

/**
 * Path ids: canonical digits only ("12" → 12), one rule with the pages' (lib/rules/product-id.ts);
 * " 10", "0xA", "1e1", "10.0", "+10", "010" and "0" are a 422 naming the parameter.
 */
export const idParam = z
  .string({ error: "must be a positive integer" })
  .refine((raw) => parseProductId(raw) !== null, "must be a positive integer in canonical form (e.g. 12)")
  .transform((raw) => parseProductId(raw)!)
  .pipe(z.number().int().positive().max(MAX_PRODUCT_ID));

/** Query booleans as people type them: true/false, 1/0, yes/no. */
export const queryBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** Money on the wire: a number with at most two decimals. */
export const money = z
  .number({ error: "must be a number" })
  .nonnegative("must not be negative")
  .max(99_999_999.99, "is too large")
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "must have at most two decimals");

export const pagingQuery = {
  skip: z.coerce
    .number({ error: "must be an integer" })
    .int("must be an integer")
    .min(0, "must be 0 or more")
    .default(0),
  limit: z.coerce
    .number({ error: "must be an integer" })
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT),
  cursor: z.string().max(500).optional(),
};

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });
