import { installCache } from "@/lib/cache";
import { memoryStore } from "@/lib/cache/store";
import {
  countPageResponse,
  LATENCY_BOUNDS_MS,
  latencyBucket,
  recordRequest,
  routeMetrics,
} from "@/lib/services/metrics";

// The latency histogram is fine enough for canary analysis: percentiles within 10%, so a 20%
// regression always shows; and only the router's page views count.

beforeEach(() => installCache(memoryStore()));

describe("latency histogram", () => {
  it("has buckets at most 10% wide from 1 ms to a minute", () => {
    for (let i = 1; i < LATENCY_BOUNDS_MS.length - 1; i++) {
      expect(LATENCY_BOUNDS_MS[i]! / LATENCY_BOUNDS_MS[i - 1]!).toBeLessThanOrEqual(1.1 + 1e-9);
    }
    expect(latencyBucket(0)).toBe(0);
    expect(LATENCY_BOUNDS_MS[latencyBucket(123.4)]!).toBeGreaterThanOrEqual(123.4);
    expect(LATENCY_BOUNDS_MS[latencyBucket(123.4) - 1]!).toBeLessThan(123.4);
    expect(latencyBucket(10 * 60_000)).toBe(LATENCY_BOUNDS_MS.length - 1);
  });

  it("reads p95 within 10% of the truth, so a 20% slower variant shows as slower", async () => {
    // Legacy: 1,000 requests spread over 40–120 ms; SPA: the same, 20% slower.
    for (let i = 0; i < 1_000; i++) {
      const ms = 40 + (80 * i) / 1_000;
      await recordRequest("/products", "legacy", 200, ms);
      await recordRequest("/products", "spa", 200, ms * 1.2);
    }
    const [m] = await routeMetrics(["/products"]);
    const truth = 40 + 80 * 0.95;
    expect(m!.legacy.p95_ms! / truth).toBeGreaterThanOrEqual(1);
    expect(m!.legacy.p95_ms! / truth).toBeLessThanOrEqual(1.1);
    expect(m!.spa.p95_ms! / m!.legacy.p95_ms!).toBeGreaterThan(1.1);
    expect(m!.spa.requests).toBe(1_000);
  });
});

describe("countPageResponse", () => {
  const base = {
    method: "GET",
    requestHeaders: {},
    routeId: "product-list",
    variant: "spa",
    status: 200,
    ms: 12,
  };
  const spaRequests = async () => (await routeMetrics(["/products"]))[0]!.spa;

  it("counts a page view with its status; 5xx as errors", async () => {
    await countPageResponse(base);
    await countPageResponse({ ...base, status: 404 });
    await countPageResponse({ ...base, status: 503 });
    expect(await spaRequests()).toMatchObject({ requests: 3, errors: 1 });
  });

  it("does not count prefetches, legacy RSC answers, unknown routes or missing router headers", async () => {
    await countPageResponse({ ...base, requestHeaders: { "next-router-prefetch": "1", rsc: "1" } });
    await countPageResponse({ ...base, requestHeaders: { purpose: "prefetch" } });
    await countPageResponse({ ...base, variant: "legacy", requestHeaders: { rsc: "1" } });
    await countPageResponse({ ...base, routeId: "nope" });
    await countPageResponse({ ...base, routeId: undefined });
    await countPageResponse({ ...base, variant: "beta" });
    const [m] = await routeMetrics(["/products"]);
    expect(m!.spa.requests + m!.legacy.requests).toBe(0);
  });

  it("counts an SPA client-side navigation (RSC without prefetch) as a view", async () => {
    await countPageResponse({ ...base, requestHeaders: { rsc: "1" } });
    expect((await spaRequests()).requests).toBe(1);
  });
});
