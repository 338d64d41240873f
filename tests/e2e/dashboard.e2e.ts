import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "@/lib/migration/parity";

// The migration dashboard as an operator sees it in Chromium: on a phone (390 px) every
// route's Change controls are on screen and nothing scrolls sideways; nothing shifts as the
// page loads; the charts have axes, time labels and values on hover; no console errors.

const base = () => process.env.E2E_URL!;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
});
afterAll(async () => {
  await browser?.close();
});

it("fits a phone, does not shift on load, and its charts have axes and values", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  // Layout shifts from the very first paint.
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
      })[]) {
        if (!entry.hadRecentInput) (window as unknown as { __cls: number }).__cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(`${base()}/signin?callbackUrl=/admin/migration`);
  await page.getByLabel("Email").fill("admin@cutover.dev");
  await page.getByLabel("Password").fill("admin-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/admin/migration");
  await page.reload({ waitUntil: "load" });
  await page.getByRole("table", { name: "Route ledger" }).waitFor();
  await page.waitForTimeout(2_000);

  expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBeLessThan(0.01);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const button of await page.getByRole("button", { name: "Apply" }).all()) {
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await expectAdminNav(page, "navigation", "Admin");
  const chart = page.getByRole("img", { name: "p95 latency, ms" }).first();
  await chart.waitFor();
  const labels = await chart.locator("text").allTextContents();
  expect(labels.some((l) => /^\d{2}:\d{2}/.test(l))).toBe(true); // time labels
  expect(labels).toContain("0"); // the y axis starts at zero
  expect(await page.getByRole("img", { name: "5xx rate, %" }).count()).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

async function expectAdminNav(page: Page, role: "navigation", name: string) {
  const nav = page.getByRole(role, { name });
  expect(await nav.isVisible()).toBe(true);
  expect(await nav.getByRole("link", { name: "Product admin" }).isVisible()).toBe(true);
}
