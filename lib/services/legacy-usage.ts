import "server-only";
import { db } from "@/lib/db";
import { errorFields, log } from "@/lib/log";
import type { LegacyUsage } from "@/lib/validation/migration";

const today = () => new Date(new Date().toISOString().slice(0, 10));

/** Counts one call to a deprecated legacy endpoint (per endpoint per UTC day, durable). */
export async function recordLegacyCall(endpoint: string): Promise<void> {
  try {
    const prisma = await db();
    const day = today();
    await prisma.legacyEndpointCall.upsert({
      where: { endpoint_day: { endpoint, day } },
      update: { count: { increment: 1 } },
      create: { endpoint, day, count: 1 },
    });
  } catch (error) {
    // Counting must never break the call it counts.
    log.warn("could not count a legacy endpoint call", { endpoint, ...errorFields(error) });
  }
}

/** Calls per endpoint over the last `days` days (today included), most used first. */
export async function legacyUsage(days = 7): Promise<LegacyUsage[]> {
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
