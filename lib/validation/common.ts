import { z } from "zod";
import { isWholeCents } from "@/lib/rules/money";
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

/** Money on the wire: a number with at most two decimals (5e-324 is not 0.00). */
export const money = z
  .number({ error: "must be a number" })
  .nonnegative("must not be negative")
  .max(99_999_999.99, "is too large")
  .refine(isWholeCents, "must have at most two decimals")
  .meta({ multipleOf: 0.01 });

/**
 * Text a client sends to be stored: well-formed Unicode. A lone surrogate ("\uD800", half of
 * an emoji) cannot be written as UTF-8; the database would silently store U+FFFD instead.
 */
export const text = (error = "must be a string") =>
  z
    .string({ error })
    .refine((s) => !/\p{Surrogate}/u.test(s), "must be valid Unicode text (it has a lone surrogate)");

/**
 * A visible character: a letter, digit, punctuation mark or symbol, but not the fillers that
 * draw nothing (Hangul fillers, the blank braille pattern). A name of only spaces, zero-width
 * spaces (U+200B), BOMs (U+FEFF) or soft hyphens (U+00AD) shows as nothing.
 */
export const VISIBLE = /(?![\u115F\u1160\u3164\uFFA0\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

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
