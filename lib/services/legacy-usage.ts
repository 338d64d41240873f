import "server-only";
import { db } from "@/lib/db";
import { errorFields, log } from "@/lib/log";
import type { LegacyUsage } from "@/lib/validation/migration";

const today = () => new Date(new Date().toISOString().slice(0, 10));

// Calls are counted in memory and added to their row about once a second: under load, one
// UPDATE per call would queue every call of an endpoint on the same row lock. A process that
// dies loses at most the last second's counts.
const FLUSH_MS = 1_000;
const pending = new Map<string, { endpoint: string; day: Date; count: number }>();
let flushTimer: NodeJS.Timeout | null = null;
let flushing: Promise<void> | null = null;

/** Counts one call to a deprecated legacy endpoint (per endpoint per UTC day). */
export function recordLegacyCall(endpoint: string): void {
  const day = today();
  const key = `${endpoint}|${day.toISOString()}`;
  const entry = pending.get(key) ?? { endpoint, day, count: 0 };
  entry.count++;
  pending.set(key, entry);
  flushTimer ??= setTimeout(() => {
    flushTimer = null;
    void flushLegacyCalls();
  }, FLUSH_MS).unref();
}

/** Writes the counts gathered so far (one upsert per endpoint and day); kept for later on failure. */
export function flushLegacyCalls(): Promise<void> {
  if (!pending.size) return flushing ?? Promise.resolve();
  flushing ??= (async () => {
    const batch = [...pending.values()];
    pending.clear();
    try {
      const prisma = await db();
      for (const [i, { endpoint, day, count }] of batch.entries()) {
        try {
          await prisma.legacyEndpointCall.upsert({
            where: { endpoint_day: { endpoint, day } },
            update: { count: { increment: count } },
            create: { endpoint, day, count },
          });
        } catch (error) {
          // Counting must never break the calls it counts; the counts wait for the next flush.
          for (const left of batch.slice(i)) {
            const key = `${left.endpoint}|${left.day.toISOString()}`;
            const entry = pending.get(key) ?? { ...left, count: 0 };
            entry.count += left.count;
            pending.set(key, entry);
          }
          log.warn("could not save legacy endpoint counts; retrying later", errorFields(error));
          flushTimer ??= setTimeout(() => {
            flushTimer = null;
            void flushLegacyCalls();
          }, FLUSH_MS * 5).unref();
          return;
        }
      }
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/** Calls per endpoint over the last `days` days (today included), most used first. */
export async function legacyUsage(days = 7): Promise<LegacyUsage[]> {
  await flushLegacyCalls();
  const prisma = await db();
  const since = new Date(today().getTime() - (days - 1) * 86_400_000);
  const rows = await prisma.legacyEndpointCall.findMany({
    where: { day: { gte: since } },
    orderBy: { day: "asc" },
  });
  const byEndpoint = new Map<string, LegacyUsage>();
  const todayKey = today().toISOString().slice(0, 10);
  for (const row of rows) {
    const day = row.day.toISOString().slice(0, 10);
    const entry = byEndpoint.get(row.endpoint) ?? {
      endpoint: row.endpoint,
      today: 0,
      last_7_days: 0,
      daily: [],
    };
    entry.daily.push({ day, count: row.count });
    entry.last_7_days += row.count;
    if (day === todayKey) entry.today += row.count;
    byEndpoint.set(row.endpoint, entry);
  }
  return [...byEndpoint.values()].sort((a, b) => b.last_7_days - a.last_7_days);
}
