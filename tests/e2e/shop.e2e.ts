import { spawnSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { launchBrowser } from "@/lib/migration/parity";

// A shopper in a real browser, moving between the legacy and SPA shapes of the shop.

const base = () => process.env.E2E_URL!;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
});
afterAll(async () => {
  await browser?.close();
});

async function inStockProduct(): Promise<{ id: number; name: string }> {
  const [p] = (await (await fetch(`${base()}/api/products/in-stock?limit=1&ordering=-stock`)).json()) as {
    id: number;
    name: string;
  }[];
  return p!;
}

describe("one shopper, both shapes of the shop", () => {
  it("adds to the cart as a guest on a legacy page, signs in on the SPA, checks out, and sees the order on both sides", async () => {
    const product = await inStockProduct();
    const context = await browser.newContext();
    const page = await context.newPage();

    // Legacy product page: the inline script calls the old RPC endpoint.
    await page.goto(`${base()}/products/${product.id}?variant=legacy`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForFunction(() => document.getElementById("cart-count")?.textContent === "1");

    // SPA sign-in: the guest cart follows the shopper into their account.
    await page.goto(`${base()}/signin?callbackUrl=/cart`);
    await page.getByLabel("Email").fill("bob@example.com");
    await page.getByLabel("Password").fill("bob-demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/cart");
    await page.goto(`${base()}/cart?variant=spa`);
    await page.getByText(product.name).first().waitFor();

    // The same session and cart on the legacy cart page.
    await page.goto(`${base()}/cart?variant=legacy`);
    expect(await page.locator('[data-parity="line-name"]').allInnerTexts()).toContain(product.name);
    expect(await page.textContent("body")).toContain("Bob Shopper");

    // Check out on the SPA, without a full page reload.
    await page.goto(`${base()}/cart?variant=spa`);
    await page.getByRole("button", { name: "Check out" }).click();
    await page.waitForURL(/\/orders\?placed=\d+/);
    const placed = Number(new URL(page.url()).searchParams.get("placed"));
    await page.locator('[data-parity="order-id"]').first().waitFor();
    expect(await page.locator('[data-parity="order-id"]').allInnerTexts()).toContain(String(placed));

    // The legacy orders page shows the same order; the API lists it for the user.
    await page.goto(`${base()}/orders?variant=legacy`);
    expect(await page.locator('[data-parity="order-id"]').allInnerTexts()).toContain(String(placed));
    const me = await page.evaluate(async () => (await fetch("/api/users/me")).json());
    const orders = await page.evaluate(
      async (id: number) => (await fetch(`/api/users/${id}/orders`)).json(),
      me.id as number,
    );
    expect((orders as { id: number }[]).map((o) => o.id)).toContain(placed);
    await context.close();
  });

  it("signs in on the legacy login form without JavaScript and is recognised by the SPA", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base()}/login?next=/products`);
    await page.fill("input[name=email]", "alice@example.com");
    await page.fill("input[name=password]", "alice-demo-password");
    await Promise.all([page.waitForURL(/\/products$/), page.click("button[type=submit]")]);
    const cookies = await context.cookies();
    await context.close();
    const js = await browser.newContext();
    await js.addCookies(cookies);
    const spa = await js.newPage();
    await spa.goto(`${base()}/products?variant=spa`);
    await spa.getByText("Alice Shopper").first().waitFor();
    await js.close();
  });
});

describe("npm run cutover against the running app", () => {
  const cli = (...args: string[]) =>
    spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/cutover.ts", ...args], {
      env: { ...process.env, CUTOVER_URL: base(), LOG_LEVEL: "silent", DATABASE_URL: "", REDIS_URL: "" },
      encoding: "utf8",
      timeout: 300_000,
    });

  it("checks parity for every route in the ledger and stores the results", () => {
    const run = cli("parity", "--samples", "2", "--fill-cart");
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Parity holds for every checked route.");
    expect(run.status).toBe(0);
  });

  it("moves a route to a canary, reports it in status, and rolls back", () => {
    expect(cli("set", "/products/[id]", "canary", "25").stdout).toContain("canary at 25%");
    const status = cli("status");
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/product-detail\s+\/products\/\[id\]\s+canary 25%\s+pass/);
    expect(cli("rollback", "product-detail").status).toBe(0);
  });

  it("explains bad input with exit code 2", () => {
    const bad = cli("set", "/products/[id]", "half");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("state must be legacy, canary or spa");
  });
});
