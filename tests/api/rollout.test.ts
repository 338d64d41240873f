import { installCache } from "@/lib/cache";
import { memoryStore } from "@/lib/cache/store";
import { judge } from "@/lib/migration/rollout";
import { recordRequest } from "@/lib/services/metrics";
import { api } from "@/tests/helpers/app";
import { createUser, type TestUser } from "@/tests/helpers/fixtures";

// Guarded rollouts through the API on the real database: plans walk their steps while the
// SPA is healthy, abort to legacy when it is not, wait for traffic, and a failed parity run
// blocks promotion. Traffic is fed to the same per-variant counters the router's counting
// point writes (the e2e suite drives a real server).

let admin: TestUser;
beforeAll(async () => {
  admin = await createUser("admin");
});
beforeEach(() => installCache(memoryStore()));

const call = (method: string, path: string, body?: unknown) =>
  api(method, path, { token: admin.token, body });
const plan = async (route: string) => (await call("GET", `/api/migration/routes/${route}/plan`)).json();
const state = async (route: string) => {
  const routes = (await (await call("GET", "/api/migration/state")).json()) as {
    id: string;
    state: string;
    percent: number;
  }[];
  const r = routes.find((x) => x.id === route)!;
  return r.state === "canary" ? `canary ${r.percent}` : r.state;
};
const traffic = async (
  pattern: string,
  variant: "spa" | "legacy",
  n: number,
  opts: { status?: number; ms?: number } = {},
) => {
  for (let i = 0; i < n; i++)
    await recordRequest(pattern, variant, opts.status ?? 200, opts.ms ?? 40 + (i % 10));
};
const parity = (route: string, ok: boolean) =>
  call("POST", "/api/migration/parity", {
    route,
    report: [
      { path: route, ok, fields: [{ field: "order-id", match: ok, legacy: ["1"], spa: [ok ? "1" : "2"] }] },
    ],
  });
const evaluate = async () => (await call("POST", "/api/migration/rollouts/evaluate")).json();

describe("a guarded rollout", () => {
  it("walks a healthy route through its steps to 100%, recording each automatic change with its numbers", async () => {
    expect((await parity("/orders", true)).status).toBe(201);
    const started = await call("PUT", "/api/migration/routes/orders/plan", {
      steps: [10, 50, 100],
      bake_seconds: 0,
    });
    expect(started.status).toBe(200);
    expect(await started.json()).toMatchObject({ id: "orders", step: 0, percent: 10, status: "active" });
    expect(await state("orders")).toBe("canary 10");

    await traffic("/orders", "spa", 25);
    await traffic("/orders", "legacy", 25);
    const [first] = await evaluate();
    expect(first).toMatchObject({ pattern: "/orders", verdict: "advance", step: 0, spa: { requests: 25 } });
    expect(await state("orders")).toBe("canary 50");
    // Each step is judged on its own views: the earlier ones are not in its window.
    const [idle] = await evaluate();
    expect(idle).toMatchObject({ verdict: "wait", spa: { requests: 0 } });
    await traffic("/orders", "spa", 20);
    await evaluate();
    expect(await state("orders")).toBe("spa");
    expect(await plan("orders")).toMatchObject({ step: 2, percent: 100, status: "active" });
    await traffic("/orders", "spa", 20);
    const [last] = await evaluate();
    expect(last.verdict).toBe("done");
    expect(await plan("orders")).toMatchObject({ status: "done", last_decision: { verdict: "done" } });
    expect(await evaluate()).toEqual([]); // nothing active any more

    const history = (await (await call("GET", "/api/migration/history?limit=3")).json()) as {
      actor: string;
      to: { state: string; percent: number };
      reason: string;
      analysis: { spa: { requests: number }; legacy: { requests: number }; parity: { ok: boolean } };
    }[];
    expect(history.map((h) => [h.actor, h.to.state, h.to.percent])).toEqual([
      ["rollout", "spa", 100],
      ["rollout", "canary", 50],
      [admin.email, "canary", 10],
    ]);
    expect(history[0]!.reason).toMatch(/healthy .* advancing to 100%/);
    // The last step's own numbers: its 20 SPA views, none of the earlier steps'.
    expect(history[0]!.analysis).toMatchObject({
      spa: { requests: 20 },
      legacy: { requests: 0 },
      parity: { ok: true },
    });
  });

  it("aborts to legacy at once when the SPA's 5xx rate is over the ceiling", async () => {
    await parity("/cart", true);
    await call("PUT", "/api/migration/routes/cart/plan", { steps: [25, 100], bake_seconds: 3600 });
    expect(await state("cart")).toBe("canary 25");
    await traffic("/cart", "spa", 15);
    await traffic("/cart", "spa", 10, { status: 500 });
    await traffic("/cart", "legacy", 30);
    const [decision] = await evaluate();
    expect(decision).toMatchObject({ verdict: "abort", spa: { requests: 25, errors: 10 } });
    expect(decision.reason).toMatch(/SPA 5xx rate 40\.0% is over the ceiling 5\.0%/);
    expect(await state("cart")).toBe("legacy");
    expect(await plan("cart")).toMatchObject({ status: "aborted" });
    const [change] = await (await call("GET", "/api/migration/history?limit=1")).json();
    expect(change).toMatchObject({
      actor: "rollout",
      to: { state: "legacy" },
      analysis: { verdict: "abort" },
    });
  });

  it("waits for enough SPA traffic before any verdict, then aborts on a p95 regression", async () => {
    await parity("/orders", true);
    await call("PUT", "/api/migration/routes/orders/plan", { steps: [50, 100], bake_seconds: 0 });
    await traffic("/orders", "spa", 5, { ms: 300 });
    await traffic("/orders", "legacy", 40, { ms: 100 });
    const [waiting] = await evaluate();
    expect(waiting).toMatchObject({
      verdict: "wait",
      reason: "waiting for traffic: 5 of 20 SPA views this step",
    });
    expect(await state("orders")).toBe("canary 50");
    await traffic("/orders", "spa", 20, { ms: 300 });
    const [slow] = await evaluate();
    expect(slow.verdict).toBe("abort");
    expect(slow.reason).toMatch(/SPA p95 .* ms is 2\.\d\d× legacy's .* \(limit 1\.5×\)/);
    expect(await state("orders")).toBe("legacy");
  });

  it("does not promote beyond the current step while the latest parity run fails", async () => {
    await parity("/products/[id]", false);
    await call("PUT", "/api/migration/routes/product-detail/plan", { steps: [5, 100], bake_seconds: 0 });
    await traffic("/products/[id]", "spa", 30);
    await traffic("/products/[id]", "legacy", 30);
    const [blocked] = await evaluate();
    expect(blocked.verdict).toBe("blocked");
    expect(blocked.reason).toMatch(/latest parity run \(#\d+\) failed: not promoting beyond 5%/);
    expect(await state("product-detail")).toBe("canary 5");
    await parity("/products/[id]", true);
    const [advanced] = await evaluate();
    expect(advanced.verdict).toBe("advance");
    expect(await state("product-detail")).toBe("spa");
  });

  it("acts once per step when evaluations run at the same time", async () => {
    await parity("/orders", true);
    await call("PUT", "/api/migration/routes/orders/plan", { steps: [10, 20, 30, 100], bake_seconds: 1 });
    await traffic("/orders", "spa", 30);
    await new Promise((r) => setTimeout(r, 1_100)); // step 1's bake is over; step 2's starts when it is taken
    await Promise.all([evaluate(), evaluate(), evaluate()]);
    const history = (await (await call("GET", "/api/migration/history?limit=5")).json()) as {
      actor: string;
    }[];
    const automatic = history.slice(
      0,
      history.findIndex((h) => h.actor !== "rollout"),
    );
    expect(automatic).toHaveLength(1);
    expect(await state("orders")).toBe("canary 20");
  });

  it("pauses when a person changes the route, resumes on request, and abort sends everyone to legacy", async () => {
    await call("PUT", "/api/migration/routes/orders/plan", { steps: [10, 100], bake_seconds: 600 });
    await call("PATCH", "/api/migration/routes/orders", { state: "canary", percent: 30 });
    expect(await plan("orders")).toMatchObject({ status: "paused" });
    expect((await call("POST", "/api/migration/routes/orders/plan/pause")).status).toBe(409);
    const resumed = await call("POST", "/api/migration/routes/orders/plan/resume");
    expect(await resumed.json()).toMatchObject({ status: "active", bake_remaining_seconds: 600 });
    const aborted = await call("POST", "/api/migration/routes/orders/abort");
    expect(await aborted.json()).toMatchObject({ id: "orders", state: "legacy" });
    expect(await plan("orders")).toMatchObject({ status: "aborted" });
  });

  it("refuses plans that do not make sense, naming the field", async () => {
    const bad = await call("PUT", "/api/migration/routes/orders/plan", { steps: [50, 25], bake_seconds: -1 });
    expect(bad.status).toBe(422);
    const fields = ((await bad.json()).errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["steps", "bake_seconds"]));
    // A byte order mark before the JSON is not dropped unseen (every field is optional here).
    const bom = await call("PUT", "/api/migration/routes/orders/plan", "\uFEFF{}");
    expect(bom.status).toBe(400);
    expect((await bom.json()).detail).toBe("The body is not valid JSON.");
  });
});

describe("judge", () => {
  const t = {
    minRequests: 20,
    maxErrorRate: 0.05,
    maxErrorRateRatio: 2,
    maxP95Ratio: 1.5,
    requireParity: true,
  };
  const v = (requests: number, errors: number, p95: number | null) => ({
    requests,
    errors,
    error_rate: requests ? errors / requests : 0,
    p50_ms: p95,
    p95_ms: p95,
    p99_ms: p95,
  });
  const plan = { step: 0, steps: [5, 100], bakeSeconds: 60, stepStartedAt: new Date(0) };
  const ok = { id: 1, ok: true, created_at: new Date(0).toISOString() };

  it("compares the SPA's 5xx rate with legacy's (plus a point of noise), not only the ceiling", () => {
    const numbers = { spa: v(100, 4, 50), legacy: v(100, 1, 50), parity: ok };
    expect(judge(plan, t, numbers, 120_000).verdict).toBe("abort"); // 4% > 2 × 1% + 1%
    expect(judge(plan, t, { ...numbers, spa: v(100, 2, 50) }, 120_000).verdict).toBe("advance");
  });

  it("bakes until the step's time is over", () => {
    const numbers = { spa: v(30, 0, 50), legacy: v(30, 0, 50), parity: ok };
    expect(judge(plan, t, numbers, 30_000)).toEqual({
      verdict: "bake",
      reason: "healthy; baking, 30 s left in this step",
    });
  });
});
