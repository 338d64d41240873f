import "server-only";
import ledger from "@/migration.config";
import { db, type Prisma } from "@/lib/db";
import { notFound, unprocessable } from "@/lib/errors";
import { defaultState, validateState, type LedgerEntry } from "@/lib/validation/ledger";
import type {
  LatestParity,
  ParityRunJson,
  ParitySample,
  RouteChange,
  RouteState,
  RouteStateName,
} from "@/lib/validation/migration";

// Run-time overrides of the ledger, their history, and parity results. The ledger file holds
// the defaults; a row in route_states overrides one route until it is changed again.

export function ledgerEntries(): LedgerEntry[] {
  return ledger;
}

export function findEntry(ref: string): LedgerEntry {
  const entry = ledger.find((e) => e.id === ref || e.pattern === ref);
  if (!entry) {
    throw notFound(
      `No ledger route "${ref}". Known: ${ledger.map((e) => `${e.id} (${e.pattern})`).join(", ")}.`,
    );
  }
  return entry;
}

export async function routeStates(): Promise<RouteState[]> {
  const prisma = await db();
  const overrides = await prisma.routeState.findMany();
  const byPattern = new Map(overrides.map((o) => [o.pattern, o]));
  // A fallback to the SPA is live only while the route's latest parity run passed.
  const fallbackReady = new Set<string>();
  for (const e of ledger.filter((e) => e.fallback === "spa")) {
    const run = await prisma.parityRun.findFirst({
      where: { pattern: e.pattern },
      orderBy: { id: "desc" },
      select: { ok: true },
    });
    if (run?.ok) fallbackReady.add(e.pattern);
  }
  return ledger.map((e) => {
    const o = byPattern.get(e.pattern);
    const fallback = fallbackReady.has(e.pattern) ? ("spa" as const) : null;
    if (!o) return { ...defaultState(e), fallback };
    return {
      fallback,
      id: e.id,
      pattern: e.pattern,
      state: o.state,
      percent: o.percent,
      overridden: true,
      updatedBy: o.updatedBy,
      updatedAt: o.updatedAt.toISOString(),
    };
  });
}

const normalisePercent = (state: RouteStateName, percent: number | undefined, current: number) =>
  state === "legacy" ? 0 : state === "spa" ? 100 : (percent ?? current);

/** Changes a route's state and records who did it, from what, to what. */
export async function setRouteState(
  ref: string,
  change: { state: RouteStateName; percent?: number },
  actor: string,
  why?: { reason: string; analysis?: unknown },
): Promise<RouteState> {
  const entry = findEntry(ref);
  const current = (await routeStates()).find((r) => r.pattern === entry.pattern)!;
  const percent = normalisePercent(
    change.state,
    change.percent,
    current.state === "canary" ? current.percent : 25,
  );
  const problem = validateState(change.state, percent);
  if (problem) throw unprocessable(problem, [{ field: "percent", message: problem }]);
  const prisma = await db();
  await prisma.$transaction([
    prisma.routeState.upsert({
      where: { pattern: entry.pattern },
      update: { state: change.state, percent, updatedBy: actor },
      create: { pattern: entry.pattern, state: change.state, percent, updatedBy: actor },
    }),
    prisma.routeStateChange.create({
      data: {
        pattern: entry.pattern,
        fromState: current.state,
        fromPercent: current.percent,
        toState: change.state,
        toPercent: percent,
        actor,
        reason: why?.reason ?? null,
        analysis: (why?.analysis ?? undefined) as Prisma.InputJsonValue | undefined,
      },
    }),
  ]);
  return (await routeStates()).find((r) => r.pattern === entry.pattern)!;
}

const ROLLBACK_MARK = " (rollback)";

/**
 * Undoes the most recent change that has not been undone yet, like an undo stack: rolling
 * back twice undoes the last two changes rather than re-applying the one just undone.
 * Back to legacy when there is nothing left to undo.
 */
export async function rollbackRoute(ref: string, actor: string): Promise<RouteState> {
  const entry = findEntry(ref);
  const prisma = await db();
  const history = await prisma.routeStateChange.findMany({
    where: { pattern: entry.pattern },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  let undone = 0;
  let target: { state: RouteStateName; percent: number } = { state: "legacy", percent: 0 };
  for (const change of history) {
    if (change.actor.endsWith(ROLLBACK_MARK)) undone++;
    else if (undone > 0) undone--;
    else {
      target = { state: change.fromState, percent: change.fromPercent };
      break;
    }
  }
  return setRouteState(ref, target, `${actor}${ROLLBACK_MARK}`);
}

export async function routeHistory(limit = 50, pattern?: string): Promise<RouteChange[]> {
  const prisma = await db();
  const rows = await prisma.routeStateChange.findMany({
    where: pattern ? { pattern } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((r) => ({
    id: r.id,
    pattern: r.pattern,
    from: { state: r.fromState, percent: r.fromPercent },
    to: { state: r.toState, percent: r.toPercent },
    actor: r.actor,
    at: r.createdAt.toISOString(),
    reason: r.reason,
    analysis: r.analysis ?? null,
  }));
}

export async function saveParityRun(pattern: string, report: ParitySample[]): Promise<ParityRunJson> {
  const entry = findEntry(pattern);
  const prisma = await db();
  const row = await prisma.parityRun.create({
    data: {
      pattern: entry.pattern,
      ok: report.length > 0 && report.every((s) => s.ok),
      samples: report.length,
      report: report as unknown as Prisma.InputJsonValue,
    },
  });
  return toParityJson(row);
}

function toParityJson(row: {
  id: number;
  pattern: string;
  ok: boolean;
  samples: number;
  report: unknown;
  createdAt: Date;
}): ParityRunJson {
  return {
    id: row.id,
    pattern: row.pattern,
    ok: row.ok,
    samples: row.samples,
    report: row.report as ParitySample[],
    created_at: row.createdAt.toISOString(),
  };
}

/** The latest parity run of one route, or null if it was never checked. */
export async function latestParityOf(pattern: string): Promise<ParityRunJson | null> {
  const prisma = await db();
  const row = await prisma.parityRun.findFirst({ where: { pattern }, orderBy: { id: "desc" } });
  return row ? toParityJson(row) : null;
}

/** The latest parity run per ledger route. */
export async function latestParity(): Promise<LatestParity> {
  const prisma = await db();
  const out: LatestParity = {};
  for (const e of ledger) {
    const row = await prisma.parityRun.findFirst({ where: { pattern: e.pattern }, orderBy: { id: "desc" } });
    out[e.pattern] = row ? toParityJson(row) : null;
  }
  return out;
}
