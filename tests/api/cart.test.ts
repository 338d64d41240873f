import { db } from "@/lib/db";
import { api } from "@/tests/helpers/app";
import { createCatalog, createUser, sameOrigin, sessionCookie, type Catalog } from "@/tests/helpers/fixtures";

let catalog: Catalog;
beforeAll(async () => {
  catalog = await createCatalog();
});
const iphone = () => catalog.products[0]!; // stock 10, 5999
const macbook = () => catalog.products[1]!; // stock 3
const pixel = () => catalog.products[2]!; // stock 0

/** A browser-like guest: keeps the cart cookie it is given. */
function guest() {
  let cookie = "";
  return {
    get cookie() {
      return cookie;
    },
    async call(method: string, path: string, body?: unknown) {
      const res = await api(method, path, { body, cookie, headers: sameOrigin });
      const set = res.headers.get("set-cookie");
      const match = set && /cutover_cart=([^;]*)/.exec(set);
      if (match) cookie = match[1] ? `cutover_cart=${match[1]}` : "";
      return res;
    },
  };
}

describe("GET /api/cart", () => {
  it("is empty for a new visitor, without creating anything", async () => {
    const res = await api("GET", "/api/cart");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: null,
      items: [],
      total_quantity: 0,
      total: 0,
      checkout_ready: false,
    });
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("POST /api/cart/items", () => {
  it("gives a guest a cart cookie and keeps their lines across requests", async () => {
    const g = guest();
    const res = await g.call("POST", "/api/cart/items", { product_id: iphone().id, quantity: 2 });
    expect(res.status).toBe(201);
    expect(res.headers.get("set-cookie")).toMatch(
      /cutover_cart=[0-9a-f-]{36}; Path=\/; HttpOnly; SameSite=Lax/,
    );
    await g.call("POST", "/api/cart/items", { product_id: iphone().id, quantity: 1 });
    await g.call("POST", "/api/cart/items", { product_id: macbook().id });
    const cart = await (await g.call("GET", "/api/cart")).json();
    expect(cart.items).toEqual([
      {
        product_id: iphone().id,
        name: "iPhone 15",
        slug: "iphone-15",
        unit_price: 5999,
        quantity: 3,
        line_total: 17997,
        stock: 10,
        available: true,
      },
      expect.objectContaining({ product_id: macbook().id, quantity: 1, line_total: 14999 }),
    ]);
    expect(cart).toMatchObject({ total_quantity: 4, total: 32996, checkout_ready: true });
  });

  it("never holds more than the stock: 409 naming quantity", async () => {
    const g = guest();
    await g.call("POST", "/api/cart/items", { product_id: macbook().id, quantity: 3 });
    const res = await g.call("POST", "/api/cart/items", { product_id: macbook().id, quantity: 1 });
    expect(res.status).toBe(409);
    expect((await res.json()).errors).toEqual([{ field: "quantity", message: "must be at most 3" }]);
    const sold = await g.call("POST", "/api/cart/items", { product_id: pixel().id });
    expect(sold.status).toBe(409);
    expect((await sold.json()).detail).toBe("This product is sold out.");
  });

  it("answers 404 for an unknown product and 422 for bad input", async () => {
    expect((await api("POST", "/api/cart/items", { body: { product_id: 999999 } })).status).toBe(404);
    const bad = await api("POST", "/api/cart/items", { body: { product_id: "x", quantity: 0 } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "product_id",
      "quantity",
    ]);
  });

  it("refuses a guest cart write forged from another site", async () => {
    const res = await api("POST", "/api/cart/items", {
      body: { product_id: iphone().id },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });
});

describe("PATCH and DELETE /api/cart/items/{product_id}", () => {
  it("sets a quantity, removes a line, and 404s for lines not in the cart", async () => {
    const user = await createUser();
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: iphone().id, quantity: 1 },
    });
    const patched = await api("PATCH", `/api/cart/items/${iphone().id}`, {
      token: user.token,
      body: { quantity: 5 },
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).items[0].quantity).toBe(5);
    const tooMany = await api("PATCH", `/api/cart/items/${iphone().id}`, {
      token: user.token,
      body: { quantity: 11 },
    });
    expect(tooMany.status).toBe(409);
    expect(
      (await api("PATCH", `/api/cart/items/${macbook().id}`, { token: user.token, body: { quantity: 1 } }))
        .status,
    ).toBe(404);
    expect(
      (await api("PATCH", `/api/cart/items/${iphone().id}`, { token: user.token, body: { quantity: 0 } }))
        .status,
    ).toBe(422);
    const removed = await api("DELETE", `/api/cart/items/${iphone().id}`, { token: user.token });
    expect(removed.status).toBe(200);
    expect((await removed.json()).items).toEqual([]);
    expect((await api("DELETE", `/api/cart/items/${iphone().id}`, { token: user.token })).status).toBe(404);
  });

  it("flags a line unavailable when stock drops below it", async () => {
    const user = await createUser();
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: macbook().id, quantity: 2 },
    });
    const prisma = await db();
    await prisma.product.update({ where: { id: macbook().id }, data: { stock: 1 } });
    const cart = await (await api("GET", "/api/cart", { token: user.token })).json();
    expect(cart.items[0]).toMatchObject({ available: false, stock: 1 });
    expect(cart.checkout_ready).toBe(false);
    await prisma.product.update({ where: { id: macbook().id }, data: { stock: 3 } });
  });
});

describe("guest cart → user cart on sign-in", () => {
  it("merges lines (quantities add, capped by stock) and clears the guest cookie", async () => {
    const user = await createUser();
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: macbook().id, quantity: 2 },
    });
    const g = guest();
    await g.call("POST", "/api/cart/items", { product_id: macbook().id, quantity: 2 });
    await g.call("POST", "/api/cart/items", { product_id: iphone().id, quantity: 1 });
    // The browser signs in: the same cookie jar now also carries the session.
    const res = await api("GET", "/api/cart", { cookie: `${g.cookie}; ${await sessionCookie(user.id)}` });
    expect(res.headers.get("set-cookie")).toMatch(
      /cutover_cart=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/,
    );
    const cart = await res.json();
    expect(
      cart.items.map((i: { product_id: number; quantity: number }) => [i.product_id, i.quantity]),
    ).toEqual([
      [macbook().id, 3],
      [iphone().id, 1],
    ]);
    // Merging twice changes nothing (the guest cart is gone).
    const again = await (
      await api("GET", "/api/cart", { cookie: `${g.cookie}; ${await sessionCookie(user.id)}` })
    ).json();
    expect(again.total_quantity).toBe(4);
  });
});
