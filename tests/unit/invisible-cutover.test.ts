import { PNG } from "pngjs";
import { pageCacheControl } from "@/lib/http/page-headers";
import { diffImages } from "@/lib/migration/parity";
import { productDescription, productListDescription } from "@/lib/rules/descriptions";
import { productImageSvg } from "@/lib/rules/product-image";
import { productImageUrl } from "@/lib/rules/product-image-url";

describe("shop pages' Cache-Control (back/forward cache)", () => {
  const html = "text/html; charset=utf-8";
  const nextDefault = "private, no-cache, no-store, max-age=0, must-revalidate";
  it("replaces no-store on shop pages with private, no-cache", () => {
    expect(pageCacheControl("GET", "/products?variant=spa", html, nextDefault)).toBe("private, no-cache");
    expect(pageCacheControl("HEAD", "/", html, nextDefault)).toBe("private, no-cache");
  });
  it("leaves the API, admin pages, non-HTML, writes and other caching alone", () => {
    expect(pageCacheControl("GET", "/api/cart", "application/json", nextDefault)).toBeNull();
    expect(pageCacheControl("GET", "/admin/migration", html, nextDefault)).toBeNull();
    expect(pageCacheControl("GET", "/products", "text/x-component", nextDefault)).toBeNull();
    expect(pageCacheControl("POST", "/cart", html, nextDefault)).toBeNull();
    expect(pageCacheControl("GET", "/products", html, "public, max-age=60")).toBeNull();
    // A no-store chosen on purpose (an old app's page, a fallback) is kept.
    expect(pageCacheControl("GET", "/orders", html, "no-store")).toBeNull();
    expect(pageCacheControl("GET", "/orders", html, "private, no-store")).toBeNull();
  });
});

describe("product images", () => {
  const product = { id: 7, name: "Max Puzzle Ocean", category: { slug: "toys" } };
  it("are drawn the same every time, in the colour the name says, and change URL when it changes", () => {
    expect(productImageSvg(product)).toBe(productImageSvg({ ...product }));
    expect(productImageSvg(product)).toContain('fill="#1d6fa5"'); // ocean
    expect(productImageUrl(product)).toMatch(/^\/images\/products\/7\.svg\?v=[0-9a-z]+$/);
    expect(productImageUrl({ ...product, name: "Max Puzzle Sand" })).not.toBe(productImageUrl(product));
  });
  it("escape the name in the picture's title", () => {
    const svg = productImageSvg({ id: 1, name: `</title><script>alert(1)</script>"&`, category: null });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;");
  });
});

describe("meta descriptions (one rule for both shapes)", () => {
  it("describe a product and a list", () => {
    expect(productDescription({ name: "Lamp", price: 12.5, description: "A lamp." })).toBe(
      "Lamp, ¥12.50: A lamp.",
    );
    expect(productListDescription(1, "lamp")).toMatch(/^1 product matching “lamp” at Cutover shop/);
    expect(productListDescription(200)).toMatch(/^200 products at Cutover shop/);
  });
});

describe("diffImages (visual parity)", () => {
  const image = (width: number, height: number, paint: (x: number, y: number) => number[]) => {
    const png = new PNG({ width, height });
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const [r, g, b] = paint(x, y);
        png.data.set([r!, g!, b!, 255], (y * width + x) * 4);
      }
    return PNG.sync.write(png);
  };
  const white = () => [255, 255, 255];
  it("finds no difference between equal pictures", async () => {
    expect((await diffImages(image(20, 10, white), image(20, 10, white))).ratio).toBe(0);
  });
  it("measures the share that differs, and counts a size difference as different", async () => {
    const halfBlack = image(20, 10, (x) => (x < 10 ? [0, 0, 0] : [255, 255, 255]));
    expect((await diffImages(image(20, 10, white), halfBlack)).ratio).toBeCloseTo(0.5, 1);
    const taller = await diffImages(image(20, 10, white), image(20, 20, white));
    expect(taller.ratio).toBeCloseTo(0.5, 2);
    expect(PNG.sync.read(taller.diff).height).toBe(20);
  });
});
