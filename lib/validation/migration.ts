import { z } from "zod";
import { text } from "@/lib/validation/common";
import { defineOperation, R, writeErrors } from "@/lib/validation/operation";

// The migration toolkit's API: what it takes and what it answers. The services
// (lib/services/migration.ts, lib/services/legacy-usage.ts, lib/migration/*) return these
// inferred types; the dashboard and the CLI parse the answers with the same schemas.

/** A ledger route's states; lib/migration/ledger-schema.ts validates the ledger file by it too. */
export const ROUTE_STATES = ["legacy", "canary", "spa"] as const;
export type RouteStateName = (typeof ROUTE_STATES)[number];
const routeStateName = z.enum(ROUTE_STATES);
const isoTime = () => z.string().meta({ format: "date-time" });

// ---- input ---------------------------------------------------------------------------

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

// No component id: a parity sample is both part of a request body (ParityRunCreate, which
// drops unknown keys) and of answers, and a component is described one way only.
// Stored as JSON: text() refuses a lone surrogate as a 422 naming the field (the database
// would refuse the JSON with a bare 400).
export const parityFieldResultSchema = z.object({
  field: text(),
  match: z.boolean(),
  legacy: z.array(text()),
  spa: z.array(text()),
});
/** One part of the page chrome (header, footer) at one viewport, legacy against SPA, pixel by pixel. */
export const visualResultSchema = z.object({
  viewport: text().max(40),
  part: text().max(40),
  /** Share of the part's pixels that differ (0–1); 1 when one variant has no such part. */
  diff_ratio: z.number().min(0).max(1),
  ok: z.boolean(),
  /** Where the CLI saved the difference image (on the machine that ran it), if they differ. */
  diff_image: text().optional(),
  error: text().optional(),
});
export const paritySampleSchema = z.object({
  path: text(),
  ok: z.boolean(),
  error: text().optional(),
  fields: z.array(parityFieldResultSchema),
  /** The shared chrome compared as pictures (absent when the run skipped it: --no-visual). */
  visual: z.array(visualResultSchema).optional(),
});
export type VisualResult = z.infer<typeof visualResultSchema>;
export type ParityFieldResult = z.infer<typeof parityFieldResultSchema>;
export type ParitySample = z.infer<typeof paritySampleSchema>;

export const parityRunCreateSchema = z
  .object({ route: z.string().min(1), report: z.array(paritySampleSchema).min(1).max(500) })
  .strict()
  .meta({ id: "ParityRunCreate" });

// ---- output --------------------------------------------------------------------------

const routeStateFields = {
  id: z.string(),
  pattern: z.string(),
  state: routeStateName,
  percent: z.number().int(),
  overridden: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: isoTime().nullable(),
  /**
   * What serves the route while its legacy origin is down: "spa" when the ledger allows it
   * (`fallback: "spa"`) and the route's latest parity run passed; otherwise null (502/504).
   */
  fallback: z.enum(["spa"]).nullable(),
};

/** The effective state of a route: the ledger file's default, or the run-time override. */
export const routeSchema = z.object(routeStateFields).meta({ id: "RouteState" });
export type RouteState = z.infer<typeof routeSchema>;

const statePoint = z.object({ state: routeStateName, percent: z.number().int() });

export const routeChangeSchema = z
  .object({
    id: z.number().int(),
    pattern: z.string(),
    from: statePoint,
    to: statePoint,
    actor: z.string(),
    at: isoTime(),
    /** Set on automatic changes (guarded rollouts): why, with the numbers it measured. */
    reason: z.string().nullable(),
    analysis: z.unknown().nullable(),
  })
  .meta({
    id: "RouteChange",
    description: "One change of a route's state: who, when, from → to (and why, if automatic)",
  });
export type RouteChange = z.infer<typeof routeChangeSchema>;

export const parityRunSchema = z
  .object({
    id: z.number().int(),
    pattern: z.string(),
    ok: z.boolean(),
    samples: z.number().int(),
    report: z.array(paritySampleSchema),
    created_at: isoTime(),
  })
  .meta({ id: "ParityRun" });
export type ParityRunJson = z.infer<typeof parityRunSchema>;

/** The latest run per ledger route pattern; null for a route never checked. */
export const latestParitySchema = z
  .record(z.string(), parityRunSchema.nullable())
  .meta({ id: "LatestParity", description: "The latest parity run per route pattern (null: never run)" });
export type LatestParity = z.infer<typeof latestParitySchema>;

export const legacyUsageSchema = z
  .object({
    endpoint: z.string().meta({ example: "POST /api/cart/add/" }),
    today: z.number().int(),
    last_7_days: z.number().int(),
    daily: z.array(z.object({ day: z.string().meta({ format: "date" }), count: z.number().int() })),
  })
  .meta({ id: "LegacyUsage", description: "Calls to one deprecated legacy endpoint" });
export type LegacyUsage = z.infer<typeof legacyUsageSchema>;

export const variantSummarySchema = z
  .object({
    requests: z.number().int(),
    errors: z.number().int(),
    error_rate: z.number(),
    p50_ms: z.number().nullable(),
    p95_ms: z.number().nullable(),
    p99_ms: z.number().nullable(),
  })
  .meta({ id: "VariantSummary", description: "One variant's requests over the last 24 h" });
export type VariantSummary = z.infer<typeof variantSummarySchema>;

export const seriesPointSchema = z
  .object({
    t: isoTime().meta({ description: "Start of the interval" }),
    requests: z.number().int(),
    errors: z.number().int(),
    p95_ms: z.number().nullable(),
  })
  .meta({ id: "SeriesPoint" });
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const routeMetricsSchema = z
  .object({
    pattern: z.string(),
    legacy: variantSummarySchema,
    spa: variantSummarySchema,
    series: z
      .object({ legacy: z.array(seriesPointSchema), spa: z.array(seriesPointSchema) })
      .meta({ description: "48 half-hour points over the last 24 h, per variant" }),
  })
  .meta({ id: "RouteMetrics" });
export type RouteMetrics = z.infer<typeof routeMetricsSchema>;

export const migrationRouteSchema = z
  .object({
    ...routeStateFields,
    legacy: z.string().meta({ description: "The legacy template" }),
    spa: z.string().meta({ description: "The SPA page's app/ folder" }),
    parity_fields: z.array(z.string()),
    parity: parityRunSchema.nullable(),
    metrics: routeMetricsSchema.nullable(),
  })
  .meta({ id: "MigrationRoute", description: "A ledger route with its state, parity and traffic" });
export type MigrationRoute = z.infer<typeof migrationRouteSchema>;

/** One old app behind Cutover (ORIGINS), as every instance's forwards to it found it. */
export const originHealthSchema = z
  .object({
    name: z.string(),
    /** Scheme, host and port only (no credentials or path). */
    url: z.string(),
    routes: z.array(z.string()),
    api_prefixes: z.array(z.string()),
    /**
     * open: a breaker is failing requests fast; failing: at least half of the last two
     * minutes' forwards failed; up: it answered; idle: nothing was forwarded for two minutes.
     */
    status: z.enum(["up", "failing", "open", "idle"]),
    /** Over the last 15 minutes: forwards, those that failed (timeout, unreachable, 5xx), p95. */
    requests: z.number().int(),
    failures: z.number().int(),
    p95_ms: z.number().nullable(),
    last_failure: z.object({ kind: z.enum(["timeout", "unreachable", "error"]), at: isoTime() }).nullable(),
  })
  .meta({ id: "OriginHealth" });
export type OriginHealth = z.infer<typeof originHealthSchema>;

export const migrationStatusSchema = z
  .object({
    routes: z.array(migrationRouteSchema),
    origins: z.array(originHealthSchema),
    legacy_endpoints: z.array(legacyUsageSchema),
    history: z.array(routeChangeSchema),
    generated_at: isoTime(),
  })
  .meta({ id: "MigrationStatus" });
export type MigrationStatus = z.infer<typeof migrationStatusSchema>;

export const historyQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/**
 * A route by ledger id ("product-detail") or pattern ("/products/[id]", URL-encoded in the path),
 * exactly as the ledger spells it: " cart" or "\uFEFF/orders" name no route (404), they are not
 * trimmed into one.
 */
export const routeRefParam = z.string().min(1, "must name a route").max(200, "is too long");

// ---- operations ----------------------------------------------------------------------

export const migrationOperations = {
  migrationState: defineOperation({
    method: "get",
    path: "/api/migration/state",
    operationId: "migrationState",
    tag: "migration",
    auth: "internal-or-admin",
    summary: "Effective route states (for proxy.ts with its internal token, or an admin)",
    responses: {
      200: { description: "Route states", schema: routeSchema, array: true },
      401: R[401],
      403: R[403],
    },
  }),
  migrationStatus: defineOperation({
    method: "get",
    path: "/api/migration/routes",
    operationId: "migrationStatus",
    tag: "migration",
    auth: "admin",
    summary: "The ledger with state, parity, per-variant traffic and legacy endpoint usage",
    responses: {
      200: { description: "Migration status", schema: migrationStatusSchema },
      401: R[401],
      403: R[403],
    },
  }),
  setRouteState: defineOperation({
    method: "patch",
    path: "/api/migration/routes/{id}",
    operationId: "setRouteState",
    tag: "migration",
    auth: "admin",
    summary: "Switch a route (ledger id or URL-encoded pattern) to legacy, canary with a percent, or spa",
    params: { id: routeRefParam },
    body: routeStateChangeSchema,
    responses: {
      200: { description: "The route's new state", schema: routeSchema },
      ...writeErrors,
      404: R[404],
    },
  }),
  rollbackRoute: defineOperation({
    method: "post",
    path: "/api/migration/routes/{id}/rollback",
    operationId: "rollbackRoute",
    tag: "migration",
    auth: "admin",
    summary: "Undo a route's last change",
    params: { id: routeRefParam },
    responses: {
      200: { description: "The route's state after rollback", schema: routeSchema },
      401: R[401],
      403: R[403],
      404: R[404],
    },
  }),
  routeHistory: defineOperation({
    method: "get",
    path: "/api/migration/history",
    operationId: "routeHistory",
    tag: "migration",
    auth: "admin",
    summary: "Every route change: who, when, from → to",
    query: historyQuerySchema,
    responses: {
      200: { description: "Changes, newest first", schema: routeChangeSchema, array: true },
      401: R[401],
      403: R[403],
      422: R[422],
    },
  }),
  latestParity: defineOperation({
    method: "get",
    path: "/api/migration/parity",
    operationId: "latestParity",
    tag: "migration",
    auth: "admin",
    summary: "The latest parity result per route",
    responses: {
      200: { description: "Per route pattern", schema: latestParitySchema },
      401: R[401],
      403: R[403],
    },
  }),
  saveParity: defineOperation({
    method: "post",
    path: "/api/migration/parity",
    operationId: "saveParity",
    tag: "migration",
    auth: "admin",
    summary: "Store a parity run (the CLI does this)",
    body: parityRunCreateSchema,
    responses: {
      201: { description: "Stored", schema: parityRunSchema },
      ...writeErrors,
      404: R[404],
    },
  }),
};
