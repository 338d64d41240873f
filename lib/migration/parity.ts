import type { Browser, BrowserContext } from "playwright-core";
import type { LedgerEntry } from "@/lib/validation/ledger";
import type { ParitySample } from "@/lib/validation/migration";

// The parity checker: opens a route's legacy and SPA variants in a real (headless) Chromium,
// lets each page settle, reads every element marked data-parity="field" and compares the
// values field by field after normalising whitespace and number/currency formatting.

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser(executablePath: string): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** "¥5,999.00" → "5999.00", "  In   stock " → "In stock"; so formatting differences are not diffs. */
export function normalise(value: string): string {
  const text = value.replace(/\s+/g, " ").trim();
  const money = /^([-+]?)[¥$€£]?\s?([\d,]+(?:\.\d+)?)$/.exec(text.replace(/^([¥$€£])\s?-/, "-$1"));
  if (money) {
    const n = Number(money[2]!.replace(/,/g, ""));
    if (Number.isFinite(n)) return `${money[1] === "-" ? "-" : ""}${n.toFixed(2)}`;
  }
  return text;
}

async function readFields(context: BrowserContext, url: string, fields: string[], timeoutMs: number) {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    if (!response) throw new Error(`no response from ${url}`);
    if (response.status() >= 400) throw new Error(`${url} answered ${response.status()}`);
    // Client-rendered values land after hydration and data fetching: wait until every field
    // is on the page, then until the marked values stop changing.
    await page
      .waitForFunction(
        (names: string[]) => names.every((f) => document.querySelector(`[data-parity="${f}"]`)),
        fields,
        {
          timeout: 10_000,
        },
      )
      .catch(() => undefined);
    const snapshot = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("[data-parity]")].map((el) => el.textContent).join("\u0000"),
      );
    let previous = await snapshot();
    for (let i = 0; i < 20; i++) {
      await page.waitForTimeout(250);
      const current = await snapshot();
      if (current === previous) break;
      previous = current;
    }
    // Every marked field on the page, not only the ones asked for: a field one variant shows
    // and the other does not is then a difference too.
    return await page.evaluate(() => {
      const out: Record<string, string[]> = {};
      for (const el of document.querySelectorAll("[data-parity]")) {
        const name = el.getAttribute("data-parity") ?? "";
        (out[name] ??= []).push((el as HTMLElement).innerText ?? el.textContent ?? "");
      }
      return out;
    });
  } finally {
    await page.close();
  }
}

/**
 * Compares two URLs (the two variants of one page) field by field: the union of the
 * data-parity names either variant shows, plus `fields` (the ledger's list, which must be
 * there even if neither shows it). A field shown on one side only does not match.
 */
export async function compareUrls(
  context: BrowserContext,
  urls: { legacy: string; spa: string; path: string },
  fields: string[],
  timeoutMs = 20_000,
): Promise<ParitySample> {
  try {
    const [legacy, spa] = [
      await readFields(context, urls.legacy, fields, timeoutMs),
      await readFields(context, urls.spa, fields, timeoutMs),
    ];
    const names = [...new Set([...fields, ...Object.keys(legacy), ...Object.keys(spa)])].sort();
    const results = names.map((field) => {
      const l = (legacy[field] ?? []).map(normalise);
      const s = (spa[field] ?? []).map(normalise);
      return { field, legacy: l, spa: s, match: l.length === s.length && l.every((v, i) => v === s[i]) };
    });
    return { path: urls.path, ok: results.every((r) => r.match), fields: results };
  } catch (error) {
    return {
      path: urls.path,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      fields: [],
    };
  }
}

/** The concrete paths to check for a ledger route. */
export async function samplePaths(entry: LedgerEntry, baseUrl: string, samples: number): Promise<string[]> {
  if (entry.samples === "products") {
    const res = await fetch(new URL(`/api/products?limit=${samples}&ordering=id`, baseUrl));
    if (!res.ok) throw new Error(`could not list sample products: ${res.status}`);
    const products = (await res.json()) as { id: number }[];
    return products.map((p) => entry.pattern.replace("[id]", String(p.id)));
  }
  return [entry.pattern];
}

export function variantUrl(baseUrl: string, path: string, variant: "legacy" | "spa"): string {
  const u = new URL(path, baseUrl);
  u.searchParams.set("variant", variant);
  return u.toString();
}

export async function checkRoute(
  context: BrowserContext,
  entry: LedgerEntry,
  baseUrl: string,
  samples: number,
): Promise<ParitySample[]> {
  const out: ParitySample[] = [];
  for (const path of await samplePaths(entry, baseUrl, samples)) {
    out.push(
      await compareUrls(
        context,
        { path, legacy: variantUrl(baseUrl, path, "legacy"), spa: variantUrl(baseUrl, path, "spa") },
        entry.parity,
      ),
    );
  }
  return out;
}
