import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { compareUrls, launchBrowser, normalise } from "@/lib/migration/parity";

// The parity checker against a deliberately broken fixture: the "SPA" twin renders its
// values client-side after a delay, and one of them is wrong. The checker must wait for the
// page to settle, see past formatting differences, and report the real mismatch.

const legacyHtml = `<!doctype html><h1 data-parity="name">Aurora  Phone</h1>
<p data-parity="price">¥5,999.00</p><p data-parity="in_stock">In stock</p>`;
const spaHtml = (price: string) => `<!doctype html><div id="root">Loading…</div><script>
setTimeout(() => { document.getElementById("root").innerHTML =
  '<h1 data-parity="name">Aurora Phone</h1><p data-parity="price">${price}</p><p data-parity="in_stock">In stock</p>'; }, 300);
</script>`;

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    if (req.url === "/legacy") res.end(legacyHtml);
    else if (req.url === "/legacy-more")
      res.end(`${legacyHtml}<p>Added <span data-parity="added">Sept. 24, 2025</span></p>`);
    else if (req.url === "/spa-good") res.end(spaHtml("¥5999"));
    else res.end(spaHtml("¥5,899.00"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe("parity checker", () => {
  it("normalises whitespace and number/currency formatting only", () => {
    expect(normalise("  Aurora \n Phone ")).toBe("Aurora Phone");
    expect(normalise("¥5,999.00")).toBe("5999.00");
    expect(normalise("5999")).toBe("5999.00");
    expect(normalise("¥5,899.00")).not.toBe(normalise("¥5,999.00"));
  });

  it("passes when the variants agree after the SPA renders", async () => {
    const context = await browser.newContext();
    const result = await compareUrls(
      context,
      { path: "/p", legacy: `${base}/legacy`, spa: `${base}/spa-good` },
      ["name", "price", "in_stock"],
    );
    await context.close();
    expect(result.ok).toBe(true);
    expect(result.fields.map((f) => f.match)).toEqual([true, true, true]);
  });

  it("reports the field that differs, with both values", async () => {
    const context = await browser.newContext();
    const result = await compareUrls(
      context,
      { path: "/p", legacy: `${base}/legacy`, spa: `${base}/spa-broken` },
      ["name", "price", "in_stock"],
    );
    await context.close();
    expect(result.ok).toBe(false);
    expect(result.fields).toEqual([
      { field: "in_stock", match: true, legacy: ["In stock"], spa: ["In stock"] },
      { field: "name", match: true, legacy: ["Aurora Phone"], spa: ["Aurora Phone"] },
      { field: "price", match: false, legacy: ["5999.00"], spa: ["5899.00"] },
    ]);
  });

  it("fails a field one variant shows and the other leaves out, even if nobody listed it", async () => {
    const context = await browser.newContext();
    const result = await compareUrls(
      context,
      { path: "/p", legacy: `${base}/legacy-more`, spa: `${base}/spa-good` },
      ["name"],
    );
    await context.close();
    expect(result.ok).toBe(false);
    expect(result.fields.find((f) => f.field === "added")).toEqual({
      field: "added",
      match: false,
      legacy: ["Sept. 24, 2025"],
      spa: [],
    });
    expect(result.fields.filter((f) => f.match).map((f) => f.field)).toEqual(["in_stock", "name", "price"]);
  });
});
