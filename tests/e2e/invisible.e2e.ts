import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { CHROMIUM_ARGS, compareChrome, launchBrowser, variantUrl } from "@/lib/migration/parity";

// An invisible cutover, as a shopper sees it in Chromium: the same header and footer on both
// shapes (pixel by pixel, desktop and phone), no console errors for a visitor who is not
// signed in, the first product on a phone's first screen with tap targets of 24 px or more,
// Back restored from the browser's back/forward cache, focus kept on Add to cart, and axe-core
// finding no violation on any shop or admin page.

const base = () => process.env.E2E_URL!;
let browser: Browser;
let productId: number;

beforeAll(async () => {
  browser = await launchBrowser(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
  const [p] = (await (await fetch(`${base()}/api/products?in_stock=true&limit=1`)).json()) as {
    id: number;
  }[];
  productId = p!.id;
});
afterAll(async () => {
  await browser?.close();
});

async function signedIn(email: string, password: string, viewport?: { width: number; height: number }) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto(`${base()}/signin?callbackUrl=/products`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/products");
  await page.close();
  return context;
}
const shopper = (viewport?: { width: number; height: number }) =>
  signedIn("alice@example.com", "alice-demo-password", viewport);

function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

describe("the same chrome on both shapes", () => {
  it("header and footer match pixel by pixel at 1280×800 and 390×844, signed out and signed in", async () => {
    const diffDir = path.join(process.cwd(), "test-results", "parity-diffs");
    const cases: [BrowserContext, string][] = [
      [await browser.newContext(), "/products"],
      [await browser.newContext(), `/products/${productId}`],
      [await shopper(), "/cart"],
      [await shopper(), "/orders"],
    ];
    for (const [context, page] of cases) {
      const results = await compareChrome(
        context,
        { path: page, legacy: variantUrl(base(), page, "legacy"), spa: variantUrl(base(), page, "spa") },
        { diffDir },
      );
      expect(results.map((r) => `${page} ${r.part} ${r.viewport}`)).toEqual(
        ["header 1280x800", "footer 1280x800", "header 390x844", "footer 390x844"].map((p) => `${page} ${p}`),
      );
      for (const r of results)
        expect({ page, ...r, ok: r.ok, diff_ratio: r.diff_ratio }).toMatchObject({ ok: true });
      await context.close();
    }
  }, 120_000);

  it("fails a route whose chrome differs (a restyled SPA header)", async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      if (!location.search.includes("variant=spa")) return;
      document.addEventListener("DOMContentLoaded", () => {
        const style = document.createElement("style");
        style.textContent = ".shop-header { background: #fde68a !important; }";
        document.head.append(style);
      });
    });
    const results = await compareChrome(
      context,
      {
        path: "/products",
        legacy: variantUrl(base(), "/products", "legacy"),
        spa: variantUrl(base(), "/products", "spa"),
      },
      { diffDir: path.join(process.cwd(), "test-results", "parity-diffs-negative") },
    );
    const header = results.filter((r) => r.part === "header");
    const footer = results.filter((r) => r.part === "footer");
    expect(header).toHaveLength(2); // both viewport sizes
    expect(footer).toHaveLength(2);
    expect(header.every((r) => !r.ok && r.diff_ratio > 0.5 && r.diff_image)).toBe(true);
    expect(footer.every((r) => r.ok)).toBe(true);
    await context.close();
  }, 60_000);
});

describe("a visitor who is not signed in", () => {
  it("sees no console error on any shop page of either shape, with or without a guest cart", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = consoleErrors(page);
    const pages = [
      "/",
      "/products",
      `/products/${productId}`,
      "/cart",
      "/orders",
      "/signin",
      "/signup",
      "/login",
    ];
    const visitAll = async () => {
      for (const p of pages) {
        for (const variant of ["legacy", "spa"]) {
          await page.goto(
            `${base()}${p}${p === "/" || p.startsWith("/sign") || p === "/login" ? "" : `?variant=${variant}`}`,
            {
              waitUntil: "networkidle",
            },
          );
        }
      }
    };
    await visitAll();
    // A guest cart makes every SPA page ask who is signed in from the browser.
    await page.goto(`${base()}/products/${productId}?variant=spa`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
    await visitAll();
    // The API reference too: Swagger UI loads the OpenAPI document under the same policy.
    await page.goto(`${base()}/docs`, { waitUntil: "networkidle" });
    await page.locator(".swagger-ui .info .title").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe("on a phone (390×844)", () => {
  it("shows the first product on the first screen, filters folded away, tap targets of 24 px or more", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    for (const variant of ["legacy", "spa"]) {
      await page.goto(`${base()}/products?variant=${variant}`, { waitUntil: "networkidle" });
      const first = page.locator('ul[aria-label="Products"] [data-parity="name"]').first();
      const box = (await first.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(await page.locator("details.filters-panel").getAttribute("open")).toBeNull();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Every control outside running text: header, footer, form controls, pagination.
      const small = await page.evaluate(() =>
        [
          ...document.querySelectorAll(
            ".shop-header a, .shop-header button, .shop-footer a, main button, main input, main select, main summary, .pagination a",
          ),
        ]
          .map((el) => ({ el: el.outerHTML.slice(0, 80), box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.height < 24 || box.width < 24))
          .map(({ el, box }) => `${el} ${box.width}×${box.height}`),
      );
      expect({ variant, small }).toEqual({ variant, small: [] });
    }
    await context.close();
  });
});

describe("the Content-Security-Policy", () => {
  it("lets each page's own scripts run (no violation) and refuses an injected one", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    await page.exposeFunction("__reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation(
          `${location.pathname}: ${e.violatedDirective} ${e.blockedURI}`,
        ),
      );
    });
    const pages = [
      "/products?variant=legacy",
      "/products?variant=spa",
      `/products/${productId}?variant=legacy`,
    ];
    for (const p of [...pages, `/products/${productId}?variant=spa`, "/", "/signin", "/docs"]) {
      const response = await page.goto(base() + p, { waitUntil: "networkidle" });
      expect(response!.headers()["content-security-policy"]).toMatch(
        /script-src 'self'( '(sha256|nonce)-[^']+')*(;|$)/,
      );
    }
    expect(violations).toEqual([]);
    // A script that is not the page's own does not run.
    await page.goto(`${base()}/products?variant=legacy`, { waitUntil: "networkidle" });
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await context.close();
  }, 60_000);
});

describe("Back and forward", () => {
  // Playwright turns the back/forward cache off by default; a shopper's Chromium has it on.
  let bfBrowser: Browser;
  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    bfBrowser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
      ignoreDefaultArgs: ["--disable-back-forward-cache"],
    });
  });
  afterAll(async () => {
    await bfBrowser?.close();
  });

  it.each(["legacy", "spa"])(
    "restore the %s product list from the back/forward cache, header brought up to date",
    async (variant) => {
      const context = await bfBrowser.newContext();
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.addEventListener("pageshow", (event) => {
          (window as unknown as { __restored: boolean }).__restored = event.persisted;
        });
      });
      await page.goto(`${base()}/products?variant=${variant}`, { waitUntil: "networkidle" });
      await page.evaluate(() => ((window as unknown as { __mark: string }).__mark = "still here"));
      // A full page load (the other shape's detail page), as a shopper crossing shapes makes.
      await page.goto(`${base()}/products/${productId}?variant=${variant === "spa" ? "legacy" : "spa"}`, {
        waitUntil: "networkidle",
      });
      // Something changes meanwhile: the restored page must not show the old cart count.
      expect(await page.locator(".shop-header .badge").textContent()).toMatch(/^0\b/);
      await page.getByRole("button", { name: "Add to cart" }).click();
      // The answer, not the optimistic count: leaving earlier would cancel the request.
      await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
      // A page restored from the cache fires pageshow, not load.
      await page.goBack({ waitUntil: "commit" });
      await page.locator(".shop-header .badge", { hasText: /^1\b/ }).waitFor({ timeout: 5_000 });
      expect(
        await page.evaluate(() => ({
          restored: (window as unknown as { __restored?: boolean }).__restored,
          mark: (window as unknown as { __mark?: string }).__mark,
        })),
      ).toEqual({ restored: true, mark: "still here" });
      await context.close();
    },
  );
});

it("keeps keyboard focus on Add to cart after adding (SPA)", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base()}/products/${productId}?variant=spa`, { waitUntil: "networkidle" });
  const button = page.getByRole("button", { name: "Add to cart" });
  await button.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Add to cart");
  await context.close();
});

describe("axe-core", () => {
  const axeSource = require.resolve("axe-core/axe.min.js");

  async function violations(page: Page): Promise<string[]> {
    // Evaluated through the devtools protocol: the page's CSP (rightly) refuses a script tag.
    await page.evaluate(readFileSync(axeSource, "utf8"));
    const result = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
          };
        }
      ).axe;
      return (await axe.run(document)).violations.map(
        (v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`,
      );
    });
    return result;
  }

  it("finds no violation on any shop page of either shape, signed out and signed in", async () => {
    const found: string[] = [];
    const check = async (context: BrowserContext, pages: string[]) => {
      const page = await context.newPage();
      for (const p of pages) {
        await page.goto(base() + p, { waitUntil: "networkidle" });
        for (const v of await violations(page)) found.push(`${p} ${v}`);
      }
      await page.close();
    };
    const both = (p: string) => [`${p}?variant=legacy`, `${p}?variant=spa`];
    const anonymous = await browser.newContext();
    await check(anonymous, [
      "/",
      ...both("/products"),
      ...both("/products?category=phones&ordering=-price"),
      ...both(`/products/${productId}`),
      ...both("/cart"),
      ...both("/orders"),
      "/signin",
      "/signup",
      "/login",
      "/products/999999999",
    ]);
    await anonymous.close();
    const alice = await shopper();
    await check(alice, [...both("/cart"), ...both("/orders"), ...both("/products")]);
    await alice.close();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await check(phone, [...both("/products"), ...both(`/products/${productId}`)]);
    await phone.close();
    expect(found).toEqual([]);
  }, 180_000);

  it("finds no violation on the admin pages", async () => {
    const admin = await signedIn("admin@cutover.dev", "admin-demo-password");
    const page = await admin.newPage();
    const found: string[] = [];
    for (const p of ["/admin/products", "/admin/migration"]) {
      await page.goto(base() + p, { waitUntil: "networkidle" });
      for (const v of await violations(page)) found.push(`${p} ${v}`);
    }
    expect(found).toEqual([]);
    await admin.close();
  }, 60_000);
});
