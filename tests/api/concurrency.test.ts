/** @jest-environment node */
import { db } from "@/lib/db";
import { api } from "@/tests/helpers/app";
import { createUser, sameOrigin, sessionCookie, type TestUser } from "@/tests/helpers/fixtures";

// Races from the hardening issue. PGlite runs one statement at a time, so these mostly bite
// on PostgreSQL (DATABASE_URL set); they must hold on both.

let admin: TestUser;
beforeAll(async () => {
  admin = await createUser("admin");
});

async function freshProduct(stock: number) {
  const prisma = await db();
  const slug = `race-${Math.random().toString(36).slice(2)}`;
  return prisma.product.create({ data: { name: slug, slug, price: "10.00", stock } });
}

const stockOf = async (id: number) =>
  (await (await db()).product.findUniqueOrThrow({ where: { id }, select: { stock: true } })).stock;

async function cartQuantity(user: TestUser, productId: number): Promise<number> {
  const res = await api("GET", "/api/cart", { token: user.token });
  expect(res.status).toBe(200);
  const cart = (await res.json()) as { items: { product_id: number; quantity: number }[] };
  return cart.items.find((i) => i.product_id === productId)?.quantity ?? 0;
}

const countBy = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe("POST /api/cart/items under concurrency", () => {
  it("creates one cart and counts every unit when a user without a cart adds 40 times at once", async () => {
    const user = await createUser();
    const product = await freshProduct(100);
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        api("POST", "/api/cart/items", { token: user.token, body: { product_id: product.id, quantity: 1 } }),
      ),
    );
    expect(countBy(results.map((r) => r.status))).toEqual({ 201: 40 });
    expect(await cartQuantity(user, product.id)).toBe(40);
    expect(await (await db()).cart.count({ where: { userId: user.id } })).toBe(1);
  });

  it("lets exactly the stock through and refuses the rest with 409", async () => {
    const user = await createUser();
    const product = await freshProduct(10);
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        api("POST", "/api/cart/items", { token: user.token, body: { product_id: product.id, quantity: 1 } }),
      ),
    );
    expect(countBy(results.map((r) => r.status))).toEqual({ 201: 10, 409: 30 });
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(await cartQuantity(user, product.id)).toBe(10);
  });

  it("never lets concurrent quantity changes and adds together exceed the stock", async () => {
    const user = await createUser();
    const product = await freshProduct(10);
    const first = await api("POST", "/api/cart/items", {
      token: user.token,
      body: { product_id: product.id, quantity: 1 },
    });
    expect(first.status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? api("PATCH", `/api/cart/items/${product.id}`, { token: user.token, body: { quantity: 8 } })
          : api("POST", "/api/cart/items", {
              token: user.token,
              body: { product_id: product.id, quantity: 2 },
            }),
      ),
    );
    for (const r of results) expect([200, 201, 409]).toContain(r.status);
    expect(await cartQuantity(user, product.id)).toBeLessThanOrEqual(10);
  });
});

describe("guest cart → user cart, merged by requests at once", () => {
  it("merges the guest cart exactly once and keeps the user's own adds", async () => {
    const user = await createUser();
    const product = await freshProduct(100);
    const added = await api("POST", "/api/cart/items", {
      body: { product_id: product.id, quantity: 3 },
      headers: sameOrigin,
    });
    expect(added.status).toBe(201);
    const guestCookie = /cutover_cart=[^;]+/.exec(added.headers.get("set-cookie") ?? "")?.[0];
    expect(guestCookie).toBeDefined();
    const cookie = `${guestCookie}; ${await sessionCookie(user.id)}`;
    // The browser's first requests after signing in all carry the guest cookie; a bearer
    // client adds to the same user's cart meanwhile.
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2
          ? api("GET", "/api/cart", { cookie })
          : api("POST", "/api/cart/items", {
              token: user.token,
              body: { product_id: product.id, quantity: 1 },
            }),
      ),
    );
    expect(countBy(results.map((r) => r.status))).toEqual({ 200: 8, 201: 8 });
    expect(await cartQuantity(user, product.id)).toBe(3 + 8);
  });
});

describe("PATCH /api/products/{id} with in_stock: true during checkouts", () => {
  it("never writes back a stale stock: every successful reduce-stock stays counted", async () => {
    const start = 60;
    const product = await freshProduct(start);
    const calls = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? api("PATCH", `/api/products/${product.id}`, { token: admin.token, body: { in_stock: true } })
        : api("POST", `/api/products/${product.id}/reduce-stock`, {
            token: admin.token,
            body: { quantity: 1 },
          }),
    );
    const results = await Promise.all(calls);
    const reduced = results.filter((r, i) => i % 3 !== 0 && r.status === 200).length;
    for (const r of results) expect(r.status).toBe(200);
    expect(await stockOf(product.id)).toBe(start - reduced);
  });

  it("still restocks a sold-out product to 1 and keeps a positive stock as it is", async () => {
    const soldOut = await freshProduct(0);
    const inStock = await freshProduct(7);
    const a = await api("PATCH", `/api/products/${soldOut.id}`, {
      token: admin.token,
      body: { in_stock: true },
    });
    const b = await api("PATCH", `/api/products/${inStock.id}`, {
      token: admin.token,
      body: { in_stock: true },
    });
    expect(a.status).toBe(200);
    expect(await a.json()).toMatchObject({ stock: 1, in_stock: true });
    expect(b.status).toBe(200);
    expect(await b.json()).toMatchObject({ stock: 7, in_stock: true });
  });
});

describe("PATCH /api/users/{id}: two admins demoting each other", () => {
  it("always leaves at least one admin; the refused demotion answers 409", async () => {
    const prisma = await db();
    // Other admins would make both demotions legal: test with exactly two.
    await prisma.user.updateMany({ where: { role: "admin" }, data: { role: "user" } });
    for (let round = 0; round < 10; round++) {
      const a = await createUser("admin");
      const b = await createUser("admin");
      const [byB, byA] = await Promise.all([
        api("PATCH", `/api/users/${a.id}`, { token: b.token, body: { role: "user" } }),
        api("PATCH", `/api/users/${b.id}`, { token: a.token, body: { role: "user" } }),
      ]);
      const statuses = [byB.status, byA.status];
      expect(statuses).not.toContain(500);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      // The loser is either refused as the last admin (409) or, if its caller was demoted
      // before its request was authorised, no longer an admin (403).
      expect(statuses.filter((s) => s === 409 || s === 403)).toHaveLength(1);
      expect(await prisma.user.count({ where: { role: "admin" } })).toBe(1);
      // Leave no admin behind for the next round.
      await prisma.user.updateMany({ where: { role: "admin" }, data: { role: "user" } });
    }
  });
});
