import "server-only";
import ledger from "@/migration.config";
import { getCache } from "@/lib/cache";
import type { Variant } from "@/lib/validation/ledger";
import type { RouteMetrics, SeriesPoint, VariantSummary } from "@/lib/validation/migration";
import { errorFields, log } from "@/lib/log";

// Per-route, per-variant request metrics in one-minute buckets kept for 24 hours (Redis when
// configured, so every instance adds to the same counters; in-process otherwise). Latency is
// a fixed histogram, so percentiles add up across instances and minutes.

/**
 * Latency buckets: upper bounds growing by 10% from 1 ms to a minute, so a percentile read
 * from them is at most 10% above the true value and a 20% regression always shows.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = (() => {
  const bounds: number[] = [];
  for (let b = 1; b < 60_000; b *= 1.1) bounds.push(b);
  bounds.push(60_000, Infinity);
  return bounds;
})();
const DAY_SECONDS = 24 * 60 * 60;

const minuteOf = (t: number) => Math.floor(t / 60_000);
// v2: the log-spaced buckets (v1's counted in 10 coarse ones).
const key = (pattern: string, variant: Variant, minute: number) =>
  `metrics:v2:${pattern}:${variant}:${minute}`;

/** The bucket a duration falls in (binary search over the bounds). */
export function latencyBucket(ms: number): number {
  let lo = 0;
  let hi = LATENCY_BOUNDS_MS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= LATENCY_BOUNDS_MS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export async function recordRequest(
  pattern: string,
  variant: Variant,
  status: number,
  ms: number,
): Promise<void> {
  try {
    const bucket = latencyBucket(ms);
    const fields: Record<string, number> = { count: 1, [`b${bucket}`]: 1 };
    if (status >= 500) fields.errors = 1;
    const store = await getCache();
    await store.hincr(key(pattern, variant, minuteOf(Date.now())), fields, DAY_SECONDS);
  } catch (error) {
    log.debug("could not record a metric", errorFields(error));
  }
}

function percentile(hist: number[], total: number, p: number): number | null {
  if (!total) return null;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i]!;
    if (seen >= total * p) {
      const bound = LATENCY_BOUNDS_MS[i]!;
      const ms = Number.isFinite(bound) ? bound : LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 2]!;
      return Math.round(ms * 10) / 10;
    }
  }
  return null;
}

export function summarise(hashes: Record<string, number>[]): VariantSummary & { hist: number[] } {
  const hist = LATENCY_BOUNDS_MS.map(() => 0);
  let requests = 0;
  let errors = 0;
  for (const h of hashes) {
    requests += h.count ?? 0;
    errors += h.errors ?? 0;
    for (const [field, n] of Object.entries(h)) {
      if (field.startsWith("b")) hist[Number(field.slice(1))]! += n;
    }
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

/** Raw counters of both variants of a route (count, errors, latency buckets). */
export type RawCounts = Record<Variant, Record<string, number>>;

/**
 * The counters of the minute `t` falls in, as they stand now: taken when a rollout step starts,
 * so the step's window can leave out what that minute counted before it.
 */
export async function countsAt(pattern: string, t: number): Promise<RawCounts> {
  const store = await getCache();
  const [legacy = {}, spa = {}] = await store.hgetallMany([
    key(pattern, "legacy", minuteOf(t)),
    key(pattern, "spa", minuteOf(t)),
  ]);
  return { legacy, spa };
}

const negate = (h: Record<string, number>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, -v]));

/**
 * Both variants of a route from `from` to `to` (epoch ms): the minutes they span, less
 * `baseline` (countsAt(from), taken at `from`) so nothing counted before `from` is in it.
 */
export async function windowSummary(
  pattern: string,
  from: number,
  to: number,
  baseline?: RawCounts | null,
): Promise<Record<Variant, VariantSummary>> {
  const store = await getCache();
  const minutes: number[] = [];
  for (let m = minuteOf(from); m <= minuteOf(to); m++) minutes.push(m);
  const out = {} as Record<Variant, VariantSummary>;
  for (const variant of ["legacy", "spa"] as const) {
    const hashes = await store.hgetallMany(minutes.map((m) => key(pattern, variant, m)));
    if (baseline) hashes.push(negate(baseline[variant]));
    const { hist: _hist, ...summary } = summarise(hashes);
    void _hist;
    out[variant] = summary;
  }
  return out;
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

/** What the HTTP server knows about a finished response (see installPageMetrics). */
export interface FinishedResponse {
  method: string;
  /** Request headers as Node has them (lower-case names). */
  requestHeaders: Record<string, string | string[] | undefined>;
  /** The X-Cutover-Route and X-Cutover-Variant the router put on the response. */
  routeId: unknown;
  variant: unknown;
  status: number;
  ms: number;
}

/**
 * Counts a page response of a ledger route once, for the variant that served it, with its
 * final status and duration: the SPA (rendered or from the page cache), the built-in legacy
 * renderer or an external legacy origin alike. Only the router sets X-Cutover-Route, and only
 * on responses to visitors (not on the page cache's own renders), and response headers are
 * not something a visitor can send. Prefetches and the router's answers to the SPA's
 * requests for legacy routes (RSC, 204) are not page views.
 */
export function countPageResponse(r: FinishedResponse): Promise<void> | undefined {
  if (typeof r.routeId !== "string" || (r.variant !== "legacy" && r.variant !== "spa")) return;
  const entry = ledger.find((e) => e.id === r.routeId);
  if (!entry || r.method === "OPTIONS") return;
  const h = r.requestHeaders;
  if (
    h["next-router-prefetch"] !== undefined ||
    h.purpose === "prefetch" ||
    h["sec-purpose"]?.includes("prefetch")
  ) {
    return;
  }
  if (r.variant === "legacy" && h.rsc === "1") return;
  return recordRequest(entry.pattern, r.variant, r.status, r.ms);
}

let pageMetricsInstalled = false;

/**
 * Counts every page response of this process's HTTP server at one point, when it has been
 * sent (Node's http.server.response.finish channel; the start time from request.start).
 */
export async function installPageMetrics(): Promise<void> {
  if (pageMetricsInstalled) return;
  pageMetricsInstalled = true;
  const { subscribe } = await import("node:diagnostics_channel");
  const started = new WeakMap<object, number>();
  subscribe("http.server.request.start", (message) => {
    started.set((message as { request: object }).request, performance.now());
  });
  subscribe("http.server.response.finish", (message) => {
    const { request, response } = message as {
      request: { method?: string; headers: FinishedResponse["requestHeaders"] };
      response: { statusCode: number; getHeader(name: string): unknown };
    };
    const routeId = response.getHeader("x-cutover-route");
    if (routeId === undefined) return;
    const began = started.get(request);
    void countPageResponse({
      method: request.method ?? "GET",
      requestHeaders: request.headers,
      routeId,
      variant: response.getHeader("x-cutover-variant"),
      status: response.statusCode,
      ms: began === undefined ? 0 : performance.now() - began,
    });
  });
}
