import "server-only";
import { db, Prisma } from "@/lib/db";
import { withLease } from "@/lib/db/lease";
import { env } from "@/lib/env";
import { conflict, notFound } from "@/lib/errors";
import { errorFields, log } from "@/lib/log";
import { announceRouteChange } from "@/lib/migration/state-cache";
import { countsAt, windowSummary, type RawCounts } from "@/lib/services/metrics";
import { findEntry, latestParityOf, setRouteState } from "@/lib/services/migration";
import type { LedgerEntry } from "@/lib/validation/ledger";
import type { RouteState } from "@/lib/validation/migration";
import type { Decision, RolloutPlanJson } from "@/lib/validation/rollout";

// Guarded rollouts. A plan walks a route through canary steps (5 → 25 → 50 → 100 %); every
// evaluation (on a schedule, one instance at a time) compares the SPA variant with legacy over
// the step so far — 5xx rate against a ceiling and against legacy's, p95 latency against
// legacy's — once the SPA has served enough views to say anything. A failing check sends the
// route back to legacy at once; a passing step advances when its bake time is over, if the
// latest parity run passed. Every automatic change is in the route history with its numbers.

export const ROLLOUT_ACTOR = "rollout";

type PlanRow = {
  pattern: string;
  steps: number[];
  bakeSeconds: number;
  step: number;
  status: "active" | "paused" | "done" | "aborted";
  stepStartedAt: Date;
  stepBaseline: unknown;
  createdBy: string;
  lastDecision: unknown;
};

function toJson(entry: LedgerEntry, row: PlanRow, now = Date.now()): RolloutPlanJson {
  const baked = (now - row.stepStartedAt.getTime()) / 1000;
  return {
    id: entry.id,
    pattern: row.pattern,
    steps: row.steps,
    bake_seconds: row.bakeSeconds,
    step: row.step,
    percent: row.steps[row.step] ?? 100,
    status: row.status,
    step_started_at: row.stepStartedAt.toISOString(),
    bake_remaining_seconds: row.status === "active" ? Math.max(0, Math.ceil(row.bakeSeconds - baked)) : 0,
    created_by: row.createdBy,
    last_decision: (row.lastDecision as Decision | null) ?? null,
    thresholds: entry.analysis,
  };
}

/** A step starting at `at`: its start time and the counters it must leave out of its window. */
async function stepStart(pattern: string, at = Date.now()) {
  // Without the counters (cache down), the window is the step's whole first minute.
  const baseline = await countsAt(pattern, at).catch(() => null);
  return {
    stepStartedAt: new Date(at),
    stepBaseline: (baseline ?? Prisma.DbNull) as Prisma.InputJsonValue | typeof Prisma.DbNull,
  };
}

/** The state a step puts the route in. */
const stepState = (percent: number) =>
  percent >= 100 ? ({ state: "spa" } as const) : ({ state: "canary", percent } as const);

export async function getRollout(ref: string): Promise<RolloutPlanJson> {
  const entry = findEntry(ref);
  const row = await (await db()).rolloutPlan.findUnique({ where: { pattern: entry.pattern } });
  if (!row) throw notFound(`${entry.id} has no rollout plan; start one with PUT (or cutover promote).`);
  return toJson(entry, row);
}

export async function listRollouts(): Promise<RolloutPlanJson[]> {
  const rows = await (await db()).rolloutPlan.findMany();
  return rows.flatMap((row) => {
    try {
      return [toJson(findEntry(row.pattern), row)];
    } catch {
      return []; // a route no longer in the ledger
    }
  });
}

/** Starts (or restarts) a route's rollout at its first step, now. */
export async function startRollout(
  ref: string,
  plan: { steps: number[]; bake_seconds: number },
  actor: string,
): Promise<RolloutPlanJson> {
  const entry = findEntry(ref);
  const prisma = await db();
  const data = {
    steps: plan.steps,
    bakeSeconds: plan.bake_seconds,
    step: 0,
    status: "active" as const,
    ...(await stepStart(entry.pattern)),
    createdBy: actor,
    lastDecision: Prisma.DbNull,
  };
  await prisma.rolloutPlan.upsert({
    where: { pattern: entry.pattern },
    update: data,
    create: { pattern: entry.pattern, ...data },
  });
  await setRouteState(ref, stepState(plan.steps[0]!), actor, {
    reason: `rollout started: step 1 of ${plan.steps.length} (${plan.steps.join(" → ")} %, bake ${plan.bake_seconds} s)`,
  });
  await announceRouteChange();
  return getRollout(ref);
}

async function setStatus(
  ref: string,
  from: PlanRow["status"][],
  to: PlanRow["status"],
  restartBake: boolean,
): Promise<RolloutPlanJson> {
  const entry = findEntry(ref);
  const prisma = await db();
  const { count } = await prisma.rolloutPlan.updateMany({
    where: { pattern: entry.pattern, status: { in: from } },
    data: { status: to, ...(restartBake ? await stepStart(entry.pattern) : {}) },
  });
  if (!count) {
    const plan = await getRollout(ref); // 404 without a plan
    throw conflict(
      `${entry.id}'s rollout is ${plan.status}; only a ${from.join(" or ")} one can be ${to === "paused" ? "paused" : "resumed"}.`,
    );
  }
  return getRollout(ref);
}

/** Holds the rollout at its current step; the route keeps its split. */
export const pauseRollout = (ref: string) => setStatus(ref, ["active"], "paused", false);

/** Resumes a paused rollout; the current step bakes afresh (its window starts now). */
export const resumeRollout = (ref: string) => setStatus(ref, ["paused"], "active", true);

/** Pauses the route's rollout if it is active (a person changed the route by hand). */
export async function pauseActiveRollout(ref: string): Promise<void> {
  const entry = findEntry(ref);
  await (
    await db()
  ).rolloutPlan.updateMany({
    where: { pattern: entry.pattern, status: "active" },
    data: { status: "paused" },
  });
}

/** Everyone back to legacy now, and the rollout (if any) aborted. */
export async function abortRoute(
  ref: string,
  actor: string,
  why: { reason: string; analysis?: unknown } = { reason: "aborted by hand" },
): Promise<RouteState> {
  const entry = findEntry(ref);
  const prisma = await db();
  await prisma.rolloutPlan.updateMany({
    where: { pattern: entry.pattern, status: { in: ["active", "paused"] } },
    data: { status: "aborted" },
  });
  const route = await setRouteState(ref, { state: "legacy" }, actor, why);
  await announceRouteChange();
  return route;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The verdict on one plan from the numbers; pure, so each rule is easy to test. */
export function judge(
  plan: { step: number; steps: number[]; bakeSeconds: number; stepStartedAt: Date },
  thresholds: LedgerEntry["analysis"],
  numbers: Pick<Decision, "spa" | "legacy" | "parity">,
  now: number,
): Pick<Decision, "verdict" | "reason"> {
  const { spa, legacy, parity } = numbers;
  const t = thresholds;
  if (spa.requests < t.minRequests) {
    return {
      verdict: "wait",
      reason: `waiting for traffic: ${spa.requests} of ${t.minRequests} SPA views this step`,
    };
  }
  if (spa.error_rate > t.maxErrorRate) {
    return {
      verdict: "abort",
      reason: `SPA 5xx rate ${pct(spa.error_rate)} is over the ceiling ${pct(t.maxErrorRate)}`,
    };
  }
  const legacyMeasured = legacy.requests >= t.minRequests;
  if (legacyMeasured && spa.error_rate > legacy.error_rate * t.maxErrorRateRatio + 0.01) {
    return {
      verdict: "abort",
      reason: `SPA 5xx rate ${pct(spa.error_rate)} vs legacy ${pct(legacy.error_rate)}: over ${t.maxErrorRateRatio}× legacy's`,
    };
  }
  if (legacyMeasured && spa.p95_ms !== null && legacy.p95_ms) {
    const ratio = spa.p95_ms / legacy.p95_ms;
    if (ratio > t.maxP95Ratio) {
      return {
        verdict: "abort",
        reason: `SPA p95 ${spa.p95_ms} ms is ${ratio.toFixed(2)}× legacy's ${legacy.p95_ms} ms (limit ${t.maxP95Ratio}×)`,
      };
    }
  }
  const left = plan.bakeSeconds - (now - plan.stepStartedAt.getTime()) / 1000;
  if (left > 0) return { verdict: "bake", reason: `healthy; baking, ${Math.ceil(left)} s left in this step` };
  if (plan.step >= plan.steps.length - 1)
    return { verdict: "done", reason: "healthy at 100%: rollout complete" };
  if (t.requireParity && !parity?.ok) {
    return {
      verdict: "blocked",
      reason: parity
        ? `healthy, but the latest parity run (#${parity.id}) failed: not promoting beyond ${plan.steps[plan.step]}%`
        : `healthy, but parity was never run: not promoting beyond ${plan.steps[plan.step]}%`,
    };
  }
  return {
    verdict: "advance",
    reason: `healthy for ${plan.bakeSeconds} s: advancing to ${plan.steps[plan.step + 1]}%`,
  };
}

async function evaluatePlan(row: PlanRow, now: number): Promise<Decision & { pattern: string }> {
  const entry = findEntry(row.pattern);
  const window = await windowSummary(
    row.pattern,
    row.stepStartedAt.getTime(),
    now,
    row.stepBaseline as RawCounts | null,
  );
  const parityRun = await latestParityOf(row.pattern);
  const parity = parityRun ? { id: parityRun.id, ok: parityRun.ok, created_at: parityRun.created_at } : null;
  const { verdict, reason } = judge(row, entry.analysis, { ...window, parity }, now);
  const decision: Decision = {
    at: new Date(now).toISOString(),
    step: row.step,
    percent: row.steps[row.step] ?? 100,
    verdict,
    reason,
    ...window,
    parity,
  };
  const prisma = await db();
  // Every write below is conditional on the plan still being at this step and active: if
  // another instance (or a person) acted meanwhile, this evaluation changes nothing.
  const at = { pattern: row.pattern, step: row.step, status: "active" as const };
  const analysis = decision as unknown as Prisma.InputJsonValue;
  if (verdict === "abort") {
    const { count } = await prisma.rolloutPlan.updateMany({
      where: at,
      data: { status: "aborted", lastDecision: analysis },
    });
    if (count) {
      await setRouteState(entry.id, { state: "legacy" }, ROLLOUT_ACTOR, { reason, analysis: decision });
      await announceRouteChange();
      log.warn("rollout aborted", { route: entry.id, reason });
    }
  } else if (verdict === "advance" || verdict === "done") {
    const next = verdict === "advance" ? row.step + 1 : row.step;
    const { count } = await prisma.rolloutPlan.updateMany({
      where: at,
      data: {
        step: next,
        status: verdict === "done" ? "done" : "active",
        ...(await stepStart(row.pattern, now)),
        lastDecision: analysis,
      },
    });
    if (count && verdict === "advance") {
      await setRouteState(entry.id, stepState(row.steps[next]!), ROLLOUT_ACTOR, {
        reason,
        analysis: decision,
      });
      await announceRouteChange();
      log.info("rollout advanced", { route: entry.id, percent: row.steps[next], reason });
    }
  } else {
    await prisma.rolloutPlan.updateMany({ where: at, data: { lastDecision: analysis } });
  }
  return { pattern: row.pattern, ...decision };
}

/**
 * Evaluates every active plan once, on one instance at a time (a lease). Returns what each
 * decided, or null if another instance holds the lease right now.
 */
export async function evaluateRollouts(now = Date.now()): Promise<(Decision & { pattern: string })[] | null> {
  const result = await withLease("rollout", async () => {
    const prisma = await db();
    const plans = await prisma.rolloutPlan.findMany({ where: { status: "active" } });
    const decisions: (Decision & { pattern: string })[] = [];
    for (const plan of plans) {
      try {
        decisions.push(await evaluatePlan(plan, now));
      } catch (error) {
        log.warn("rollout evaluation failed", { pattern: plan.pattern, ...errorFields(error) });
      }
    }
    return decisions;
  });
  return result.ran ? result.value : null;
}

let timer: NodeJS.Timeout | null = null;

/** Evaluates the rollouts every ROLLOUT_EVAL_SECONDS in this process (the server starts it). */
export function scheduleRolloutEvaluation(): void {
  if (timer) return;
  timer = setInterval(() => {
    evaluateRollouts().catch((error) => log.warn("rollout evaluation failed", errorFields(error)));
  }, env().ROLLOUT_EVAL_SECONDS * 1_000);
  timer.unref();
}
