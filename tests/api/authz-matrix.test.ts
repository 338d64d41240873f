import { readFileSync } from "node:fs";
import { db } from "@/lib/db";
import { operations } from "@/lib/validation/openapi";
import { api, apiRouteFiles } from "@/tests/helpers/app";
import {
  createCatalog,
  createUser,
  sameOrigin,
  sessionCookie,
  type Catalog,
  type TestUser,
} from "@/tests/helpers/fixtures";

// Every API route × {anonymous, user, other user, admin} × {bearer, cookie} → status.
// One table; a route file exporting a method that is not in it fails the first test.

type Who = "anonymous" | "user" | "other" | "admin";
interface World {
  catalog: Catalog;
  user: TestUser;
  other: TestUser;
  admin: TestUser;
}
interface Entry {
  /** Path and body to send; `user` is the owner for owner-scoped routes. */
  request: (w: World) => { path: string; body?: unknown } | Promise<{ path: string; body?: unknown }>;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> => ({
  anonymous: status,
  user: status,
  other: status,
  admin: status,
});
const signedIn = (status: number) => ({ anonymous: 401, user: status, other: status, admin: status });
const adminOnly = (status: number) => ({ anonymous: 401, user: 403, other: 403, admin: status });
const uniq = () => Math.random().toString(36).slice(2, 10);

const table: Record<string, Entry> = {
  "GET /api/products": { request: () => ({ path: "/api/products" }), expect: all(200) },
  "POST /api/products": {
    request: () => ({ path: "/api/products", body: { name: `P ${uniq()}`, price: 1 } }),
    expect: adminOnly(201),
  },
  "GET /api/products/in-stock": { request: () => ({ path: "/api/products/in-stock" }), expect: all(200) },
  "GET /api/products/[id]": {
    request: (w) => ({ path: `/api/products/${w.catalog.products[0]!.id}` }),
    expect: all(200),
  },
  "PUT /api/products/[id]": {
    request: (w) => ({
      path: `/api/products/${w.catalog.products[1]!.id}`,
      body: { name: "Replaced", price: 2, description: "", stock: 100, category: null },
    }),
    expect: adminOnly(200),
  },
  "PATCH /api/products/[id]": {
    request: (w) => ({ path: `/api/products/${w.catalog.products[1]!.id}`, body: { price: 3 } }),
    expect: adminOnly(200),
  },
  "DELETE /api/products/[id]": {
    // a fresh product for every call, so each identity meets one that exists
    request: async () => {
      const prisma = await db();
      const p = await prisma.product.create({
        data: { name: "Doomed", slug: `doomed-${uniq()}`, price: "1.00" },
      });
      return { path: `/api/products/${p.id}` };
    },
    expect: adminOnly(204),
  },
  "POST /api/products/[id]/reduce-stock": {
    request: (w) => ({
      path: `/api/products/${w.catalog.products[4]!.id}/reduce-stock`,
      body: { quantity: 1 },
    }),
    expect: adminOnly(200),
  },
  "GET /api/categories": { request: () => ({ path: "/api/categories" }), expect: all(200) },
  "GET /api/categories/[id]": { request: () => ({ path: "/api/categories/phones" }), expect: all(200) },
  "GET /api/cart": { request: () => ({ path: "/api/cart" }), expect: all(200) },
  "POST /api/cart/items": {
    request: (w) => ({ path: "/api/cart/items", body: { product_id: w.catalog.products[4]!.id } }),
    expect: all(201),
  },
  "PATCH /api/cart/items/[product_id]": {
    // each identity's own cart: a line exists for signed-in callers (added just before), not for a fresh guest
    request: async (w) => ({ path: `/api/cart/items/${await lineFor(w)}`, body: { quantity: 1 } }),
    expect: { anonymous: 404, user: 200, other: 200, admin: 200 },
  },
  "DELETE /api/cart/items/[product_id]": {
    request: async (w) => ({ path: `/api/cart/items/${await lineFor(w)}` }),
    expect: { anonymous: 404, user: 200, other: 200, admin: 200 },
  },
  "POST /api/checkout": {
    request: async (w) => {
      await lineFor(w);
      return { path: "/api/checkout" };
    },
    expect: signedIn(201),
  },
  "GET /api/users/[id]/orders": {
    request: (w) => ({ path: `/api/users/${w.user.id}/orders` }),
    expect: { anonymous: 401, user: 200, other: 403, admin: 200 },
  },
  "POST /api/users/[id]/orders": {
    request: (w) => ({
      path: `/api/users/${w.user.id}/orders`,
      body: { items: [{ product_id: w.catalog.products[4]!.id, quantity: 1 }] },
    }),
    expect: { anonymous: 401, user: 201, other: 403, admin: 201 },
  },
  "GET /api/orders/[id]": {
    request: async (w) => ({ path: `/api/orders/${await orderOf(w.user)}` }),
    expect: { anonymous: 401, user: 200, other: 404, admin: 200 },
  },
  "PATCH /api/orders/[id]": {
    request: async (w) => ({ path: `/api/orders/${await orderOf(w.user)}`, body: { status: "paid" } }),
    expect: adminOnly(200),
  },
  "POST /api/cart/add": {
    request: (w) => ({ path: "/api/cart/add/", body: { product_id: w.catalog.products[4]!.id } }),
    expect: all(200),
  },
  "GET /api/cart/count": { request: () => ({ path: "/api/cart/count/" }), expect: all(200) },
  "GET /api/migration/state": { request: () => ({ path: "/api/migration/state" }), expect: adminOnly(200) },
  "GET /api/migration/routes": { request: () => ({ path: "/api/migration/routes" }), expect: adminOnly(200) },
  "PATCH /api/migration/routes/[id]": {
    request: () => ({ path: "/api/migration/routes/orders", body: { state: "canary", percent: 10 } }),
    expect: adminOnly(200),
  },
  "POST /api/migration/routes/[id]/rollback": {
    request: () => ({ path: "/api/migration/routes/orders/rollback" }),
    expect: adminOnly(200),
  },
  "GET /api/migration/routes/[id]/plan": {
    request: async (w) => {
      await startPlan(w);
      return { path: "/api/migration/routes/orders/plan" };
    },
    expect: adminOnly(200),
  },
  "PUT /api/migration/routes/[id]/plan": {
    request: () => ({
      path: "/api/migration/routes/orders/plan",
      body: { steps: [10, 100], bake_seconds: 60 },
    }),
    expect: adminOnly(200),
  },
  "POST /api/migration/routes/[id]/plan/pause": {
    request: async (w) => {
      await startPlan(w);
      return { path: "/api/migration/routes/orders/plan/pause" };
    },
    expect: adminOnly(200),
  },
  "POST /api/migration/routes/[id]/plan/resume": {
    request: async (w) => {
      await startPlan(w);
      await api("POST", "/api/migration/routes/orders/plan/pause", { token: w.admin.token });
      return { path: "/api/migration/routes/orders/plan/resume" };
    },
    expect: adminOnly(200),
  },
  "POST /api/migration/routes/[id]/abort": {
    request: () => ({ path: "/api/migration/routes/orders/abort" }),
    expect: adminOnly(200),
  },
  "GET /api/migration/rollouts": {
    request: () => ({ path: "/api/migration/rollouts" }),
    expect: adminOnly(200),
  },
  "POST /api/migration/rollouts/evaluate": {
    request: () => ({ path: "/api/migration/rollouts/evaluate" }),
    expect: adminOnly(200),
  },
  "GET /api/migration/history": {
    request: () => ({ path: "/api/migration/history" }),
    expect: adminOnly(200),
  },
  "GET /api/migration/parity": { request: () => ({ path: "/api/migration/parity" }), expect: adminOnly(200) },
  "POST /api/migration/parity": {
    request: () => ({
      path: "/api/migration/parity",
      body: { route: "orders", report: [{ path: "/orders", ok: true, fields: [] }] },
    }),
    expect: adminOnly(201),
  },
  "GET /api/openapi.json": { request: () => ({ path: "/api/openapi.json" }), expect: all(200) },
  "GET /api/health": { request: () => ({ path: "/api/health" }), expect: all(200) },
  "GET /api/ready": { request: () => ({ path: "/api/ready" }), expect: all(200) },
  // Who is signed in: an answer for everyone, signed out included (null, not 401).
  "GET /api/session/user": { request: () => ({ path: "/api/session/user" }), expect: all(200) },
  "POST /api/login": {
    request: (w) => ({ path: "/api/login", body: { username: w.user.email, password: w.user.password } }),
    expect: all(200),
  },
  "POST /api/auth/token": {
    request: (w) => ({
      path: "/api/auth/token",
      body: { username: w.user.email, password: w.user.password },
    }),
    expect: all(200),
  },
  "POST /api/users": {
    request: () => ({
      path: "/api/users",
      body: { email: `${uniq()}@matrix.example`, password: "long enough pw" },
    }),
    expect: all(201),
  },
  "GET /api/users": { request: () => ({ path: "/api/users" }), expect: adminOnly(200) },
  "GET /api/users/me": { request: () => ({ path: "/api/users/me" }), expect: signedIn(200) },
  "PATCH /api/users/me": {
    request: () => ({ path: "/api/users/me", body: { name: "Renamed" } }),
    expect: signedIn(200),
  },
  "PATCH /api/users/[id]": {
    request: (w) => ({ path: `/api/users/${w.user.id}`, body: { name: "Named by admin" } }),
    expect: adminOnly(200),
  },
  "GET /api/user/profile": { request: () => ({ path: "/api/user/profile" }), expect: signedIn(200) },
  // Last: it revokes the caller's bearer token (the cookie cases get a fresh cookie).
  "DELETE /api/users/me/sessions": {
    request: () => ({ path: "/api/users/me/sessions" }),
    expect: signedIn(204),
  },
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

// The identity currently being tested, so owner-scoped set-up acts as that caller.
let current: TestUser | null = null;

/** Puts a line into the current caller's cart (signed-in callers only) and returns its product id. */
async function lineFor(w: World): Promise<number> {
  const productId = w.catalog.products[4]!.id;
  if (current)
    await api("POST", "/api/cart/items", { token: current.token, body: { product_id: productId } });
  return productId;
}

/** The orders route on a fresh rollout plan (as the admin), for the plan routes' set-up. */
async function startPlan(w: World): Promise<void> {
  await api("PUT", "/api/migration/routes/orders/plan", {
    token: w.admin.token,
    body: { steps: [10, 100], bake_seconds: 60 },
  });
}

async function orderOf(owner: TestUser): Promise<number> {
  const res = await api("POST", `/api/users/${owner.id}/orders`, {
    token: owner.token,
    body: { items: [{ product_id: world.catalog.products[4]!.id, quantity: 1 }] },
  });
  return (await res.json()).id;
}

function servedRoutes(): string[] {
  const keys: string[] = [];
  for (const route of apiRouteFiles()) {
    if (route.route.includes("[...")) continue; // next-auth's own endpoints: browser (e2e) tests
    const source = readFileSync(route.file, "utf8");
    for (const m of METHODS) {
      if (new RegExp(`export const ${m}\\b|export (async )?function ${m}\\b`).test(source))
        keys.push(`${m} ${route.route}`);
    }
  }
  return keys.sort();
}

let world: World;
beforeAll(async () => {
  world = {
    catalog: await createCatalog(),
    user: await createUser("user"),
    other: await createUser("user"),
    admin: await createUser("admin"),
  };
});

it("has an entry for every route the app serves, and no stale ones", () => {
  expect(Object.keys(table).sort()).toEqual(servedRoutes());
});

const cases: [string, Who, "bearer" | "cookie"][] = [];
for (const key of Object.keys(table)) {
  for (const via of ["bearer", "cookie"] as const) {
    for (const who of ["anonymous", "user", "other", "admin"] as const) cases.push([key, who, via]);
  }
}

it.each(cases)("%s as %s via %s", async (key, who, via) => {
  const entry = table[key]!;
  const method = key.split(" ")[0]!;
  const identity = who === "anonymous" ? null : world[who];
  current = identity;
  const { path, body } = await entry.request(world);
  const options =
    identity === null
      ? { body, headers: sameOrigin }
      : via === "bearer"
        ? { body, token: identity.token }
        : { body, cookie: await sessionCookie(identity.id), headers: sameOrigin };
  const res = await api(method, path, options);
  expect(res.status).toBe(entry.expect[who]);
  // What depends on who asks is never stored by a cache: the user, carts, orders, users,
  // the migration admin API — and every refusal of them.
  const pattern = key.split(" ")[1]!.replace(/\[([^\]]+)\]/g, "{$1}");
  const op = operations.find((o) => o.method.toUpperCase() === method && o.path === pattern);
  if (op && op.auth !== "public" && op.auth !== "optional") {
    expect({ key, cache: res.headers.get("cache-control") }).toEqual({
      key,
      cache: expect.stringMatching(/no-store/),
    });
  }
});
