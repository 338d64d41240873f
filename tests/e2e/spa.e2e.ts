import type { Browser, BrowserContext, Page, Request as PwRequest } from "playwright-core";
import { launchBrowser } from "@/lib/migration/parity";
import { adminToken } from "./setup/admin";

// What a visitor's browser makes the server do for one SPA page: a single document render,
// no API calls after hydration for data that came with the page, prefetches that end (a
// legacy route answers 204 at once; an SPA route stops at its loading boundary, without the
// product's data), nothing still open 6 s after `load`. Signed out and signed in. Then the
// anonymous page cache: shared between signed-out visitors, never stale after a write.

const base = () => process.env.E2E_URL!;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
});
afterAll(async () => {
  await browser?.close();
});

/** A browser context signed in through the SPA's own sign-in page, as a shopper does it. */
async function signedInContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base()}/signin?callbackUrl=/products`);
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("alice-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/products");
  await page.close();
  return context;
}

interface Seen {
  request: PwRequest;
  status?: number;
  contentType?: string;
  body?: string;
  failed?: string;
}

/** Loads `path` and watches every request the page makes until 6 s after `load`. */
async function visit(
  context: BrowserContext,
  path: string,
): Promise<{ page: Page; seen: Seen[]; open: string[] }> {
  const page = await context.newPage();
  const seen = new Map<PwRequest, Seen>();
  const pending = new Set<PwRequest>();
  const reads: Promise<void>[] = [];
  page.on("request", (r) => {
    pending.add(r);
    seen.set(r, { request: r });
  });
  page.on("requestfinished", (r) => {
    pending.delete(r);
    reads.push(
      (async () => {
        const res = await r.response();
        const entry = seen.get(r)!;
        entry.status = res?.status();
        entry.contentType = res?.headers()["content-type"];
        if (r.resourceType() === "fetch") entry.body = (await res?.text().catch(() => "")) ?? "";
      })(),
    );
  });
  page.on("requestfailed", (r) => {
    pending.delete(r);
    seen.get(r)!.failed = r.failure()?.errorText ?? "failed";
  });
  await page.goto(base() + path, { waitUntil: "load" });
  await page.waitForTimeout(6_000);
  const open = [...pending].map((r) => r.url());
  await Promise.all(reads);
  return { page, seen: [...seen.values()], open };
}

const pathOf = (r: PwRequest) => {
  const url = new URL(r.url());
  return url.pathname + url.search;
};
const isRsc = (s: Seen) => s.request.headers()["rsc"] === "1";

// A signed-out visitor's page comes complete; a signed-in visitor's comes from the shared
// render without their own data, which their browser then asks for: exactly these calls.
describe.each([
  ["signed out", () => browser.newContext(), []],
  ["signed in", signedInContext, ["/api/cart", "/api/session/user"]],
])("an SPA page in Chromium, %s", (_who, makeContext, ownData) => {
  let context: BrowserContext;
  let productId: number;
  beforeAll(async () => {
    context = await makeContext();
    const [p] = (await (await fetch(`${base()}/api/products?limit=1`)).json()) as { id: number }[];
    productId = p!.id;
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each([["/products?variant=spa"], ["/products/:id?variant=spa"]])(
    "%s: one document, no API call after hydration, prefetches that end without data",
    async (template) => {
      const path = template.replace(":id", String(productId));
      const { page, seen, open } = await visit(context, path);

      const documents = seen.filter((s) => s.request.resourceType() === "document");
      expect(documents.map((s) => pathOf(s.request))).toEqual([path]);
      expect(documents[0]!.status).toBe(200);
      // The page arrived with its data (SWR fallback): nothing of it is asked of the API again.
      const apiCalls = seen.filter((s) => new URL(s.request.url()).pathname.startsWith("/api/"));
      expect(apiCalls.map((s) => pathOf(s.request)).sort()).toEqual(ownData);
      // Every request ended; none still holds one of the browser's connections.
      expect(open).toEqual([]);
      // Prefetches: a legacy route answers 204 at once; an SPA route's answer carries no
      // product data (the prefetch stops at the route's loading boundary).
      const prefetches = seen.filter((s) => isRsc(s) && s.request.headers()["next-router-prefetch"]);
      expect(prefetches.length).toBeGreaterThan(0);
      for (const p of prefetches.filter((s) => !s.failed)) {
        expect([200, 204]).toContain(p.status);
        expect(p.body ?? "").not.toMatch(/"in_stock"/);
      }
      // Legacy routes for this visitor (the cart and orders pages are legacy by default).
      const cart = prefetches.find((s) => new URL(s.request.url()).pathname === "/cart" && !s.failed);
      expect(cart?.status).toBe(204);
      await page.close();
    },
  );

  it("navigates from the list to a product without a document load, and back to a legacy page with one", async () => {
    const page = await context.newPage();
    await page.goto(`${base()}/products?variant=spa`);
    const documents: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "document") documents.push(pathOf(r));
    });
    const first = page.locator('[data-parity="name"]').first();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.waitForURL(/\/products\/\d+/);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    // The detail route may be legacy for this visitor (canary): then the SPA's router gets a
    // 204 for its request and loads the page as one document; otherwise it stays in the SPA.
    expect(documents.length).toBeLessThanOrEqual(1);
    // The cart is legacy: the header link loads it as a full page, which shows the legacy cart.
    await page.getByRole("link", { name: /^Cart/ }).click();
    await page.waitForURL((u) => u.pathname === "/cart");
    await page.locator("body").waitFor();
    expect(documents.at(-1)).toBe("/cart");
    await page.close();
  });
});

describe("signing out from the SPA header", () => {
  it("ends the session (next-auth's CSRF round trip) and loads the products signed out", async () => {
    const context = await signedInContext();
    const page = await context.newPage();
    await page.goto(`${base()}/products?variant=spa`);
    await page.getByText("Signed in as").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/products");
    const me = await page.evaluate(async () => (await fetch("/api/users/me")).status);
    expect(me).toBe(401);
    await context.close();
  });
});

describe("the anonymous page cache", () => {
  it("serves signed-out visitors one render, and a product update on the very next request", async () => {
    const [product] = (await (await fetch(`${base()}/api/products?limit=1&ordering=-id`)).json()) as {
      id: number;
      name: string;
    }[];
    const url = `${base()}/products/${product!.id}?variant=spa`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    await first.text();
    const second = await fetch(url);
    expect(second.headers.get("x-cutover-cache")).toBe("hit");
    expect(await second.text()).toContain(product!.name);

    // A guest cart gets the other shared render (without anyone's header data); a bearer
    // token is never served from the cache.
    const withCart = await fetch(url, { headers: { cookie: "cutover_cart=anything" } });
    expect(withCart.headers.get("x-cutover-cache")).not.toBeNull();
    expect(await withCart.text()).not.toContain("Sign in</a>");
    const bearer = await fetch(url, { headers: { authorization: "Bearer not-a-token" } });
    expect(bearer.headers.get("x-cutover-cache")).toBeNull();
    await bearer.text();

    const renamed = `${product!.name} (renamed ${Date.now()})`;
    const patch = await fetch(`${base()}/api/products/${product!.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${await adminToken(base())}` },
      body: JSON.stringify({ name: renamed }),
    });
    expect(patch.status).toBe(200);
    const after = await fetch(url);
    expect(after.headers.get("x-cutover-cache")).toBe("miss");
    expect(await after.text()).toContain(renamed.replace(/&/g, "&amp;"));
    // Restore, for the suites that run after this one.
    await fetch(`${base()}/api/products/${product!.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${await adminToken(base())}` },
      body: JSON.stringify({ name: product!.name }),
    });
  });

  it("serves a signed-in visitor the shared render without anyone's data; their browser fills it in", async () => {
    const context = await signedInContext();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const url = `${base()}/products?variant=spa`;
    await (await fetch(url, { headers: { cookie } })).text();
    const res = await fetch(url, { headers: { cookie } });
    expect(res.headers.get("x-cutover-cache")).toBe("hit");
    const html = await res.text();
    expect(html).not.toContain("Alice Shopper");
    expect(html).not.toContain("Sign in</a>");
    const page = await context.newPage();
    await page.goto(url);
    await page.getByText("Signed in as").waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).innerText()).toContain("Alice Shopper");
    await context.close();
  });

  it("counts every page view once, per variant, at one point: exactly what was sent, no prefetches, no forgeries", async () => {
    const token = await adminToken(base());
    type Summary = { requests: number; errors: number };
    const counts = async () => {
      const status = (await (
        await fetch(`${base()}/api/migration/routes`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { routes: { id: string; metrics: { spa: Summary; legacy: Summary } | null }[] };
      const of = (id: string) => status.routes.find((r) => r.id === id)?.metrics;
      return {
        listSpa: of("product-list")?.spa.requests ?? 0,
        listLegacy: of("product-list")?.legacy.requests ?? 0,
        detailSpa: of("product-detail")?.spa.requests ?? 0,
        detailLegacy: of("product-detail")?.legacy.requests ?? 0,
      };
    };
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base()}${path}`, { headers, redirect: "manual" });
      await res.arrayBuffer();
      return res.status;
    };
    const before = await counts();
    // 3 SPA views of the list (rendered once, then from the shared page cache), 2 legacy.
    for (let i = 0; i < 3; i++) expect(await get(`/products?variant=spa&n=${i}`)).toBe(200);
    for (let i = 0; i < 2; i++) expect(await get(`/products?variant=legacy&n=${i}`)).toBe(200);
    // The detail: 1 SPA view of a product that does not exist (a 404 is a view too), 1 legacy.
    expect(await get("/products/99999999?variant=spa")).toBe(404);
    expect(await get("/products/1?variant=legacy")).toBe(200);
    // Not views: the SPA router's prefetches, and its request for a route that is legacy (204).
    await get("/products?variant=spa&p=1", { rsc: "1", "next-router-prefetch": "1" });
    expect(await get("/products/1?variant=legacy", { rsc: "1" })).toBe(204);
    // A path with a file extension never passes the router: headers a visitor sends count nothing.
    const forged = { "x-cutover-variant": "spa", "x-cutover-route": "product-list", "x-cutover-routed": "x" };
    await get("/products/1.json", forged);
    await new Promise((r) => setTimeout(r, 500)); // counted once each response has been sent
    const after = await counts();
    expect({
      listSpa: after.listSpa - before.listSpa,
      listLegacy: after.listLegacy - before.listLegacy,
      detailSpa: after.detailSpa - before.detailSpa,
      detailLegacy: after.detailLegacy - before.detailLegacy,
    }).toEqual({ listSpa: 3, listLegacy: 2, detailSpa: 1, detailLegacy: 1 });
  });

  it("refuses a visitor's claim to be the router's own render", async () => {
    const res = await fetch(`${base()}/products?variant=legacy`, {
      headers: { "x-cutover-render": "1", "x-cutover-render-kind": "personal" },
    });
    expect(res.headers.get("x-cutover-variant")).toBe("legacy");
    await res.text();
  });
});
