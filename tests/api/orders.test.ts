import { db } from "@/lib/db";
import { legacyUsage } from "@/lib/services/legacy-usage";
import { api } from "@/tests/helpers/app";
import {
  createCatalog,
  createUser,
  sameOrigin,
  sessionCookie,
  type Catalog,
  type TestUser,
} from "@/tests/helpers/fixtures";

let catalog: Catalog;
let admin: TestUser;
beforeAll(async () => {
  catalog = await createCatalog();
  admin = await createUser("admin");
});
const iphone = () => catalog.products[0]!; // 5999, stock 10
const nokia = () => catalog.products[4]!; // 199, stock 50
const stockOf = async (id: number) => (await (await db()).product.findUniqueOrThrow({ where: { id } })).stock;

async function freshProduct(stock: number, price = 10) {
  const prisma = await db();
  const slug = `p-${Math.random().toString(36).slice(2)}`;
  return prisma.product.create({ data: { name: slug, slug, price: price.toFixed(2), stock } });
}

describe("POST /api/checkout", () => {
  it("turns the cart into an order: prices frozen, stock taken, cart emptied", async () => {
    const user = await createUser();
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: iphone().id, quantity: 2 },
    });
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: nokia().id, quantity: 1 },
    });
    const before = await stockOf(iphone().id);
    const res = await api("POST", "/api/checkout", { token: user.token });
    expect(res.status).toBe(201);
    const order = await res.json();
    expect(res.headers.get("location")).toBe(`/api/orders/${order.id}`);
    expect(order).toMatchObject({
      user_id: user.id,
      status: "pending",
      total: 12197,
      items: [
        { product_id: iphone().id, name: "iPhone 15", unit_price: 5999, quantity: 2, line_total: 11998 },
        { product_id: nokia().id, name: "Nokia 3310", unit_price: 199, quantity: 1, line_total: 199 },
      ],
    });
    expect(await stockOf(iphone().id)).toBe(before - 2);
    expect((await (await api("GET", "/api/cart", { token: user.token })).json()).items).toEqual([]);
    // A later price change does not touch the order.
    await api("PATCH", `/api/products/${nokia().id}`, { token: admin.token, body: { price: 250 } });
    const again = await (await api("GET", `/api/orders/${order.id}`, { token: user.token })).json();
    expect(again.items[1].unit_price).toBe(199);
    expect(again.total).toBe(12197);
  });

  it("answers 409 for an empty cart and 401 for a guest", async () => {
    const user = await createUser();
    expect((await api("POST", "/api/checkout", { token: user.token })).status).toBe(409);
    expect((await api("POST", "/api/checkout", { headers: sameOrigin })).status).toBe(401);
  });

  it("rolls back the whole order when one line is short, leaving cart and stock as they were", async () => {
    const user = await createUser();
    const scarce = await freshProduct(1);
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: iphone().id, quantity: 1 },
    });
    await api("POST", "/api/cart/items", { token: user.token, body: { product_id: scarce.id, quantity: 1 } });
    await (await db()).product.update({ where: { id: scarce.id }, data: { stock: 0 } });
    const iphoneBefore = await stockOf(iphone().id);
    const res = await api("POST", "/api/checkout", { token: user.token });
    expect(res.status).toBe(409);
    expect(await stockOf(iphone().id)).toBe(iphoneBefore);
    expect((await (await api("GET", "/api/cart", { token: user.token })).json()).items).toHaveLength(2);
    expect(await (await api("GET", `/api/users/${user.id}/orders`, { token: user.token })).json()).toEqual(
      [],
    );
  });

  it("never oversells: 50 parallel checkouts for a product with stock 10", async () => {
    const product = await freshProduct(10, 25);
    const buyers = await Promise.all(Array.from({ length: 50 }, () => createUser()));
    for (const b of buyers) {
      const res = await api("POST", "/api/cart/items", {
        token: b.token,
        body: { product_id: product.id, quantity: 1 },
      });
      expect(res.status).toBe(201);
    }
    const results = await Promise.all(buyers.map((b) => api("POST", "/api/checkout", { token: b.token })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(await stockOf(product.id)).toBe(0);
    const prisma = await db();
    expect(await prisma.orderItem.count({ where: { productId: product.id } })).toBe(10);
  });

  it("places one order when the same cart is checked out twice at once (double submit, no key)", async () => {
    const user = await createUser();
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: nokia().id, quantity: 2 },
    });
    const results = await Promise.all(
      [1, 2, 3].map(() => api("POST", "/api/checkout", { token: user.token })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(
      await (await api("GET", `/api/users/${user.id}/orders`, { token: user.token })).json(),
    ).toHaveLength(1);
  });

  it("replays a retried checkout with the same Idempotency-Key instead of ordering twice", async () => {
    const user = await createUser();
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: nokia().id, quantity: 1 },
    });
    const headers = { "idempotency-key": "checkout-abc-1" };
    const first = await api("POST", "/api/checkout", { token: user.token, headers });
    const second = await api("POST", "/api/checkout", { token: user.token, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((await second.json()).id).toBe((await first.json()).id);
    expect(
      await (await api("GET", `/api/users/${user.id}/orders`, { token: user.token })).json(),
    ).toHaveLength(1);
  });
});

describe("POST /api/users/{id}/orders", () => {
  it("places an order from explicit items for the owner", async () => {
    const user = await createUser();
    const res = await api("POST", `/api/users/${user.id}/orders`, {
      token: user.token,
      body: { items: [{ product_id: nokia().id, quantity: 3 }] },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ user_id: user.id, items: [{ quantity: 3 }] });
  });

  it("is idempotent per key, and a different body with the same key is a 422", async () => {
    const user = await createUser();
    const path = `/api/users/${user.id}/orders`;
    const headers = { "idempotency-key": "order-1" };
    const body = { items: [{ product_id: nokia().id, quantity: 1 }] };
    const a = await (await api("POST", path, { token: user.token, body, headers })).json();
    const b = await (await api("POST", path, { token: user.token, body, headers })).json();
    expect(b.id).toBe(a.id);
    const other = await api("POST", path, {
      token: user.token,
      body: { items: [{ product_id: nokia().id, quantity: 2 }] },
      headers,
    });
    expect(other.status).toBe(422);
    expect((await other.json()).errors[0].field).toBe("Idempotency-Key");
    expect(await (await api("GET", path, { token: user.token })).json()).toHaveLength(1);
  });

  it("remembers a refused order under its key too (same 409 on retry)", async () => {
    const user = await createUser();
    const scarce = await freshProduct(0);
    const req = {
      token: user.token,
      body: { items: [{ product_id: scarce.id, quantity: 1 }] },
      headers: { "idempotency-key": "k-409" },
    };
    const first = await api("POST", `/api/users/${user.id}/orders`, req);
    expect(first.status).toBe(409);
    await (await db()).product.update({ where: { id: scarce.id }, data: { stock: 5 } });
    const retry = await api("POST", `/api/users/${user.id}/orders`, req);
    expect(retry.status).toBe(409);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("content-type")).toBe("application/problem+json");
  });

  it("forbids another user's id (403) and lets an admin order on a user's behalf", async () => {
    const owner = await createUser();
    const intruder = await createUser();
    const body = { items: [{ product_id: nokia().id, quantity: 1 }] };
    expect((await api("POST", `/api/users/${owner.id}/orders`, { token: intruder.token, body })).status).toBe(
      403,
    );
    expect((await api("POST", `/api/users/${owner.id}/orders`, { token: admin.token, body })).status).toBe(
      201,
    );
    expect((await api("POST", `/api/users/999999/orders`, { token: admin.token, body })).status).toBe(404);
  });

  it.each([
    [{ items: [] }, "items"],
    [{ items: [{ product_id: 1 }] }, "items.0.quantity"],
    [
      {
        items: [
          { product_id: 1, quantity: 1 },
          { product_id: 1, quantity: 2 },
        ],
      },
      "items",
    ],
    [{}, "items"],
  ])("answers 422 naming the field for %j", async (body, field) => {
    const user = await createUser();
    const res = await api("POST", `/api/users/${user.id}/orders`, { token: user.token, body });
    expect(res.status).toBe(422);
    expect((await res.json()).errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe("GET /api/users/{id}/orders and /api/orders/{id}", () => {
  it("shows owners their orders, newest first, and nobody else's", async () => {
    const owner = await createUser();
    const other = await createUser();
    for (const quantity of [1, 2]) {
      await api("POST", `/api/users/${owner.id}/orders`, {
        token: owner.token,
        body: { items: [{ product_id: nokia().id, quantity }] },
      });
    }
    const res = await api("GET", `/api/users/${owner.id}/orders`, { token: owner.token });
    const orders = await res.json();
    expect(orders.map((o: { items: { quantity: number }[] }) => o.items[0]!.quantity)).toEqual([2, 1]);
    expect(res.headers.get("x-total-count")).toBe("2");
    expect((await api("GET", `/api/users/${owner.id}/orders`, { token: other.token })).status).toBe(403);
    expect((await api("GET", `/api/users/${owner.id}/orders`)).status).toBe(401);
    expect((await api("GET", `/api/users/${owner.id}/orders`, { token: admin.token })).status).toBe(200);
    const id = orders[0].id;
    expect((await api("GET", `/api/orders/${id}`, { token: owner.token })).status).toBe(200);
    expect((await api("GET", `/api/orders/${id}`, { cookie: await sessionCookie(owner.id) })).status).toBe(
      200,
    );
    const peek = await api("GET", `/api/orders/${id}`, { token: other.token });
    expect(peek.status).toBe(404);
    expect(JSON.stringify(await peek.json())).not.toContain("Nokia");
  });
});

describe("PATCH /api/orders/{id}", () => {
  it("moves pending → paid → shipped and refuses invalid transitions with 409", async () => {
    const user = await createUser();
    const order = await (
      await api("POST", `/api/users/${user.id}/orders`, {
        token: user.token,
        body: { items: [{ product_id: nokia().id, quantity: 1 }] },
      })
    ).json();
    const path = `/api/orders/${order.id}`;
    expect((await api("PATCH", path, { token: user.token, body: { status: "paid" } })).status).toBe(403);
    expect(
      (await (await api("PATCH", path, { token: admin.token, body: { status: "paid" } })).json()).status,
    ).toBe("paid");
    expect((await api("PATCH", path, { token: admin.token, body: { status: "pending" } })).status).toBe(409);
    expect(
      (await (await api("PATCH", path, { token: admin.token, body: { status: "shipped" } })).json()).status,
    ).toBe("shipped");
    const late = await api("PATCH", path, { token: admin.token, body: { status: "cancelled" } });
    expect(late.status).toBe(409);
    expect((await late.json()).detail).toBe("An order that is shipped cannot become cancelled.");
    expect((await api("PATCH", path, { token: admin.token, body: { status: "lost" } })).status).toBe(422);
  });

  it("cancelling puts the stock back", async () => {
    const user = await createUser();
    const product = await freshProduct(5);
    const order = await (
      await api("POST", `/api/users/${user.id}/orders`, {
        token: user.token,
        body: { items: [{ product_id: product.id, quantity: 4 }] },
      })
    ).json();
    expect(await stockOf(product.id)).toBe(1);
    await api("PATCH", `/api/orders/${order.id}`, { token: admin.token, body: { status: "cancelled" } });
    expect(await stockOf(product.id)).toBe(5);
    expect((await (await api("GET", `/api/products/${product.id}`)).json()).stock).toBe(5);
  });
});

describe("legacy RPC shims", () => {
  it("POST /api/cart/add/ adds to the same cart, with deprecation headers, and is counted", async () => {
    const user = await createUser();
    const before = (await legacyUsage()).find((u) => u.endpoint === "POST /api/cart/add/")?.today ?? 0;
    const res = await api("POST", "/api/cart/add/", {
      cookie: await sessionCookie(user.id),
      headers: sameOrigin,
      // the old inline script sends the id as it came out of the template
      body: JSON.stringify({ product_id: String(nokia().id) }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, cart_count: 1 });
    expect(res.headers.get("deprecation")).toMatch(/^@\d+$/);
    expect(new Date(res.headers.get("sunset")!).getTime()).toBeGreaterThan(Date.now());
    expect(res.headers.get("link")).toBe('</api/cart/items>; rel="successor-version"');
    const cart = await (await api("GET", "/api/cart", { token: user.token })).json();
    expect(cart.items[0]).toMatchObject({ product_id: nokia().id, quantity: 1 });
    const after = (await legacyUsage()).find((u) => u.endpoint === "POST /api/cart/add/")!;
    expect(after.today).toBe(before + 1);
  });

  it("answers errors as problem+json, still deprecated and counted", async () => {
    const res = await api("POST", "/api/cart/add/", { body: { product_id: 999999 } });
    expect(res.status).toBe(404);
    expect(res.headers.get("deprecation")).not.toBeNull();
    const form = await api("POST", "/api/cart/add/", {
      body: `product_id=${nokia().id}&quantity=2`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(200);
    expect((await form.json()).cart_count).toBe(2);
  });

  it("GET /api/cart/count/ reports the cart size for the nav badge", async () => {
    const user = await createUser();
    await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: nokia().id, quantity: 3 },
    });
    const res = await api("GET", "/api/cart/count/", { token: user.token });
    expect(await res.json()).toEqual({ count: 3 });
    expect(res.headers.get("link")).toBe('</api/cart>; rel="successor-version"');
  });
});
