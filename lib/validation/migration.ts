import { z } from "zod";
import { ROUTE_STATES } from "@/lib/migration/ledger-schema";

export const routeStateChangeSchema = z
  .object({
    state: z.enum(ROUTE_STATES, { error: "must be legacy, canary or spa" }),
    percent: z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(0)
      .max(100)
      .optional(),
  })
  .strict()
  .meta({ id: "RouteStateChange" });

const fieldResult = z.object({
  field: z.string(),
  match: z.boolean(),
  legacy: z.array(z.string()),
  spa: z.array(z.string()),
});
export const paritySampleSchema = z.object({
  path: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  fields: z.array(fieldResult),
});

export const parityRunCreateSchema = z
  .object({ route: z.string().min(1), report: z.array(paritySampleSchema).min(1).max(500) })
  .strict()
  .meta({ id: "ParityRunCreate" });

export const routeSchema = z
  .object({
    id: z.string(),
    pattern: z.string(),
    state: z.enum(ROUTE_STATES),
    percent: z.number().int(),
    overridden: z.boolean(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: "RouteState" });

export const historyQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
