import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import type { LedgerEntry } from "@/lib/validation/ledger";
import type { ParitySample, VisualResult } from "@/lib/validation/migration";

// The parity checker: opens a route's legacy and SPA variants in a real (headless) Chromium,
// lets each page settle, reads every element marked data-parity="field" and compares the
// values field by field after normalising whitespace and number/currency formatting. Then it
// compares the chrome both shapes share (header, footer) as pictures, pixel by pixel, at a
// desktop and a phone viewport: a shopper moving between shapes must not see it change.

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

// ---- visual parity of the shared chrome -------------------------------------------------

export const VISUAL_VIEWPORTS = [
  { name: "1280x800", width: 1280, height: 800 },
  { name: "390x844", width: 390, height: 844 },
] as const;
export const CHROME_PARTS = [
  { name: "header", selector: "header.shop-header" },
  { name: "footer", selector: "footer.shop-footer" },
] as const;
/** A part whose pixels differ in more than this share fails parity. */
export const VISUAL_MAX_DIFF = 0.01;

export interface VisualOptions {
  /** Where difference images are written (created when needed). */
  diffDir: string;
}

type Shots = Record<string, Buffer | null>;

/** The chrome of one page at one viewport, once it has stopped changing (data loads into it). */
async function chromeShots(
  context: BrowserContext,
  url: string,
  viewport: { width: number; height: number },
  timeoutMs: number,
): Promise<Shots> {
  const page = await context.newPage();
  try {
    await page.setViewportSize(viewport);
    const response = await page.goto(url, { waitUntil: "networkidle", timeout: timeoutMs });
    if (!response) throw new Error(`no response from ${url}`);
    if (response.status() >= 400) throw new Error(`${url} answered ${response.status()}`);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const take = async (): Promise<Shots> => {
      const out: Shots = {};
      for (const part of CHROME_PARTS) {
        // Lifted out of the flow to the viewport's top-left corner: where the page above puts
        // it (a fraction of a pixel lower on one shape) is not the chrome's look, and would
        // rasterise its text differently.
        const box = await page.evaluate((selector: string) => {
          const el = document.querySelector<HTMLElement>(selector);
          if (!el) return null;
          el.dataset.parityStyle = el.getAttribute("style") ?? "";
          Object.assign(el.style, {
            position: "fixed",
            top: "0",
            left: "0",
            right: "0",
            margin: "0",
            zIndex: "2147483647",
          });
          const r = el.getBoundingClientRect();
          return { width: Math.ceil(r.width), height: Math.ceil(r.height) };
        }, part.selector);
        if (!box || !box.width || !box.height) {
          out[part.name] = null;
          continue;
        }
        out[part.name] = await page.screenshot({
          clip: { x: 0, y: 0, ...box },
          animations: "disabled",
          caret: "hide",
          timeout: timeoutMs,
        });
        await page.evaluate((selector: string) => {
          const el = document.querySelector<HTMLElement>(selector);
          if (el) el.setAttribute("style", el.dataset.parityStyle ?? "");
        }, part.selector);
      }
      return out;
    };
    // The header's count and name may land after the page loads (the SPA asks for them).
    let previous = await take();
    for (let i = 0; i < 8; i++) {
      await page.waitForTimeout(250);
      const current = await take();
      const same = CHROME_PARTS.every((p) => {
        const a = previous[p.name];
        const b = current[p.name];
        return a === b || (a !== null && b !== null && a !== undefined && b !== undefined && a.equals(b));
      });
      previous = current;
      if (same) break;
    }
    return previous;
  } finally {
    await page.close();
  }
}

/**
 * The share of pixels that differ between two PNGs (pixelmatch, anti-aliasing ignored), and
 * the difference image. Images of different sizes are compared on the larger canvas: what
 * one has and the other lacks counts as different.
 */
export async function diffImages(a: Buffer, b: Buffer): Promise<{ ratio: number; diff: Buffer }> {
  const { PNG } = await import("pngjs");
  const { default: pixelmatch } = await import("pixelmatch");
  const left = PNG.sync.read(a);
  const right = PNG.sync.read(b);
  const width = Math.max(left.width, right.width);
  const height = Math.max(left.height, right.height);
  const onCanvas = (img: InstanceType<typeof PNG>) => {
    if (img.width === width && img.height === height) return img.data;
    const canvas = new PNG({ width, height }); // transparent: differs from any drawn pixel
    PNG.bitblt(img, canvas, 0, 0, img.width, img.height, 0, 0);
    return canvas.data;
  };
  const out = new PNG({ width, height });
  const differing = pixelmatch(onCanvas(left), onCanvas(right), out.data, width, height, { threshold: 0.1 });
  return { ratio: differing / (width * height), diff: PNG.sync.write(out) };
}

const slug = (text: string) => text.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "root";

/** The shared chrome of a page's two variants, compared at each viewport. */
export async function compareChrome(
  context: BrowserContext,
  urls: { legacy: string; spa: string; path: string },
  options: VisualOptions,
  timeoutMs = 20_000,
): Promise<VisualResult[]> {
  const results: VisualResult[] = [];
  for (const viewport of VISUAL_VIEWPORTS) {
    let legacy: Shots;
    let spa: Shots;
    try {
      legacy = await chromeShots(context, urls.legacy, viewport, timeoutMs);
      spa = await chromeShots(context, urls.spa, viewport, timeoutMs);
    } catch (error) {
      // This viewport could not be compared; the fields and the other viewport still count.
      const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      for (const part of CHROME_PARTS) {
        results.push({ viewport: viewport.name, part: part.name, diff_ratio: 1, ok: false, error: message });
      }
      continue;
    }
    for (const part of CHROME_PARTS) {
      const l = legacy[part.name];
      const s = spa[part.name];
      if (!l && !s) continue;
      if (!l || !s) {
        const missing = l ? "SPA" : "legacy";
        results.push({
          viewport: viewport.name,
          part: part.name,
          diff_ratio: 1,
          ok: false,
          error: `the ${missing} variant has no ${part.name} (${part.selector})`,
        });
        continue;
      }
      try {
        const { ratio, diff } = await diffImages(l, s);
        let file: string | undefined;
        if (ratio > 0) {
          await mkdir(options.diffDir, { recursive: true });
          file = path.join(options.diffDir, `${slug(urls.path)}-${viewport.name}-${part.name}.png`);
          await writeFile(file, diff);
        }
        results.push({
          viewport: viewport.name,
          part: part.name,
          diff_ratio: Math.round(ratio * 1e6) / 1e6,
          ok: ratio <= VISUAL_MAX_DIFF,
          ...(file ? { diff_image: file } : {}),
        });
      } catch (error) {
        // An unreadable picture or a diff directory that cannot be written: this part fails,
        // and the field results still count.
        const message = error instanceof Error ? error.message : String(error);
        results.push({ viewport: viewport.name, part: part.name, diff_ratio: 1, ok: false, error: message });
      }
    }
  }
  return results;
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
  visual?: VisualOptions,
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
    const pictures = visual ? await compareChrome(context, urls, visual, timeoutMs) : undefined;
    return {
      path: urls.path,
      ok: results.every((r) => r.match) && (pictures ?? []).every((v) => v.ok),
      fields: results,
      ...(pictures ? { visual: pictures } : {}),
    };
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
  visual?: VisualOptions,
): Promise<ParitySample[]> {
  const out: ParitySample[] = [];
  for (const page of await samplePaths(entry, baseUrl, samples)) {
    out.push(
      await compareUrls(
        context,
        { path: page, legacy: variantUrl(baseUrl, page, "legacy"), spa: variantUrl(baseUrl, page, "spa") },
        entry.parity,
        20_000,
        visual,
      ),
    );
  }
  return out;
}
