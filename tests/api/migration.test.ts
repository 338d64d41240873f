import { NextRequest } from "next/server";
import type { z } from "zod";
import { openApiDocument } from "@/lib/validation/openapi";
import {
  latestParitySchema,
  migrationOperations,
  migrationStatusSchema,
  parityRunSchema,
  routeChangeSchema,
  routeSchema,
} from "@/lib/validation/migration";
import { api, apiFetch } from "@/tests/helpers/app";
import { createUser, type TestUser } from "@/tests/helpers/fixtures";

let admin: TestUser;
beforeAll(async () => {
  admin = await createUser("admin");
});

const set = (route: string, body: unknown) =>
  api("PATCH", `/api/migration/routes/${encodeURIComponent(route)}`, { token: admin.token, body });

describe("route states at run time", () => {
  it("switches a route by id or pattern, records history, and rolls back", async () => {
    expect((await (await set("/products/[id]", { state: "canary", percent: 40 })).json()).percent).toBe(40);
    expect(await (await set("product-detail", { state: "spa" })).json()).toMatchObject({
      state: "spa",
      percent: 100,
      overridden: true,
      updatedBy: admin.email,
    });
    const history = await (await api("GET", "/api/migration/history", { token: admin.token })).json();
    expect(history.slice(0, 2)).toEqual([
      expect.objectContaining({
        pattern: "/products/[id]",
        from: { state: "canary", percent: 40 },
        to: { state: "spa", percent: 100 },
        actor: admin.email,
      }),
      expect.objectContaining({
        from: { state: "canary", percent: 25 },
        to: { state: "canary", percent: 40 },
      }),
    ]);
    const back = await (
      await api("POST", "/api/migration/routes/product-detail/rollback", { token: admin.token })
    ).json();
    expect(back).toMatchObject({ state: "canary", percent: 40 });
  });

  it("rolls back like an undo stack: twice undoes the last two changes", async () => {
    await set("orders", { state: "legacy" });
    await set("orders", { state: "canary", percent: 10 });
    await set("orders", { state: "spa" });
    const rollback = () => api("POST", "/api/migration/routes/orders/rollback", { token: admin.token });
    expect(await (await rollback()).json()).toMatchObject({ state: "canary", percent: 10 });
    expect(await (await rollback()).json()).toMatchObject({ state: "legacy" });
  });

  it("refuses a canary without a sensible percent and unknown routes", async () => {
    const bad = await set("cart", { state: "canary", percent: 100 });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0].field).toBe("percent");
    const unknown = await set("/nope", { state: "spa" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).detail).toMatch(/Known: product-list/);
  });

  it("shows state, parity and legacy endpoint usage in the status", async () => {
    await api("POST", "/api/migration/parity", {
      token: admin.token,
      body: {
        route: "cart",
        report: [
          {
            path: "/cart",
            ok: false,
            fields: [{ field: "cart-total", match: false, legacy: ["10.00"], spa: ["12.00"] }],
          },
        ],
      },
    });
    await api("POST", "/api/cart/add/", { body: { product_id: 999999 } }); // a counted legacy call (404)
    const status = await (await api("GET", "/api/migration/routes", { token: admin.token })).json();
    const cart = status.routes.find((r: { id: string }) => r.id === "cart");
    expect(cart.parity).toMatchObject({ ok: false, samples: 1 });
    expect(cart.parity.report[0].fields[0]).toMatchObject({ legacy: ["10.00"], spa: ["12.00"] });
    expect(status.legacy_endpoints).toEqual(
      expect.arrayContaining([expect.objectContaining({ endpoint: "POST /api/cart/add/" })]),
    );
  });

  it("offers a route's SPA fallback to the router only while its latest parity run passed", async () => {
    const run = (ok: boolean) =>
      api("POST", "/api/migration/parity", {
        token: admin.token,
        body: {
          route: "/cart",
          report: [
            { path: "/cart", ok, fields: [{ field: "cart-total", match: ok, legacy: ["1"], spa: ["1"] }] },
          ],
        },
      });
    const fallbackOf = async (id: string) => {
      const states = await (await api("GET", "/api/migration/state", { token: admin.token })).json();
      return states.find((s: { id: string }) => s.id === id).fallback;
    };
    await run(false);
    expect(await fallbackOf("cart")).toBeNull();
    await run(true);
    expect(await fallbackOf("cart")).toBe("spa");
    // The ledger allows it for the cart only: a passing run does not give other routes one.
    await api("POST", "/api/migration/parity", {
      token: admin.token,
      body: { route: "orders", report: [{ path: "/orders", ok: true, fields: [] }] },
    });
    expect(await fallbackOf("orders")).toBeNull();
    await run(false);
    expect(await fallbackOf("cart")).toBeNull();
  });
});

describe("the migration API's answers match their schemas", () => {
  /** The body, parsed by `schema`; equal to what was sent, so the schema names every field. */
  async function conforms<T>(res: Response, schema: z.ZodType<T>): Promise<T | undefined> {
    expect(res.ok).toBe(true);
    const body: unknown = await res.json();
    const parsed = schema.safeParse(body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(body);
    return parsed.data;
  }

  it("GET /api/migration/routes parses with migrationStatusSchema, and the document says so", async () => {
    const res = await api("GET", "/api/migration/routes", { token: admin.token });
    const status = await conforms(res, migrationStatusSchema);
    // The earlier tests left a parity run, history and traffic counters to describe.
    expect(status?.routes.find((r) => r.id === "cart")?.parity).toMatchObject({ ok: false });
    expect(status?.routes.every((r) => r.metrics !== null)).toBe(true);
    expect(status?.history.length).toBeGreaterThan(0);

    const doc = openApiDocument();
    const op = doc.paths["/api/migration/routes"]?.get as {
      responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
    };
    expect(op.responses["200"]?.content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/MigrationStatus",
    });
    expect(doc.components.schemas.MigrationStatus).toMatchObject({
      type: "object",
      required: ["routes", "origins", "legacy_endpoints", "history", "generated_at"],
    });
    for (const id of ["MigrationRoute", "ParityRun", "RouteMetrics", "LegacyUsage", "RouteChange"]) {
      expect(doc.components.schemas).toHaveProperty(id);
    }
  });

  it("every other migration answer parses with the schema its operation names", async () => {
    const token = admin.token;
    const ops = migrationOperations;
    expect(ops.routeHistory.responses[200].schema).toBe(routeChangeSchema);
    await conforms(await api("GET", "/api/migration/history", { token }), routeChangeSchema.array());
    await conforms(await api("GET", "/api/migration/state", { token }), routeSchema.array());
    await conforms(await api("GET", "/api/migration/parity", { token }), latestParitySchema);
    await conforms(await set("orders", { state: "spa" }), ops.setRouteState.responses[200].schema);
    await conforms(
      await api("POST", "/api/migration/routes/orders/rollback", { token }),
      ops.rollbackRoute.responses[200].schema,
    );
    const report = [{ path: "/orders", ok: true, fields: [] }];
    const saved = await api("POST", "/api/migration/parity", { token, body: { route: "orders", report } });
    expect(saved.status).toBe(201);
    expect(ops.saveParity.responses[201].schema).toBe(parityRunSchema);
    expect(await conforms(saved, parityRunSchema)).toMatchObject({
      pattern: "/orders",
      ok: true,
      samples: 1,
    });
  });
});

describe("proxy.ts", () => {
  const realFetch = global.fetch;
  beforeAll(() => {
    // The proxy reads run-time states from the app's own API; here that is the in-process router.
    global.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      apiFetch(input as string, init)) as typeof fetch;
  });
  afterAll(() => {
    global.fetch = realFetch;
  });

  async function visit(path: string, cookie?: string) {
    const { proxy } = await import("@/proxy");
    const res = await proxy(
      new NextRequest(new URL(path, "http://localhost:3000"), { headers: cookie ? { cookie } : {} }),
    );
    const rewrite = res.headers.get("x-middleware-rewrite");
    const setCookie = res.headers.get("set-cookie");
    return {
      variant: res.headers.get("x-cutover-variant"),
      rewrite: rewrite ? new URL(rewrite).pathname : null,
      cookie: setCookie ? setCookie.split(";")[0] : undefined,
    };
  }

  it("serves a legacy route through the built-in renderer, and an SPA route as the page", async () => {
    await set("cart", { state: "legacy" });
    await set("product-list", { state: "spa" });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await visit("/cart")).toMatchObject({ variant: "legacy", rewrite: "/legacy/cart" });
    expect(await visit("/products")).toMatchObject({ variant: "spa", rewrite: null });
    expect(await visit("/")).toMatchObject({ variant: "spa", rewrite: null });
    expect(await visit("/login")).toMatchObject({ variant: "legacy", rewrite: "/legacy/login" });
  });

  it("keeps a canary visitor on their variant via a signed cookie", async () => {
    await set("product-detail", { state: "canary", percent: 50 });
    await new Promise((r) => setTimeout(r, 1_100));
    const first = await visit("/products/1");
    expect(first.cookie).toMatch(/^cutover_bucket=\d+\.[0-9a-f]{32}$/);
    for (let i = 0; i < 5; i++) {
      const again = await visit(`/products/${i + 2}`, first.cookie);
      expect(again.variant).toBe(first.variant);
      expect(again.cookie).toBeUndefined();
    }
    expect((await visit("/products/1?variant=legacy", first.cookie)).variant).toBe("legacy");
    expect((await visit("/products/1?variant=spa", first.cookie)).variant).toBe("spa");
  });

  it("applies a change made through the API within 2 seconds, without a restart", async () => {
    await set("orders", { state: "legacy" });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await visit("/orders")).variant).toBe("legacy");
    const changedAt = Date.now();
    await set("orders", { state: "spa" });
    let variant = (await visit("/orders")).variant;
    while (variant !== "spa" && Date.now() - changedAt < 5_000) {
      await new Promise((r) => setTimeout(r, 100));
      variant = (await visit("/orders")).variant;
    }
    expect(variant).toBe("spa");
    expect(Date.now() - changedAt).toBeLessThan(2_000);
  });
});
