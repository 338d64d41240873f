import "server-only";
import { getCache } from "@/lib/cache";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { latencyBucket, summarise } from "@/lib/services/metrics";
import type { OriginHealth } from "@/lib/validation/migration";

// How the old apps behind Cutover are doing, as every instance's forwards found them: counters
// per origin per minute (Redis when configured, so all instances add up), the time of the last
// failure, and a mark while a breaker is open. Read by the dashboard and `cutover status`.

const DAY_SECONDS = 24 * 60 * 60;
const minuteOf = (t: number) => Math.floor(t / 60_000);
const countsKey = (name: string, minute: number) => `origins:v1:${name}:${minute}`;
const openKey = (name: string) => `origins:open:${name}`;
const failureKey = (name: string) => `origins:last-failure:${name}`;

export type Outcome = "ok" | "error" | "timeout" | "unreachable";

/** One forward to an origin: answered ("ok", or "error" for a 5xx) or not, and how long it took. */
export async function recordForward(name: string, outcome: Outcome, ms: number): Promise<void> {
  try {
    const store = await getCache();
    // A failure's duration counts too: it is how long the visitor waited for nothing.
    const fields: Record<string, number> = { count: 1, [`b${latencyBucket(ms)}`]: 1 };
    if (outcome !== "ok") fields.errors = 1;
    await store.hincr(countsKey(name, minuteOf(Date.now())), fields, DAY_SECONDS);
    if (outcome !== "ok") {
      await store.set(
        failureKey(name),
        JSON.stringify({ kind: outcome, at: new Date().toISOString() }),
        DAY_SECONDS,
      );
    }
  } catch (error) {
    log.debug("could not record an origin forward", errorFields(error));
  }
}

/**
 * A breaker opened (for `ms`) or closed again on one instance. The mark is one key for all
 * instances: the dashboard shows "breaker open" while any instance's breaker last opened, and
 * an instance whose probe succeeds clears it for all (the others then show their forwards'
 * failures until their own breakers close).
 */
export async function recordBreaker(name: string, open: boolean, ms: number): Promise<void> {
  try {
    const store = await getCache();
    if (open) await store.set(openKey(name), new Date().toISOString(), Math.max(1, Math.ceil(ms / 1000)));
    else await store.del(openKey(name));
  } catch (error) {
    log.debug("could not record an origin breaker", errorFields(error));
  }
}

const failureSchema = (raw: string | null): OriginHealth["last_failure"] => {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as { kind?: unknown; at?: unknown };
    const kinds = ["timeout", "unreachable", "error"] as const;
    const kind = kinds.find((k) => k === value.kind);
    return kind && typeof value.at === "string" ? { kind, at: value.at } : null;
  } catch {
    return null;
  }
};

/** Every configured origin's health: status now, and the last 15 minutes' forwards. */
export async function originHealth(now = Date.now()): Promise<OriginHealth[]> {
  const store = await getCache();
  const last = minuteOf(now);
  const out: OriginHealth[] = [];
  for (const origin of env().origins) {
    const minutes = Array.from({ length: 15 }, (_, i) => last - 14 + i);
    const hashes = await store.hgetallMany(minutes.map((m) => countsKey(origin.name, m)));
    const window = summarise(hashes);
    const recent = summarise(hashes.slice(-2));
    const [open, failure] = await store.getMany([openKey(origin.name), failureKey(origin.name)]);
    const status: OriginHealth["status"] = open
      ? "open"
      : recent.requests === 0
        ? "idle"
        : recent.errors * 2 >= recent.requests
          ? "failing"
          : "up";
    const url = new URL(origin.url);
    out.push({
      name: origin.name,
      url: `${url.protocol}//${url.host}`,
      routes: origin.routes,
      api_prefixes: origin.apiPrefixes,
      status,
      requests: window.requests,
      failures: window.errors,
      p95_ms: window.p95_ms,
      last_failure: failureSchema(failure ?? null),
    });
  }
  return out;
}
