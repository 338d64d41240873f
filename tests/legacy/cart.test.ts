import { db } from "@/lib/db";
import { createProduct } from "@/lib/services/products";
import {
  type Catalog,
  createCatalog,
  createUser,
  sameOrigin,
  sessionCookie,
  type TestUser,
} from "@/tests/helpers/fixtures";
import {
  Browser,
  cookieNamed,
  dispatch,
  ORIGIN,
  parity,
  postForms,
  visibleText,
} from "@/tests/legacy/helpers";

let catalog: Catalog;
const product = (name: string) => {
  const found = catalog.products.find((p) => p.name === name);
  if (!found) throw new Error(`fixture ${name} missing`);
  return found;
};

beforeAll(async () => {
  catalog = await createCatalog();
});

/** A guest who has looked at a product page (and so holds a CSRF cookie and token). */
async function guest(): Promise<Browser> {
  const browser = new Browser();
  await browser.get(`/legacy/products/${product("iPhone 15").id}`);
  return browser;
}

async function signedIn(user: TestUser): Promise<Browser> {
  const browser = new Browser();
  const [name = "", value = ""] = (await sessionCookie(user.id)).split(/=(.*)/s);
  browser.cookies.set(name, value);
  await browser.get("/legacy/cart");
  return browser;
}

describe("POST /legacy/cart without JavaScript", () => {
  it("adds to a new guest cart, comes back to the product, and the cart page shows the line", async () => {
    const browser = await guest();
    const iphone = product("iPhone 15");
    const added = await browser.post("/legacy/cart", { action: "add", product_id: iphone.id, quantity: 2 });
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/products/${iphone.id}?added=1`);
    expect(cookieNamed(added, "cutover_cart")).toMatch(
      /^cutover_cart=[0-9a-f-]{36}; Path=\/; HttpOnly; SameSite=Lax/,
    );

    const back = await browser.get(`/legacy/products/${iphone.id}?added=1`);
    expect(visibleText(back.html)).toContain("Added to your cart.");
    expect(back.html).toContain('<span id="cart-count">2</span>');

    const cart = await browser.get("/legacy/cart");
    expect(cart.status).toBe(200);
    expect(cart.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(parity(cart.html, "line-name")).toEqual(["iPhone 15"]);
    expect(parity(cart.html, "line-quantity")).toEqual(["2"]);
    expect(parity(cart.html, "line-total")).toEqual(["¥11,998.00"]);
    expect(parity(cart.html, "cart-total")).toEqual(["¥11,998.00"]);
    expect(parity(cart.html, "line-price")).toEqual(["¥5,999.00"]);
    expect(parity(cart.html, "line-availability")).toEqual(["Available"]);
    expect(parity(cart.html, "cart-quantity")).toEqual(["2 items"]);
    expect(cart.html).toMatch(/Total \(<span data-parity="cart-quantity">2 items<\/span>\)/);
    expect(visibleText(cart.html)).toMatch(/iPhone 15 ¥5,999\.00 2 .*Available/);
  });

  it("shows each quantity once, in its labelled input, with Update and Remove as secondary buttons", async () => {
    const browser = await guest();
    const nokia = product("Nokia 3310");
    await browser.post("/legacy/cart", { action: "add", product_id: nokia.id, quantity: 3 });
    const cart = await browser.get("/legacy/cart");
    // The input is what a visitor reads; the marked copy is hidden from everyone but the checker.
    expect(cart.html).toContain(
      `<span class="visually-hidden" aria-hidden="true" data-parity="line-quantity">3</span>`,
    );
    expect(cart.html).toContain(
      `<label for="quantity-${nokia.id}" class="visually-hidden">Quantity of Nokia 3310</label>`,
    );
    expect(cart.html).toMatch(
      new RegExp(`<input id="quantity-${nokia.id}" type="number" [^>]*name="quantity" [^>]*value="3">`),
    );
    expect(cart.html).toContain(
      '<button type="submit" class="button-secondary">Update<span class="visually-hidden"> quantity of Nokia 3310</span></button>',
    );
    expect(cart.html).toContain(
      '<button type="submit" class="button-secondary">Remove<span class="visually-hidden"> Nokia 3310</span></button>',
    );
    // Check out stays the one primary (plain) button.
    expect(cart.html).toMatch(/<button type="submit">Check out<\/button>/);
    expect(parity(cart.html, "cart-quantity")).toEqual(["3 items"]);
  });

  it("adds up quantities, updates a line, removes it, and shows the empty state", async () => {
    const browser = await guest();
    const nokia = product("Nokia 3310");
    const macbook = product("MacBook Pro");
    await browser.post("/legacy/cart", { action: "add", product_id: nokia.id, quantity: 1 });
    await browser.post("/legacy/cart", { action: "add", product_id: nokia.id, quantity: 2 });
    await browser.post("/legacy/cart", { action: "add", product_id: macbook.id });
    let cart = await browser.get("/legacy/cart");
    expect(parity(cart.html, "line-name")).toEqual(["Nokia 3310", "MacBook Pro"]);
    expect(parity(cart.html, "line-quantity")).toEqual(["3", "1"]);
    expect(parity(cart.html, "cart-total")).toEqual(["¥15,596.00"]);

    const updated = await browser.post("/legacy/cart", {
      action: "update",
      product_id: nokia.id,
      quantity: 5,
    });
    expect(updated.status).toBe(303);
    expect(updated.location).toBe("/cart");
    cart = await browser.get("/legacy/cart");
    expect(parity(cart.html, "line-quantity")).toEqual(["5", "1"]);
    expect(parity(cart.html, "line-total")).toEqual(["¥995.00", "¥14,999.00"]);

    await browser.post("/legacy/cart", { action: "remove", product_id: macbook.id });
    await browser.post("/legacy/cart", { action: "update", product_id: nokia.id, quantity: 0 });
    cart = await browser.get("/legacy/cart");
    expect(parity(cart.html, "line-name")).toEqual([]);
    expect(visibleText(cart.html)).toContain("Your cart is empty.");
    expect(cart.html).toContain('<span id="cart-count">0</span>');
  });

  it("re-renders the product page with the reason and 409 when stock is short", async () => {
    const browser = await guest();
    const macbook = product("MacBook Pro"); // stock 3
    const page = await browser.post("/legacy/cart", { action: "add", product_id: macbook.id, quantity: 4 });
    expect(page.status).toBe(409);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(parity(page.html, "name")).toEqual(["MacBook Pro"]);
    expect(visibleText(page.html)).toContain("Only 3 left in stock; the cart would hold 4.");

    const soldOut = await browser.post("/legacy/cart", { action: "add", product_id: product("Pixel 9").id });
    expect(soldOut.status).toBe(409);
    expect(visibleText(soldOut.html)).toContain("This product is sold out.");
  });

  it("re-renders the cart with 409 when an update asks for more than the stock", async () => {
    const browser = await guest();
    const macbook = product("MacBook Pro");
    await browser.post("/legacy/cart", { action: "add", product_id: macbook.id, quantity: 1 });
    const page = await browser.post("/legacy/cart", {
      action: "update",
      product_id: macbook.id,
      quantity: 9,
    });
    expect(page.status).toBe(409);
    expect(visibleText(page.html)).toContain("Only 3 left in stock");
    expect(parity(page.html, "line-quantity")).toEqual(["1"]);
  });

  it("answers 422 for a form that does not make sense, and 404 for an unknown product", async () => {
    const browser = await guest();
    const bad = await browser.post("/legacy/cart", { action: "explode", product_id: 1 });
    expect(bad.status).toBe(422);
    expect(visibleText(bad.html)).toContain("must be add, update or remove");
    const noQuantity = await browser.post("/legacy/cart", { action: "add", product_id: "x" });
    expect(noQuantity.status).toBe(422);
    const unknown = await browser.post("/legacy/cart", { action: "add", product_id: 999999 });
    expect(unknown.status).toBe(404);
    expect(visibleText(unknown.html)).toContain("Page not found");
  });

  it("marks lines that are no longer available and disables checkout", async () => {
    const browser = await guest();
    const thinkpad = product("ThinkPad X1");
    await browser.post("/legacy/cart", { action: "add", product_id: thinkpad.id, quantity: 5 });
    const prisma = await db();
    await prisma.product.update({ where: { id: thinkpad.id }, data: { stock: 2 } });
    try {
      const cart = await browser.get("/legacy/cart");
      expect(visibleText(cart.html)).toContain("Only 2 left");
      expect(parity(cart.html, "line-availability")).toEqual(["Only 2 left"]);
      expect(cart.html).toMatch(/<button type="submit" disabled>Check out<\/button>/);
    } finally {
      await prisma.product.update({ where: { id: thinkpad.id }, data: { stock: 7 } });
    }
  });

  it("shows a hostile product name in the cart as text", async () => {
    const hostile = await createProduct({ name: "</script><script>alert(1)</script>", price: 2, stock: 5 });
    const browser = await guest();
    await browser.post("/legacy/cart", { action: "add", product_id: hostile.id });
    const cart = await browser.get("/legacy/cart");
    expect(cart.html).not.toContain("<script>alert(1)");
    expect(parity(cart.html, "line-name")).toEqual(["</script><script>alert(1)</script>"]);
  });
});

describe("CSRF on legacy forms", () => {
  const add = () => ({ action: "add", product_id: product("Nokia 3310").id });

  it("issues the cutover_csrftoken cookie (SameSite=Lax, Path=/) with the first page", async () => {
    const page = await new Browser().get("/legacy/products");
    expect(cookieNamed(page, "cutover_csrftoken")).toMatch(
      /^cutover_csrftoken=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
    );
    // …and only once: a browser that has it keeps it.
    const browser = await guest();
    const again = await browser.get("/legacy/products");
    expect(cookieNamed(again, "cutover_csrftoken")).toBeUndefined();
  });

  it("puts a token in every POST form, different on each page view", async () => {
    const user = await createUser("user");
    const browser = await signedIn(user);
    await browser.post("/legacy/cart", { action: "add", product_id: product("Nokia 3310").id });
    const pages = await Promise.all([
      browser.get(`/legacy/products/${product("iPhone 15").id}`),
      browser.get("/legacy/cart"),
      browser.get("/legacy/login"),
    ]);
    const tokens = new Set<string>();
    for (const page of pages) {
      const forms = postForms(page.html);
      expect(forms.length).toBeGreaterThan(0);
      for (const form of forms) {
        const token = /name="csrfmiddlewaretoken" value="([\w-]{86})"/.exec(form)?.[1];
        expect(token).toBeDefined();
        tokens.add(token ?? "");
      }
    }
    // Masked afresh for every response (against BREACH), all from the same cookie secret.
    expect(tokens.size).toBe(pages.length);
  });

  it("refuses a POST without the token with a 403 HTML page and changes nothing", async () => {
    const browser = await guest();
    const page = await browser.post("/legacy/cart", add(), { token: null });
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(visibleText(page.html)).toContain("CSRF verification failed");
    expect(cookieNamed(page, "cutover_cart")).toBeUndefined();
  });

  it("refuses a token that belongs to another visitor's cookie", async () => {
    const victim = await guest();
    const attacker = await guest();
    const page = await victim.post("/legacy/cart", add(), { token: attacker.token });
    expect(page.status).toBe(403);
    expect(visibleText(page.html)).toContain("CSRF token incorrect");
  });

  it("refuses a POST without the cookie", async () => {
    const browser = await guest();
    browser.cookies.delete("cutover_csrftoken");
    const page = await browser.post("/legacy/cart", add());
    expect(page.status).toBe(403);
    expect(visibleText(page.html)).toContain("CSRF cookie not set");
  });

  it("refuses a well-formed POST from another origin", async () => {
    const browser = await guest();
    const fromElsewhere = await browser.post("/legacy/cart", add(), {
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(fromElsewhere.status).toBe(403);
    expect(fromElsewhere.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const noOrigin = await browser.post("/legacy/cart", add(), {
      headers: { origin: "", "sec-fetch-site": "cross-site" },
    });
    expect(noOrigin.status).toBe(403);
    // the same browser, same origin: accepted
    expect((await browser.post("/legacy/cart", add())).status).toBe(303);
  });

  it("refuses a signed-in visitor's cross-site logout", async () => {
    const user = await createUser("user");
    const browser = await signedIn(user);
    const page = await browser.post("/legacy/logout", {}, { headers: { origin: "https://evil.example" } });
    expect(page.status).toBe(403);
    expect(page.setCookies.some((c) => c.startsWith("next-auth.session-token="))).toBe(false);
  });

  it("refuses a form over 1 MB with a 413 page and adds nothing, declared or streamed", async () => {
    const browser = await guest();
    const padding = "x".repeat(1_100_000);
    const declared = await browser.post("/legacy/cart", { ...add(), padding });
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(cookieNamed(declared, "cutover_cart")).toBeUndefined();

    // Chunked, without a Content-Length: reading stops at the limit.
    const form = new URLSearchParams({
      csrfmiddlewaretoken: browser.token ?? "",
      action: "add",
      product_id: String(add().product_id),
    });
    const head = new TextEncoder().encode(`${form}&padding=`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        else if (sent < 40) controller.enqueue(new Uint8Array(64 * 1024).fill(120));
        else controller.close();
        sent++;
      },
    });
    const streamed = await dispatch(
      new Request(`${ORIGIN}/legacy/cart`, {
        method: "POST",
        headers: {
          ...sameOrigin,
          "content-type": "application/x-www-form-urlencoded",
          cookie: browser.cookieHeader(),
        },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(40);
    const cart = await browser.get("/legacy/cart");
    expect(parity(cart.html, "line-name")).toEqual([]);
  });

  it("answers 400 for a POST that is not a form", async () => {
    const browser = await guest();
    const page = await browser.post("/legacy/cart", add(), {
      headers: { "content-type": "application/json" },
    });
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
});

describe("POST /legacy/checkout", () => {
  it("sends a guest to sign in first", async () => {
    const browser = await guest();
    const page = await browser.post("/legacy/checkout", {});
    expect(page.status).toBe(303);
    expect(page.location).toBe("/login?next=/cart");
  });

  it("turns the cart into an order, empties it and shows the order", async () => {
    const user = await createUser("user");
    const browser = await signedIn(user);
    const nokia = product("Nokia 3310");
    await browser.post("/legacy/cart", { action: "add", product_id: nokia.id, quantity: 2 });
    const prisma = await db();
    const before = (await prisma.product.findUniqueOrThrow({ where: { id: nokia.id } })).stock;

    const page = await browser.post("/legacy/checkout", {});
    expect(page.status).toBe(303);
    const id = /^\/orders\?placed=(\d+)$/.exec(page.location ?? "")?.[1];
    expect(id).toBeDefined();

    expect((await prisma.product.findUniqueOrThrow({ where: { id: nokia.id } })).stock).toBe(before - 2);
    const cart = await browser.get("/legacy/cart");
    expect(visibleText(cart.html)).toContain("Your cart is empty.");
    const orders = await browser.get(page.location?.replace("/orders", "/legacy/orders") ?? "");
    expect(visibleText(orders.html)).toContain(`Order #${id} has been placed.`);
    expect(parity(orders.html, "order-id")).toEqual([id]);
    expect(parity(orders.html, "order-total")).toEqual(["¥398.00"]);
  });

  it("re-renders the cart with the reason and 409 when stock ran out meanwhile", async () => {
    const user = await createUser("user");
    const browser = await signedIn(user);
    const macbook = product("MacBook Pro");
    await browser.post("/legacy/cart", { action: "add", product_id: macbook.id, quantity: 2 });
    const prisma = await db();
    await prisma.product.update({ where: { id: macbook.id }, data: { stock: 1 } });
    try {
      const page = await browser.post("/legacy/checkout", {});
      expect(page.status).toBe(409);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(visibleText(page.html)).toContain("Only 1 of MacBook Pro left; the order asks for 2.");
      expect(parity(page.html, "line-name")).toEqual(["MacBook Pro"]);
      expect(await prisma.order.count({ where: { userId: user.id } })).toBe(0);
    } finally {
      await prisma.product.update({ where: { id: macbook.id }, data: { stock: 3 } });
    }
  });

  it("answers 409 for an empty cart instead of placing an empty order", async () => {
    const user = await createUser("user");
    const browser = await signedIn(user);
    const page = await browser.post("/legacy/checkout", {});
    expect(page.status).toBe(409);
    expect(visibleText(page.html)).toContain("Your cart is empty.");
  });
});
