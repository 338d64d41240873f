import { z } from "zod";
import { defineOperation, R, writeErrors } from "@/lib/validation/operation";
import { routeRefParam, routeSchema, variantSummarySchema } from "@/lib/validation/migration";

// Guarded rollouts: a plan of canary steps per route, evaluated on a schedule against the
// per-variant metrics and the latest parity run (lib/services/rollout.ts).

export const DEFAULT_STEPS = [5, 25, 50, 100];
export const DEFAULT_BAKE_SECONDS = 600;
const isoTime = () => z.string().meta({ format: "date-time" });

export const rolloutCreateSchema = z
  .object({
    steps: z
      .array(z.number({ error: "must be a whole number" }).int("must be a whole number").min(1).max(100))
      .min(1, "list at least one step")
      .max(20, "at most 20 steps")
      .refine((s) => s.every((p, i) => i === 0 || p > s[i - 1]!), "must increase")
      .refine((s) => s.at(-1) === 100, "must end at 100")
      .default(DEFAULT_STEPS),
    bake_seconds: z
      .number({ error: "must be a whole number of seconds" })
      .int("must be a whole number of seconds")
      .min(0)
      .max(7 * 86_400, "at most a week")
      .default(DEFAULT_BAKE_SECONDS),
  })
  .strict()
  .meta({ id: "RolloutCreate" });

export const ROLLOUT_STATUSES = ["active", "paused", "done", "aborted"] as const;
export const VERDICTS = ["wait", "bake", "advance", "done", "blocked", "abort"] as const;

export const decisionSchema = z
  .object({
    at: isoTime(),
    step: z.number().int(),
    percent: z.number().int(),
    verdict: z.enum(VERDICTS),
    reason: z.string(),
    spa: variantSummarySchema,
    legacy: variantSummarySchema,
    parity: z.object({ id: z.number().int(), ok: z.boolean(), created_at: isoTime() }).nullable(),
  })
  .meta({
    id: "RolloutDecision",
    description: "One evaluation: what it decided, why, and the numbers it saw (window = the step so far)",
  });
export type Decision = z.infer<typeof decisionSchema>;

export const evaluationSchema = decisionSchema
  .extend({ pattern: z.string() })
  .meta({ id: "RolloutEvaluation", description: "What one active plan decided" });

export const rolloutPlanSchema = z
  .object({
    id: z.string(),
    pattern: z.string(),
    steps: z.array(z.number().int()),
    bake_seconds: z.number().int(),
    step: z.number().int().meta({ description: "Index into steps of the step being baked" }),
    percent: z.number().int().meta({ description: "The current step's SPA percent" }),
    status: z.enum(ROLLOUT_STATUSES),
    step_started_at: isoTime(),
    bake_remaining_seconds: z.number().int(),
    created_by: z.string(),
    last_decision: decisionSchema.nullable(),
    thresholds: z.object({
      minRequests: z.number().int(),
      maxErrorRate: z.number(),
      maxErrorRateRatio: z.number(),
      maxP95Ratio: z.number(),
      requireParity: z.boolean(),
    }),
  })
  .meta({ id: "RolloutPlan" });
export type RolloutPlanJson = z.infer<typeof rolloutPlanSchema>;

export const rolloutOperations = {
  listRollouts: defineOperation({
    method: "get",
    path: "/api/migration/rollouts",
    operationId: "listRollouts",
    tag: "migration",
    auth: "admin",
    summary: "Every route's rollout plan (active, paused, done or aborted) with its last decision",
    responses: {
      200: { description: "Plans", schema: rolloutPlanSchema, array: true },
      401: R[401],
      403: R[403],
    },
  }),
  getRollout: defineOperation({
    method: "get",
    path: "/api/migration/routes/{id}/plan",
    operationId: "getRollout",
    tag: "migration",
    auth: "admin",
    summary: "A route's rollout plan, its current step and the last decision",
    params: { id: routeRefParam },
    responses: {
      200: { description: "The plan", schema: rolloutPlanSchema },
      401: R[401],
      403: R[403],
      404: R[404],
    },
  }),
  startRollout: defineOperation({
    method: "put",
    path: "/api/migration/routes/{id}/plan",
    operationId: "startRollout",
    tag: "migration",
    auth: "admin",
    summary:
      "Start a guarded rollout: canary steps (default 5, 25, 50, 100) with a bake time each; the route moves to the first step now",
    params: { id: routeRefParam },
    body: rolloutCreateSchema,
    responses: {
      200: { description: "The plan, at its first step", schema: rolloutPlanSchema },
      ...writeErrors,
      404: R[404],
    },
  }),
  pauseRollout: defineOperation({
    method: "post",
    path: "/api/migration/routes/{id}/plan/pause",
    operationId: "pauseRollout",
    tag: "migration",
    auth: "admin",
    summary: "Hold the rollout at its current step (the route keeps its split)",
    params: { id: routeRefParam },
    responses: {
      200: { description: "The paused plan", schema: rolloutPlanSchema },
      401: R[401],
      403: R[403],
      404: R[404],
      409: R[409],
    },
  }),
  resumeRollout: defineOperation({
    method: "post",
    path: "/api/migration/routes/{id}/plan/resume",
    operationId: "resumeRollout",
    tag: "migration",
    auth: "admin",
    summary: "Resume a paused rollout; the current step bakes afresh",
    params: { id: routeRefParam },
    responses: {
      200: { description: "The active plan", schema: rolloutPlanSchema },
      401: R[401],
      403: R[403],
      404: R[404],
      409: R[409],
    },
  }),
  abortRoute: defineOperation({
    method: "post",
    path: "/api/migration/routes/{id}/abort",
    operationId: "abortRoute",
    tag: "migration",
    auth: "admin",
    summary:
      "Everyone back to legacy now, and the route's rollout (if any) aborted; unlike rollback, not an undo",
    params: { id: routeRefParam },
    responses: {
      200: { description: "The route, on legacy", schema: routeSchema },
      401: R[401],
      403: R[403],
      404: R[404],
    },
  }),
  evaluateRollouts: defineOperation({
    method: "post",
    path: "/api/migration/rollouts/evaluate",
    operationId: "evaluateRollouts",
    tag: "migration",
    auth: "admin",
    summary: "Evaluate every active rollout now (the server also does this on a schedule)",
    responses: {
      200: { description: "What each active plan decided", schema: evaluationSchema, array: true },
      401: R[401],
      403: R[403],
    },
  }),
};
