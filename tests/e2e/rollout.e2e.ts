import { adminToken } from "./setup/admin";
import { startServer, type RunningServer } from "./setup/server";

// Guarded rollouts on real production servers: two instances on one PostgreSQL + Redis when
// configured (one on the embedded database otherwise), evaluating every EVAL seconds. A
// healthy route walks its plan to 100% once parity passes (a failing run holds it), each step
// taken by exactly one instance; a route whose SPA variant fails (the FAULT_SPA_ROUTES drill
// makes it answer 500) is back on legacy within one evaluation interval.

const EVAL_SECONDS = 2;
let servers: RunningServer[] = [];
let token: string;

type Plan = {
  status: string;
  step: number;
  percent: number;
  last_decision: { verdict: string; reason: string } | null;
};
type Change = {
  actor: string;
  pattern: string;
  to: { state: string; percent: number };
  reason: string | null;
};

beforeAll(async () => {
  const shared = JSON.parse(process.env.E2E_SHARED_ENV!) as Record<string, string | undefined>;
  const env = { ...shared, ROLLOUT_EVAL_SECONDS: String(EVAL_SECONDS), FAULT_SPA_ROUTES: "product-detail" };
  servers.push(await startServer(3105, { ...env, NEXTAUTH_URL: "http://localhost:3105" }));
  // A second instance only where they can share a database and Redis.
  if (shared.DATABASE_URL && shared.REDIS_URL) {
    servers.push(await startServer(3106, { ...env, NEXTAUTH_URL: "http://localhost:3106" }));
  }
  token = await adminToken(servers[0]!.url);
}, 180_000);

afterAll(async () => {
  // The ledger's defaults again, for the suites that run after this one.
  if (servers[0]) {
    await call("PATCH", "/api/migration/routes/product-list", { state: "spa" });
    await call("PATCH", "/api/migration/routes/product-detail", { state: "canary", percent: 25 });
  }
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

let turn = 0;
/** Alternates between the instances, as a load balancer would. */
const server = () => servers[turn++ % servers.length]!;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server().url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
}

const plan = async (route: string) => (await call("GET", `/api/migration/routes/${route}/plan`)).body as Plan;
const parity = (pattern: string, ok: boolean) =>
  call("POST", "/api/migration/parity", {
    route: pattern,
    report: [
      { path: pattern, ok, fields: [{ field: "name", match: ok, legacy: ["A"], spa: [ok ? "A" : "B"] }] },
    ],
  });

/** Page views of both variants of a route, sent while `until` is false (at most `ms`). */
async function browse(path: string, until: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await Promise.all(
      ["spa", "legacy"].map(async (variant) => {
        const res = await fetch(`${server().url}${path}${path.includes("?") ? "&" : "?"}variant=${variant}`);
        await res.arrayBuffer();
      }),
    );
    if (await until()) return;
  }
}

async function automaticChanges(pattern: string): Promise<Change[]> {
  const history = (await call("GET", "/api/migration/history?limit=200")).body as Change[];
  return history.filter((c) => c.pattern === pattern && c.actor === "rollout").reverse();
}

it("walks a healthy route to 100% once parity passes, one instance acting per step", async () => {
  expect((await parity("/products", false)).status).toBe(201);
  // Both variants warmed up on every instance first; a step's window starts with the step.
  await browse("/products", async () => false, 3_000);
  const started = await call("PUT", "/api/migration/routes/product-list/plan", {
    steps: [50, 100],
    bake_seconds: 2,
  });
  expect(started.status).toBe(200);

  // Healthy and baked, but the latest parity run failed: held at 50%.
  await browse(
    "/products",
    async () => (await plan("product-list")).last_decision?.verdict === "blocked",
    30_000,
  );
  // On failure this shows the decision it reached instead, with its numbers.
  expect((await plan("product-list")).last_decision).toMatchObject({ verdict: "blocked" });
  expect(await plan("product-list")).toMatchObject({ status: "active", step: 0, percent: 50 });

  // Parity passes: the plan walks on to 100% and completes.
  expect((await parity("/products", true)).status).toBe(201);
  await browse("/products", async () => (await plan("product-list")).status === "done", 45_000);
  expect(await plan("product-list")).toMatchObject({ status: "done" });
  const state = (await call("GET", "/api/migration/state")).body as { id: string; state: string }[];
  expect(state.find((r) => r.id === "product-list")?.state).toBe("spa");

  // Exactly one automatic change for the one step taken, whichever instance took it.
  const changes = await automaticChanges("/products");
  expect(changes.map((c) => [c.to.state, c.to.percent])).toEqual([["spa", 100]]);
  expect(changes[0]!.reason).toMatch(/healthy for 2 s: advancing to 100%/);
}, 120_000);

it("sends a route whose SPA variant fails back to legacy within one evaluation interval", async () => {
  expect((await parity("/products/[id]", true)).status).toBe(201);
  await call("PUT", "/api/migration/routes/product-detail/plan", { steps: [10, 100], bake_seconds: 600 });
  // The SPA variant answers 500 (the drill); send enough views for a verdict.
  for (let i = 0; i < 25; i++) {
    const res = await fetch(`${server().url}/products/1?variant=spa&n=${i}`);
    expect(res.status).toBe(500);
    await res.arrayBuffer();
    await (await fetch(`${server().url}/products/1?variant=legacy&n=${i}`)).arrayBuffer();
  }
  const enough = Date.now();
  let aborted: Plan | null = null;
  while (Date.now() - enough < (EVAL_SECONDS + 3) * 1_000) {
    const p = await plan("product-detail");
    if (p.status === "aborted") {
      aborted = p;
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const took = Date.now() - enough;
  expect(aborted).toMatchObject({ status: "aborted", last_decision: { verdict: "abort" } });
  expect(aborted!.last_decision!.reason).toMatch(/SPA 5xx rate 100\.0% is over the ceiling/);
  expect(took).toBeLessThanOrEqual((EVAL_SECONDS + 1) * 1_000);
  const state = (await call("GET", "/api/migration/state")).body as { id: string; state: string }[];
  expect(state.find((r) => r.id === "product-detail")?.state).toBe("legacy");
  // Visitors are served legacy again.
  const res = await fetch(`${server().url}/products/1`);
  expect(res.headers.get("x-cutover-variant")).toBe("legacy");
  const changes = await automaticChanges("/products/[id]");
  expect(changes.map((c) => c.to.state)).toEqual(["legacy"]);
}, 60_000);
