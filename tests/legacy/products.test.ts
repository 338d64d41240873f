import { createProduct } from "@/lib/services/products";
import { type Catalog, createCatalog } from "@/tests/helpers/fixtures";
import { Browser, hrefs, parity, postForms, visibleText } from "@/tests/legacy/helpers";

let catalog: Catalog;
const product = (name: string) => {
  const found = catalog.products.find((p) => p.name === name);
  if (!found) throw new Error(`fixture ${name} missing`);
  return found;
};

const HOSTILE_NAME = "</script><script>alert(1)</script>";
const HOSTILE_DESCRIPTION = `He said "it's <b>great</b>" & left`;
let hostileId: number;

beforeAll(async () => {
  catalog = await createCatalog();
  const hostile = await createProduct({
    name: HOSTILE_NAME,
    price: 1,
    stock: 3,
    description: HOSTILE_DESCRIPTION,
    category: "laptops",
  });
  hostileId = hostile.id;
});

describe("GET /legacy/products", () => {
  it("lists the products as cards with name, price and stock state, in order", async () => {
    const page = await new Browser().get("/legacy/products?limit=3");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(parity(page.html, "name")).toEqual(["iPhone 15", "MacBook Pro", "Pixel 9"]);
    expect(parity(page.html, "price")).toEqual(["¥5,999.00", "¥14,999.00", "¥4,999.50"]);
    const text = visibleText(page.html);
    expect(text).toMatch(/Pixel 9 ¥4,999\.50 Sold out/);
    expect(text).toMatch(/iPhone 15 ¥5,999\.00 In stock/);
    expect(text).toContain("7 products");
    expect(hrefs(page.html)).toContain(`/products/${product("iPhone 15").id}`);
  });

  it("pages with skip/limit links that keep the filters", async () => {
    const page = await new Browser().get("/legacy/products?limit=2&skip=2&ordering=-price");
    expect(parity(page.html, "name")).toEqual(["iPhone 15", "Pixel 9"]);
    const links = hrefs(page.html);
    expect(links).toContain("/products?ordering=-price&skip=0&limit=2");
    expect(links).toContain("/products?ordering=-price&skip=4&limit=2");
    expect(page.html).toMatch(/rel="prev"/);
    expect(page.html).toMatch(/rel="next"/);
    expect(visibleText(page.html)).toContain("3–4 of 7");

    const inStock = await new Browser().get("/legacy/products?in_stock=true&limit=2");
    expect(parity(inStock.html, "name")).not.toContain("Pixel 9");
    expect(hrefs(inStock.html)).toContain("/products?in_stock=true&skip=2&limit=2");
  });

  it("filters by category slug, with each category and its count in the menu (open while filtering)", async () => {
    const page = await new Browser().get("/legacy/products?category=phones");
    expect(parity(page.html, "name")).toEqual(["iPhone 15", "Pixel 9", "Nokia 3310"]);
    expect(page.html).toMatch(/<option value="phones" selected>Phones \(3\)<\/option>/);
    expect(page.html).toMatch(/<option value="laptops">Laptops \(\d+\)<\/option>/);
    expect(page.html).toContain('<details class="filters-panel" open>');
    // Nothing but a search set: the panel stays closed, so on a phone the products come first.
    expect((await new Browser().get("/legacy/products?search=x")).html).toContain(
      '<details class="filters-panel">',
    );
  });

  it("searches with a GET form and shows the empty state when nothing matches", async () => {
    const page = await new Browser().get("/legacy/products?search=thinkpad");
    expect(parity(page.html, "name")).toEqual(["ThinkPad X1"]);
    expect(page.html).toMatch(
      /<form method="get" action="\/products" role="search" aria-label="Filter products"/,
    );
    expect(page.html).toContain('value="thinkpad"');

    const none = await new Browser().get("/legacy/products?search=zzz-no-such-thing");
    expect(none.status).toBe(200);
    expect(parity(none.html, "name")).toEqual([]);
    // The SPA's empty states, word for word, with the same links.
    expect(visibleText(none.html)).toContain(
      "No products match these filters. Clear filters to see everything.",
    );
    expect(none.html).toContain('<p><a href="/products">Clear filters</a></p>');
    expect(none.html).toContain('<a href="/products">Clear filters</a> to see everything.');
    const sorted = await new Browser().get("/legacy/products?search=zzz&ordering=-price&limit=5");
    expect(hrefs(sorted.html)).toContain("/products?ordering=-price&limit=5");
    const past = await new Browser().get("/legacy/products?search=thinkpad&skip=40");
    expect(visibleText(past.html)).toContain("This page is past the end of the list. Go to the first page");
    expect(hrefs(past.html)).toContain("/products?search=thinkpad");
    const unfiltered = await new Browser().get("/legacy/products");
    expect(visibleText(unfiltered.html)).not.toContain("Clear filters");
  });

  it("answers an invalid query with the page, a message and 400, not a crash", async () => {
    const page = await new Browser().get("/legacy/products?limit=1000&ordering=bogus");
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const text = visibleText(page.html);
    expect(text).toContain("limit: must be at most 100");
    expect(text).toMatch(/ordering: must be one of/);
    expect(text).toContain("Phones"); // the category filter still renders
  });

  it("links to public paths and posts forms to /legacy handlers", async () => {
    const page = await new Browser().get("/legacy/products");
    for (const href of hrefs(page.html)) expect(href).not.toMatch(/^\/legacy/);
    for (const form of postForms(page.html)) expect(form).toMatch(/action="\/legacy\//);
  });
});

describe("GET /legacy/products/{id}", () => {
  it("shows the product with its parity fields, related products and the add-to-cart form", async () => {
    const iphone = product("iPhone 15");
    const page = await new Browser().get(`/legacy/products/${iphone.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(parity(page.html, "name")).toEqual(["iPhone 15"]);
    expect(parity(page.html, "price")).toEqual(["¥5,999.00"]);
    expect(parity(page.html, "in_stock")).toEqual(["In stock"]);
    expect(parity(page.html, "description")).toEqual(["A phone with a good camera"]);
    expect(page.html).toContain("<title>iPhone 15 · Cutover shop</title>");
    expect(visibleText(page.html)).toContain("Added Jan. 1, 2026");

    // Related: other phones, never the product itself nor other categories.
    const related =
      /<section aria-labelledby="related-heading">([\s\S]*?)<\/section>/.exec(page.html)?.[1] ?? "";
    expect(visibleText(related)).toMatch(/Pixel 9.*Nokia 3310/);
    expect(related).not.toContain("iPhone 15");
    expect(related).not.toContain("MacBook");
    // The breadcrumb's category and the related list, field by field, as the SPA marks them.
    expect(parity(page.html, "category")).toEqual(["Phones"]);
    expect(parity(page.html, "related-category")).toEqual(["Phones"]);
    expect(parity(page.html, "related-name")).toEqual(["Pixel 9", "Nokia 3310"]);
    expect(parity(page.html, "related-price")).toEqual(["¥4,999.50", "¥199.00"]);

    // The no-JS fallback form and the inline script that calls the old RPC endpoint.
    const [form] = postForms(page.html).filter((f) => f.includes('id="add-to-cart"'));
    expect(form).toMatch(/action="\/legacy\/cart"/);
    expect(form).toContain('name="action" value="add"');
    expect(form).toContain(`name="product_id" value="${iphone.id}"`);
    expect(form).toContain('name="csrfmiddlewaretoken"');
    const data = /<script id="add-to-cart-data" type="application\/json">([\s\S]*?)<\/script>/.exec(
      page.html,
    )?.[1];
    expect(JSON.parse(data ?? "null")).toEqual({ product_id: iphone.id, name: "iPhone 15" });
    const script = page.html.slice(page.html.lastIndexOf("<script nonce="));
    expect(script).toContain('fetch("/api/cart/add/", {');
    expect(script).toContain('method: "POST"');
    expect(script).toContain('credentials: "same-origin"');
    expect(script).toContain("JSON.stringify({ product_id: data.product_id, quantity: quantity })");
    expect(script).toContain('getElementById("cart-count").textContent = String(result.body.cart_count)');
    expect(script).not.toContain("{{");
  });

  it("says there is nothing related as the SPA does, with its link", async () => {
    const related = async (id: number) => {
      const page = await new Browser().get(`/legacy/products/${id}`);
      return /<section aria-labelledby="related-heading">([\s\S]*?)<\/section>/.exec(page.html)?.[1] ?? "";
    };
    // No category: nothing to relate it to.
    // (visibleText puts a space after each element.)
    const text = (html: string) => visibleText(html).replace(/ \./g, ".");
    const loose = await related(product("Loose Cable").id);
    expect(text(loose)).toBe("More in the shop No related products. Browse all products.");
    expect(hrefs(loose)).toEqual(["/products"]);
    // The only product left in its category.
    const { createProduct: create } = await import("@/lib/services/products");
    const { db } = await import("@/lib/db");
    await (await db()).category.create({ data: { name: "Tablets & more", slug: "tablets" } });
    const alone = await create({ name: "Lone Tablet", price: 10, stock: 1, category: "tablets" });
    const section = await related(alone.id);
    expect(text(section)).toBe("More in Tablets & more No related products. See the category.");
    expect(hrefs(section)).toEqual(["/products?category=tablets"]);
  });

  it("shows a sold-out product as Sold out with the add button disabled", async () => {
    const page = await new Browser().get(`/legacy/products/${product("Pixel 9").id}`);
    expect(parity(page.html, "in_stock")).toEqual(["Sold out"]);
    expect(page.html).toMatch(/<button type="submit" disabled>Add to cart<\/button>/);
  });

  it("confirms an add with ?added=1", async () => {
    const page = await new Browser().get(`/legacy/products/${product("iPhone 15").id}?added=1`);
    expect(visibleText(page.html)).toContain("Added to your cart.");
  });

  it.each(["99999", "abc", "0", "1e2", "-1"])("answers 404.html with 404 for id %p", async (id) => {
    const page = await new Browser().get(`/legacy/products/${id}`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(visibleText(page.html)).toContain("Page not found");
    expect(page.html).not.toMatch(/at \w+ \(|node_modules|"status":/); // no stack, no JSON
  });

  it("answers any other /legacy path with the 404 page", async () => {
    const page = await new Browser().get("/legacy/nowhere/at/all");
    expect(page.status).toBe(404);
    expect(visibleText(page.html)).toContain("Page not found");
  });
});

describe("hostile data renders as text everywhere", () => {
  const noInjectedScript = (html: string) => {
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<b>great</b>");
    // The only script elements are the page's own.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
      expect(tag).toMatch(
        /^<script( id="add-to-cart-data" type="application\/json"| src="\/scripts\/legacy-restore\.js" defer| nonce="[A-Za-z0-9+/=]{24}")>$/,
      );
    }
  };

  it("on the product page: in the heading, the title, the description and the inline script data", async () => {
    const page = await new Browser().get(`/legacy/products/${hostileId}`);
    expect(page.status).toBe(200);
    noInjectedScript(page.html);
    expect(page.html).toContain(
      '<h1 data-parity="name">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>',
    );
    expect(page.html).toContain(
      "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; · Cutover shop</title>",
    );
    expect(page.html).toContain("He said &quot;it&#39;s &lt;b&gt;great&lt;/b&gt;&quot; &amp; left");
    expect(parity(page.html, "name")).toEqual([HOSTILE_NAME]);
    expect(parity(page.html, "description")).toEqual([HOSTILE_DESCRIPTION]);
    const data =
      /<script id="add-to-cart-data" type="application\/json">([\s\S]*?)<\/script>/.exec(page.html)?.[1] ??
      "";
    expect(data).toContain("\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)");
    expect(JSON.parse(data).name).toBe(HOSTILE_NAME);
  });

  it("and were one to slip past escaping, the page's policy would not run it: only the render's nonce is allowed", async () => {
    const browser = new Browser();
    const [first, second] = [
      await browser.get(`/legacy/products/${hostileId}`),
      await browser.get(`/legacy/products/${hostileId}`),
    ];
    const nonceOf = (page: typeof first) => {
      const policy = page.headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';/);
      expect(policy).not.toContain("sha256");
      return /'nonce-([^']+)'/.exec(policy)![1]!;
    };
    const nonce = nonceOf(first);
    expect(nonceOf(second)).not.toBe(nonce);
    // Every script that could run (inline, not data) is the template's own, with that nonce.
    const runnable = [...first.html.matchAll(/<script\b([^>]*)>/g)]
      .map((m) => m[1]!)
      .filter((attrs) => !/\bsrc=|type="application\/json"/.test(attrs));
    expect(runnable).toEqual([` nonce="${nonce}"`]);
  });

  it("on the list page and as a related product", async () => {
    const list = await new Browser().get("/legacy/products?category=laptops");
    noInjectedScript(list.html);
    expect(parity(list.html, "name")).toContain(HOSTILE_NAME);
    const related = await new Browser().get(`/legacy/products/${product("MacBook Pro").id}`);
    noInjectedScript(related.html);
    expect(related.html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>");
  });

  it("in a reflected search term", async () => {
    const page = await new Browser().get(
      `/legacy/products?search=${encodeURIComponent('"><script>alert(1)</script>')}`,
    );
    noInjectedScript(page.html);
    expect(page.html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe("unexpected errors", () => {
  it("answer a 500 HTML page that reveals nothing", async () => {
    const { errorPage } = await import("@/lib/legacy/page");
    const response = await errorPage(
      new Request("http://localhost:3000/legacy/products"),
      new Error("boom in /srv/app/secret.ts password=hunter2"),
    );
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(visibleText(html)).toContain("Something went wrong on our side.");
    expect(html).not.toMatch(/secret\.ts|hunter2|at \w+ \(/);
  });

  it("answer a 503 HTML page with Retry-After while the database is unreachable, revealing nothing", async () => {
    const { errorPage } = await import("@/lib/legacy/page");
    const response = await errorPage(
      new Request("http://localhost:3000/legacy/products"),
      new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2"),
    );
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).not.toMatch(/ECONNREFUSED|hunter2|at \w+ \(/);
  });
});

describe("GET /images/products/{id}.svg", () => {
  const get = async (url: string) => {
    const { GET } = await import("@/app/images/products/[file]/route");
    const file = new URL(url, "http://localhost").pathname.split("/").pop()!;
    return GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ file }) });
  };
  it("is cached for a year only under the version it was drawn from", async () => {
    const { getProduct } = await import("@/lib/services/products");
    const { productImageUrl } = await import("@/lib/rules/product-image-url");
    const url = productImageUrl(await getProduct(product("iPhone 15").id));
    const current = await get(url);
    expect(current.status).toBe(200);
    expect(current.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(current.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // Another version (a newer page asking an instance whose read is older, or the reverse):
    // served, but revalidated, never kept under that URL.
    const other = await get(url.replace(/v=[^&]+/, "v=zzz"));
    expect(other.status).toBe(200);
    expect(other.headers.get("cache-control")).toBe("public, no-cache");
    expect((await get("/images/products/999999.svg")).status).toBe(404);
  });
});
