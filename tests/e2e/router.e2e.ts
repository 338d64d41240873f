import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { adminToken } from "./setup/admin";
import { startServer, type RunningServer } from "./setup/server";

const base = () => process.env.E2E_URL!;

async function setRoute(url: string, id: string, body: unknown) {
  const res = await fetch(`${url}/api/migration/routes/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${await adminToken(url)}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const variantOf = async (url: string, cookie?: string) =>
  (await fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" })).headers.get(
    "x-cutover-variant",
  );

describe("the strangler router on a running server", () => {
  it("keeps each shopper on their canary variant, and moves the split at run time", async () => {
    await setRoute(base(), "product-detail", { state: "canary", percent: 25 });
    await new Promise((r) => setTimeout(r, 2_100));
    const shoppers: { cookie: string; variant: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${base()}/products/1`);
      expect(res.status).toBe(200);
      const cookie = res.headers
        .getSetCookie()
        .find((c) => c.startsWith("cutover_bucket="))!
        .split(";")[0]!;
      shoppers.push({ cookie, variant: res.headers.get("x-cutover-variant")! });
    }
    expect(new Set(shoppers.map((s) => s.variant))).toEqual(new Set(["legacy", "spa"]));
    for (const s of shoppers.slice(0, 10))
      expect(await variantOf(`${base()}/products/2`, s.cookie)).toBe(s.variant);

    await setRoute(base(), "product-detail", { state: "spa" });
    await new Promise((r) => setTimeout(r, 2_100));
    for (const s of shoppers.slice(0, 10))
      expect(await variantOf(`${base()}/products/2`, s.cookie)).toBe("spa");
    await setRoute(base(), "product-detail", { state: "legacy" });
    await new Promise((r) => setTimeout(r, 2_100));
    for (const s of shoppers.slice(0, 10))
      expect(await variantOf(`${base()}/products/2`, s.cookie)).toBe("legacy");
  });

  it("renders both variants of a page with the same product and a real 404 for unknown ids", async () => {
    const legacy = await (await fetch(`${base()}/products/1?variant=legacy`)).text();
    const product = (await (await fetch(`${base()}/api/products/1`)).json()) as { name: string };
    expect(legacy).toContain(product.name);
    expect((await fetch(`${base()}/products/99999999?variant=legacy`)).status).toBe(404);
  });

  const b = process.env.E2E_URL_B;
  (b ? it : it.skip)(
    "applies a change made on one instance to another within 2 s (PostgreSQL + Redis)",
    async () => {
      await setRoute(base(), "orders", { state: "legacy" });
      await new Promise((r) => setTimeout(r, 2_100));
      expect(await variantOf(`${b}/orders`)).toBe("legacy");
      const changedAt = Date.now();
      await setRoute(base(), "orders", { state: "spa" });
      let seen = await variantOf(`${b}/orders`);
      while (seen !== "spa" && Date.now() - changedAt < 5_000) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await variantOf(`${b}/orders`);
      }
      expect(seen).toBe("spa");
      expect(Date.now() - changedAt).toBeLessThan(2_000);
      await setRoute(base(), "orders", { state: "legacy" });
    },
  );
});

describe("LEGACY_ORIGIN: an external monolith behind the router", () => {
  let monolith: Server;
  let app: RunningServer;
  const seen: { method: string; url: string; body: string; headers: IncomingMessage["headers"] }[] = [];

  beforeAll(async () => {
    monolith = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, body, headers: req.headers });
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "x-monolith": "yes" });
        res.end(`<h1>monolith ${req.method} ${req.url}</h1>`);
      });
    });
    await new Promise<void>((r) => monolith.listen(0, "127.0.0.1", r));
    const port = (monolith.address() as AddressInfo).port;
    const shared = JSON.parse(process.env.E2E_SHARED_ENV!) as Record<string, string | undefined>;
    // Its own embedded database: this instance only routes.
    app = await startServer(3102, {
      ...shared,
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      LEGACY_ORIGIN: `http://127.0.0.1:${port}`,
      // Its own header, beyond the base allow-list (lib/migration/gateway.ts).
      ORIGINS: JSON.stringify({ legacy: { url: `http://127.0.0.1:${port}`, headers: ["x-custom"] } }),
      NEXTAUTH_URL: "http://localhost:3102",
    });
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise((r) => monolith?.close(r));
  });

  it("reverse-proxies legacy routes with method and body, its allowed headers and X-Forwarded-* set by Cutover", async () => {
    const res = await fetch(`${app.url}/cart?x=1`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-custom": "kept",
        "x-forwarded-for": "203.0.113.9",
      },
      body: "product_id=5&quantity=2",
      redirect: "manual",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cutover-variant")).toBe("legacy");
    expect(res.headers.get("x-monolith")).toBe("yes");
    expect(await res.text()).toBe("<h1>monolith POST /cart?x=1</h1>");
    const req = seen.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/cart?x=1", body: "product_id=5&quantity=2" });
    expect(req.headers["x-custom"]).toBe("kept");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers["x-forwarded-host"]).toBe("localhost:3102");
    expect(req.headers["x-forwarded-proto"]).toBe("http");
    // The client address as Cutover knows it (no trusted proxy here), not what the visitor wrote.
    expect(req.headers["x-forwarded-for"]).toBe("127.0.0.1");
    // Nothing derived from the app's secret travels to an outside origin.
    expect(req.headers["x-cutover-routed"]).toBeUndefined();
    expect(req.headers["x-cutover-render"]).toBeUndefined();
    expect(req.headers["x-cutover-internal"]).toBeUndefined();
  });

  it("never sends API or SPA routes to the monolith", async () => {
    const before = seen.length;
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/products?variant=spa`)).headers.get("x-cutover-variant")).toBe("spa");
    expect(seen.length).toBe(before);
  });
});
