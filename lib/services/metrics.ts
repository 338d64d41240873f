import "server-only";
import ledger from "@/migration.config";
import { getCache } from "@/lib/cache";
import { matchRoute, type Variant } from "@/lib/validation/ledger";
import type { RouteMetrics, SeriesPoint, VariantSummary } from "@/lib/validation/migration";
import { errorFields, log } from "@/lib/log";

// Per-route, per-variant request metrics in one-minute buckets kept for 24 hours (Redis when
// configured, so every instance adds to the same counters; in-process otherwise). Latency is
// a fixed histogram, so percentiles add up across instances and minutes.

export const LATENCY_BOUNDS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, Infinity] as const;
const DAY_SECONDS = 24 * 60 * 60;

const minuteOf = (t: number) => Math.floor(t / 60_000);
const key = (pattern: string, variant: Variant, minute: number) => `metrics:${pattern}:${variant}:${minute}`;

export async function recordRequest(
  pattern: string,
  variant: Variant,
  status: number,
  ms: number,
): Promise<void> {
  try {
    const bucket = LATENCY_BOUNDS_MS.findIndex((b) => ms <= b);
    const fields: Record<string, number> = { count: 1, [`b${bucket}`]: 1 };
    if (status >= 500) fields.errors = 1;
    const store = await getCache();
    await store.hincr(key(pattern, variant, minuteOf(Date.now())), fields, DAY_SECONDS);
  } catch (error) {
    log.debug("could not record a metric", errorFields(error));
  }
}

/** Times `work` and records it against the route and variant; a thrown error counts as a 500. */
export async function measured<T>(
  pattern: string,
  variant: Variant,
  work: () => Promise<T>,
  statusOf?: (r: T) => number,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    await recordRequest(pattern, variant, statusOf?.(result) ?? 200, performance.now() - started);
    return result;
  } catch (error) {
    await recordRequest(pattern, variant, 500, performance.now() - started);
    throw error;
  }
}

function percentile(hist: number[], total: number, p: number): number | null {
  if (!total) return null;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i]!;
    if (seen >= total * p) {
      const bound = LATENCY_BOUNDS_MS[i]!;
      return Number.isFinite(bound) ? bound : LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 2]!;
    }
  }
  return null;
}

function summarise(hashes: Record<string, number>[]): VariantSummary & { hist: number[] } {
  const hist = LATENCY_BOUNDS_MS.map(() => 0);
  let requests = 0;
  let errors = 0;
  for (const h of hashes) {
    requests += h.count ?? 0;
    errors += h.errors ?? 0;
    LATENCY_BOUNDS_MS.forEach((_, i) => (hist[i]! += h[`b${i}`] ?? 0));
  }
  return {
    requests,
    errors,
    error_rate: requests ? errors / requests : 0,
    p50_ms: percentile(hist, requests, 0.5),
    p95_ms: percentile(hist, requests, 0.95),
    p99_ms: percentile(hist, requests, 0.99),
    hist,
  };
}

export async function routeMetrics(patterns: string[], now = Date.now()): Promise<RouteMetrics[]> {
  const store = await getCache();
  const last = minuteOf(now);
  const minutes = Array.from({ length: 24 * 60 }, (_, i) => last - (24 * 60 - 1) + i);
  const out: RouteMetrics[] = [];
  for (const pattern of patterns) {
    const result = { pattern } as RouteMetrics;
    const series = { legacy: [] as SeriesPoint[], spa: [] as SeriesPoint[] };
    for (const variant of ["legacy", "spa"] as const) {
      const hashes = await store.hgetallMany(minutes.map((m) => key(pattern, variant, m)));
      const { hist: _hist, ...summary } = summarise(hashes);
      void _hist;
      result[variant] = summary;
      for (let i = 0; i < hashes.length; i += 30) {
        const chunk = summarise(hashes.slice(i, i + 30));
        series[variant].push({
          t: new Date(minutes[i]! * 60_000).toISOString(),
          requests: chunk.requests,
          errors: chunk.errors,
          p95_ms: chunk.p95_ms,
        });
      }
    }
    result.series = series;
    out.push(result);
  }
  return out;
}

/** The ledger route a page path stands for (/legacy/products/5 → /products/[id]), if any. */
function ledgerPattern(pathname: string): string | null {
  return matchRoute(ledger, pathname.replace(/^\/legacy(?=\/|$)/, "") || "/")?.entry.pattern ?? null;
}

/** Records a page response against its ledger route (pages outside the ledger are not tracked). */
export async function recordPage(
  pathname: string,
  variant: Variant,
  status: number,
  ms: number,
): Promise<void> {
  const pattern = ledgerPattern(pathname);
  if (pattern) await recordRequest(pattern, variant, status, ms);
}

/** A failed page render: adds to the route's errors without counting a second request. */
export async function recordPageError(pathname: string, variant: Variant): Promise<void> {
  const pattern = ledgerPattern(pathname);
  if (!pattern) return;
  try {
    const store = await getCache();
    await store.hincr(key(pattern, variant, minuteOf(Date.now())), { errors: 1 }, DAY_SECONDS);
  } catch (error) {
    log.debug("could not record a metric", errorFields(error));
  }
}
