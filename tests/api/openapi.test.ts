import { z } from "zod";
import { Validator } from "@seriousme/openapi-schema-validator";
import { getDatabase, installDatabase } from "@/lib/db";
import { openApiDocument, operations } from "@/lib/validation/openapi";
import type { OperationSpec } from "@/lib/validation/operation";
import { api, apiFetch, apiRouteFiles } from "@/tests/helpers/app";
import {
  createCatalog,
  createUser,
  sessionCookie,
  type Catalog,
  type TestUser,
} from "@/tests/helpers/fixtures";

type Doc = ReturnType<typeof openApiDocument>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

describe("GET /api/openapi.json", () => {
  it("serves a valid OpenAPI 3.1 document", async () => {
    const res = await api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("serves each operation from the route file of its path, through the wrapper that enforces its spec", async () => {
    // Every exported method handler of every route file is built by endpoint(spec, …), and its
    // spec's method and path are that file's: a handler cannot serve one operation while the
    // document describes another. next-auth's catch-all is documented by its concrete endpoints;
    // the fallback answers (the /api 404 catch-all, 405s) serve no operation.
    const served = new Set<string>();
    const problems: string[] = [];
    for (const route of apiRouteFiles()) {
      const path = route.route.replace(/\[([^\]]+)\]/g, "{$1}");
      const mod = (await import(route.file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method] as { operation?: OperationSpec; fallback?: string } | undefined;
        if (!handler || handler.fallback) continue;
        if (path.includes("{...")) {
          const prefix = path.slice(0, path.indexOf("{..."));
          if (!operations.some((op) => op.servedByNextAuth && op.path.startsWith(prefix)))
            problems.push(`${method} ${path}: no documented next-auth endpoint`);
          continue;
        }
        const op = handler.operation;
        // legacy RPC endpoints keep their trailing slash (/api/cart/add/)
        if (!op) problems.push(`${method} ${path}: not built by endpoint(spec, …)`);
        else if (op.method !== method.toLowerCase() || op.path.replace(/\/$/, "") !== path)
          problems.push(`${method} ${path}: serves ${op.method.toUpperCase()} ${op.path}`);
        else served.add(op.operationId);
      }
    }
    expect(problems).toEqual([]);
    const unserved = operations.filter((op) => !op.servedByNextAuth && !served.has(op.operationId));
    expect(unserved.map((op) => `${op.method.toUpperCase()} ${op.path}`)).toEqual([]);
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);
  });
});

// ---- every documented response status is reachable ---------------------------------

let catalog: Catalog;
let admin: TestUser;
let user: TestUser;

beforeAll(async () => {
  catalog = await createCatalog();
  admin = await createUser("admin");
  user = await createUser("user");
});

const pid = () => catalog.products[0]!.id;
const withEtag = async (path: string) => {
  const etag = (await api("GET", path)).headers.get("etag")!;
  return api("GET", path, { headers: { "if-none-match": etag } });
};
const form = { "content-type": "application/x-www-form-urlencoded" };
/** The orders route on a fresh rollout plan. */
const startPlan = () =>
  api("PUT", "/api/migration/routes/orders/plan", {
    token: admin.token,
    body: { steps: [10, 100], bake_seconds: 60 },
  });

/** "METHOD path status" → a request that must produce that status. */
const scenarios: Record<string, () => Promise<Response>> = {
  "GET /api/products 200": () => api("GET", "/api/products"),
  "GET /api/products 304": () => withEtag("/api/products"),
  "GET /api/products 422": () => api("GET", "/api/products?limit=1000"),
  "POST /api/products 201": () =>
    api("POST", "/api/products", { token: admin.token, body: { name: "N", price: 1 } }),
  "POST /api/products 400": () => api("POST", "/api/products", { token: admin.token, body: "{" }),
  "POST /api/products 401": () => api("POST", "/api/products", { body: { name: "N", price: 1 } }),
  "POST /api/products 403": () =>
    api("POST", "/api/products", { token: user.token, body: { name: "N", price: 1 } }),
  "POST /api/products 409": () =>
    api("POST", "/api/products", { token: admin.token, body: { name: "N", price: 1, slug: "iphone-15" } }),
  "POST /api/products 415": () =>
    api("POST", "/api/products", { token: admin.token, body: "a=b", headers: form }),
  "POST /api/products 422": () => api("POST", "/api/products", { token: admin.token, body: { name: "N" } }),
  "GET /api/products/in-stock 200": () => api("GET", "/api/products/in-stock"),
  "GET /api/products/in-stock 304": () => withEtag("/api/products/in-stock"),
  "GET /api/products/in-stock 422": () => api("GET", "/api/products/in-stock?ordering=nope"),
  "GET /api/products/{id} 200": () => api("GET", `/api/products/${pid()}`),
  "GET /api/products/{id} 304": () => withEtag(`/api/products/${pid()}`),
  "GET /api/products/{id} 404": () => api("GET", "/api/products/424242"),
  "GET /api/products/{id} 422": () => api("GET", "/api/products/x"),
  ...writeScenarios("PUT", { name: "R", price: 2, description: "d", stock: 3, category: null }),
  ...writeScenarios("PATCH", { price: 3 }),
  "DELETE /api/products/{id} 204": async () => {
    const p = await (
      await api("POST", "/api/products", { token: admin.token, body: { name: "D", price: 1 } })
    ).json();
    return api("DELETE", `/api/products/${p.id}`, { token: admin.token });
  },
  "DELETE /api/products/{id} 401": () => api("DELETE", `/api/products/${pid()}`),
  "DELETE /api/products/{id} 403": () => api("DELETE", `/api/products/${pid()}`, { token: user.token }),
  "DELETE /api/products/{id} 404": () => api("DELETE", "/api/products/424242", { token: admin.token }),
  "DELETE /api/products/{id} 422": () => api("DELETE", "/api/products/x", { token: admin.token }),
  "POST /api/products/{id}/reduce-stock 200": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, { token: admin.token, body: { quantity: 1 } }),
  "POST /api/products/{id}/reduce-stock 400": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, { token: admin.token, body: "[" }),
  "POST /api/products/{id}/reduce-stock 401": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, { body: { quantity: 1 } }),
  "POST /api/products/{id}/reduce-stock 403": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, { token: user.token, body: { quantity: 1 } }),
  "POST /api/products/{id}/reduce-stock 404": () =>
    api("POST", "/api/products/424242/reduce-stock", { token: admin.token, body: { quantity: 1 } }),
  "POST /api/products/{id}/reduce-stock 409": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, { token: admin.token, body: { quantity: 100000 } }),
  "POST /api/products/{id}/reduce-stock 415": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, {
      token: admin.token,
      body: "quantity=1",
      headers: form,
    }),
  "POST /api/products/{id}/reduce-stock 422": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, { token: admin.token, body: { quantity: -1 } }),
  "GET /api/categories 200": () => api("GET", "/api/categories"),
  "GET /api/categories 304": () => withEtag("/api/categories"),
  "GET /api/categories/{id} 200": () => api("GET", "/api/categories/phones"),
  "GET /api/categories/{id} 304": () => withEtag(`/api/categories/${catalog.categories[0]!.id}`),
  "GET /api/categories/{id} 404": () => api("GET", "/api/categories/no-such-thing"),
  "GET /api/categories/{id} 422": () => api("GET", "/api/categories/Not%20A%20Slug"),
  "POST /api/login 200": () =>
    api("POST", "/api/login", { body: { username: user.email, password: user.password } }),
  "POST /api/login 400": () => api("POST", "/api/login", { body: "{" }),
  "POST /api/login 401": () =>
    api("POST", "/api/login", { body: { username: user.email, password: "wrong" } }),
  "POST /api/login 415": () =>
    api("POST", "/api/login", { body: "a=b", headers: { "content-type": "text/plain" } }),
  "POST /api/login 422": () => api("POST", "/api/login", { body: { username: user.email } }),
  "POST /api/login 429": () => lockOut("/api/login"),
  "POST /api/auth/token 200": () =>
    api("POST", "/api/auth/token", {
      body: new URLSearchParams({ username: user.email, password: user.password }).toString(),
      headers: form,
    }),
  "POST /api/auth/token 400": () => api("POST", "/api/auth/token", { body: "{" }),
  "POST /api/auth/token 401": () =>
    api("POST", "/api/auth/token", { body: `username=${user.email}&password=wrong`, headers: form }),
  "POST /api/auth/token 415": () =>
    api("POST", "/api/auth/token", { body: "x", headers: { "content-type": "text/plain" } }),
  "POST /api/auth/token 422": () => api("POST", "/api/auth/token", { body: "username=x", headers: form }),
  "POST /api/auth/token 429": () => lockOut("/api/auth/token"),
  "POST /api/users 201": () =>
    api("POST", "/api/users", { body: { email: `s${Date.now()}@x.example`, password: "long enough" } }),
  "POST /api/users 400": () => api("POST", "/api/users", { body: "{" }),
  "POST /api/users 409": () =>
    api("POST", "/api/users", { body: { email: user.email, password: "long enough" } }),
  "POST /api/users 415": () => api("POST", "/api/users", { body: "a=b", headers: form }),
  "POST /api/users 429": async () => {
    let res: Response;
    let i = 0;
    do
      res = await api("POST", "/api/users", {
        body: { email: `flood${i++}-${Date.now()}@x.example`, password: "long enough" },
        headers: { "x-cutover-client-address": "198.51.100.77" },
      });
    while (res.status === 201 && i < 50);
    return res;
  },
  "POST /api/users 422": () =>
    api("POST", "/api/users", { body: { email: "nope", password: "long enough" } }),
  "GET /api/users 200": () => api("GET", "/api/users", { token: admin.token }),
  "GET /api/users 401": () => api("GET", "/api/users"),
  "GET /api/users 403": () => api("GET", "/api/users", { token: user.token }),
  "GET /api/users 422": () => api("GET", "/api/users?role=king", { token: admin.token }),
  "GET /api/session/user 200": () => api("GET", "/api/session/user", { token: user.token }),
  "GET /api/session/user 401": () =>
    api("GET", "/api/session/user", { headers: { authorization: "Bearer not.a.token" } }),
  "GET /api/users/me 200": () => api("GET", "/api/users/me", { token: user.token }),
  "GET /api/users/me 401": () => api("GET", "/api/users/me"),
  "PATCH /api/users/me 200": () => api("PATCH", "/api/users/me", { token: user.token, body: { name: "Me" } }),
  "PATCH /api/users/me 400": () => api("PATCH", "/api/users/me", { token: user.token, body: "{" }),
  "PATCH /api/users/me 401": () => api("PATCH", "/api/users/me", { body: { name: "Me" } }),
  "PATCH /api/users/me 403": async () =>
    api("PATCH", "/api/users/me", {
      cookie: await sessionCookie(user.id),
      headers: { origin: "https://evil.example" },
      body: { name: "Me" },
    }),
  "PATCH /api/users/me 415": () =>
    api("PATCH", "/api/users/me", { token: user.token, body: "a=b", headers: form }),
  "PATCH /api/users/me 422": () => api("PATCH", "/api/users/me", { token: user.token, body: {} }),
  // A throwaway account: signing out everywhere revokes the caller's token.
  "DELETE /api/users/me/sessions 204": async () =>
    api("DELETE", "/api/users/me/sessions", { token: (await createUser("user")).token }),
  "DELETE /api/users/me/sessions 401": () => api("DELETE", "/api/users/me/sessions"),
  "DELETE /api/users/me/sessions 403": async () =>
    api("DELETE", "/api/users/me/sessions", {
      cookie: await sessionCookie(user.id),
      headers: { origin: "https://evil.example" },
    }),
  "PATCH /api/users/{id} 200": () =>
    api("PATCH", `/api/users/${user.id}`, { token: admin.token, body: { name: "U" } }),
  "PATCH /api/users/{id} 400": () => api("PATCH", `/api/users/${user.id}`, { token: admin.token, body: "{" }),
  "PATCH /api/users/{id} 401": () => api("PATCH", `/api/users/${user.id}`, { body: { name: "U" } }),
  "PATCH /api/users/{id} 403": () =>
    api("PATCH", `/api/users/${user.id}`, { token: user.token, body: { name: "U" } }),
  "PATCH /api/users/{id} 404": () =>
    api("PATCH", "/api/users/424242", { token: admin.token, body: { name: "U" } }),
  "PATCH /api/users/{id} 409": () =>
    api("PATCH", `/api/users/${admin.id}`, { token: admin.token, body: { role: "user" } }),
  "PATCH /api/users/{id} 415": () =>
    api("PATCH", `/api/users/${user.id}`, { token: admin.token, body: "a=b", headers: form }),
  "PATCH /api/users/{id} 422": () =>
    api("PATCH", `/api/users/${user.id}`, { token: admin.token, body: { role: "king" } }),
  "GET /api/user/profile 200": () => api("GET", "/api/user/profile", { token: user.token }),
  "GET /api/user/profile 401": () => api("GET", "/api/user/profile"),
  "GET /api/cart 200": () => api("GET", "/api/cart"),
  "POST /api/cart/items 201": () =>
    api("POST", "/api/cart/items", { token: user.token, body: { product_id: pid() } }),
  "POST /api/cart/items 400": () => api("POST", "/api/cart/items", { token: user.token, body: "{" }),
  "POST /api/cart/items 403": () =>
    api("POST", "/api/cart/items", {
      body: { product_id: pid() },
      headers: { origin: "https://evil.example" },
    }),
  "POST /api/cart/items 404": () =>
    api("POST", "/api/cart/items", { token: user.token, body: { product_id: 424242 } }),
  "POST /api/cart/items 409": () =>
    api("POST", "/api/cart/items", { token: user.token, body: { product_id: catalog.products[2]!.id } }),
  "POST /api/cart/items 415": () =>
    api("POST", "/api/cart/items", { token: user.token, body: "a=b", headers: form }),
  "POST /api/cart/items 422": () =>
    api("POST", "/api/cart/items", { token: user.token, body: { product_id: "x" } }),
  ...cartLineScenarios(),
  "POST /api/checkout 201": async () => {
    const buyer = await shopper();
    return api("POST", "/api/checkout", { token: buyer.token });
  },
  "POST /api/checkout 401": () => api("POST", "/api/checkout"),
  "POST /api/checkout 403": async () =>
    api("POST", "/api/checkout", {
      cookie: await sessionCookie(user.id),
      headers: { origin: "https://evil.example" },
    }),
  "POST /api/checkout 409": async () => api("POST", "/api/checkout", { token: (await createUser()).token }),
  "POST /api/checkout 422": () =>
    api("POST", "/api/checkout", {
      token: user.token,
      headers: { "idempotency-key": "bad key with spaces" },
    }),
  "GET /api/users/{id}/orders 200": () => api("GET", `/api/users/${user.id}/orders`, { token: user.token }),
  "GET /api/users/{id}/orders 401": () => api("GET", `/api/users/${user.id}/orders`),
  "GET /api/users/{id}/orders 403": () => api("GET", `/api/users/${admin.id}/orders`, { token: user.token }),
  "GET /api/users/{id}/orders 422": () =>
    api("GET", `/api/users/${user.id}/orders?status=lost`, { token: user.token }),
  "POST /api/users/{id}/orders 201": () => order(user),
  "POST /api/users/{id}/orders 400": () =>
    api("POST", `/api/users/${user.id}/orders`, { token: user.token, body: "{" }),
  "POST /api/users/{id}/orders 401": () => api("POST", `/api/users/${user.id}/orders`, { body: orderBody() }),
  "POST /api/users/{id}/orders 403": () =>
    api("POST", `/api/users/${admin.id}/orders`, { token: user.token, body: orderBody() }),
  "POST /api/users/{id}/orders 404": () =>
    api("POST", "/api/users/424242/orders", { token: admin.token, body: orderBody() }),
  "POST /api/users/{id}/orders 409": () =>
    api("POST", `/api/users/${user.id}/orders`, {
      token: user.token,
      body: { items: [{ product_id: catalog.products[2]!.id, quantity: 1 }] },
    }),
  "POST /api/users/{id}/orders 415": () =>
    api("POST", `/api/users/${user.id}/orders`, { token: user.token, body: "a=b", headers: form }),
  "POST /api/users/{id}/orders 422": () =>
    api("POST", `/api/users/${user.id}/orders`, { token: user.token, body: { items: [] } }),
  "GET /api/orders/{id} 200": async () =>
    api("GET", `/api/orders/${(await (await order(user)).json()).id}`, { token: user.token }),
  "GET /api/orders/{id} 401": () => api("GET", "/api/orders/1"),
  "GET /api/orders/{id} 404": () => api("GET", "/api/orders/424242", { token: user.token }),
  "GET /api/orders/{id} 422": () => api("GET", "/api/orders/x", { token: user.token }),
  ...orderPatchScenarios(),
  "POST /api/cart/add/ 200": () =>
    api("POST", "/api/cart/add/", { token: user.token, body: { product_id: pid() } }),
  "POST /api/cart/add/ 400": () => api("POST", "/api/cart/add/", { token: user.token, body: "{" }),
  "POST /api/cart/add/ 403": () =>
    api("POST", "/api/cart/add/", {
      body: { product_id: pid() },
      headers: { origin: "https://evil.example" },
    }),
  "POST /api/cart/add/ 404": () =>
    api("POST", "/api/cart/add/", { token: user.token, body: { product_id: 424242 } }),
  "POST /api/cart/add/ 409": () =>
    api("POST", "/api/cart/add/", { token: user.token, body: { product_id: catalog.products[2]!.id } }),
  "POST /api/cart/add/ 422": () =>
    api("POST", "/api/cart/add/", { token: user.token, body: { product_id: "x" } }),
  "GET /api/cart/count/ 200": () => api("GET", "/api/cart/count/"),
  "GET /api/migration/state 200": () => api("GET", "/api/migration/state", { token: admin.token }),
  "GET /api/migration/state 401": () => api("GET", "/api/migration/state"),
  "GET /api/migration/state 403": () => api("GET", "/api/migration/state", { token: user.token }),
  "GET /api/migration/routes 200": () => api("GET", "/api/migration/routes", { token: admin.token }),
  "GET /api/migration/routes 401": () => api("GET", "/api/migration/routes"),
  "GET /api/migration/routes 403": () => api("GET", "/api/migration/routes", { token: user.token }),
  "PATCH /api/migration/routes/{id} 200": () =>
    api("PATCH", "/api/migration/routes/cart", { token: admin.token, body: { state: "legacy" } }),
  "PATCH /api/migration/routes/{id} 400": () =>
    api("PATCH", "/api/migration/routes/cart", { token: admin.token, body: "{" }),
  "PATCH /api/migration/routes/{id} 401": () =>
    api("PATCH", "/api/migration/routes/cart", { body: { state: "spa" } }),
  "PATCH /api/migration/routes/{id} 403": () =>
    api("PATCH", "/api/migration/routes/cart", { token: user.token, body: { state: "spa" } }),
  "PATCH /api/migration/routes/{id} 404": () =>
    api("PATCH", "/api/migration/routes/nope", { token: admin.token, body: { state: "spa" } }),
  "PATCH /api/migration/routes/{id} 415": () =>
    api("PATCH", "/api/migration/routes/cart", { token: admin.token, body: "state=spa", headers: form }),
  "PATCH /api/migration/routes/{id} 422": () =>
    api("PATCH", "/api/migration/routes/cart", { token: admin.token, body: { state: "canary", percent: 0 } }),
  "POST /api/migration/routes/{id}/rollback 200": () =>
    api("POST", "/api/migration/routes/cart/rollback", { token: admin.token }),
  "POST /api/migration/routes/{id}/rollback 401": () => api("POST", "/api/migration/routes/cart/rollback"),
  "POST /api/migration/routes/{id}/rollback 403": () =>
    api("POST", "/api/migration/routes/cart/rollback", { token: user.token }),
  "POST /api/migration/routes/{id}/rollback 404": () =>
    api("POST", "/api/migration/routes/nope/rollback", { token: admin.token }),
  "GET /api/migration/routes/{id}/plan 200": async () => {
    await startPlan();
    return api("GET", "/api/migration/routes/orders/plan", { token: admin.token });
  },
  "GET /api/migration/routes/{id}/plan 401": () => api("GET", "/api/migration/routes/orders/plan"),
  "GET /api/migration/routes/{id}/plan 403": () =>
    api("GET", "/api/migration/routes/orders/plan", { token: user.token }),
  "GET /api/migration/routes/{id}/plan 404": () =>
    api("GET", "/api/migration/routes/product-list/plan", { token: admin.token }),
  "PUT /api/migration/routes/{id}/plan 200": () => startPlan(),
  "PUT /api/migration/routes/{id}/plan 400": () =>
    api("PUT", "/api/migration/routes/orders/plan", { token: admin.token, body: "{" }),
  "PUT /api/migration/routes/{id}/plan 401": () =>
    api("PUT", "/api/migration/routes/orders/plan", { body: {} }),
  "PUT /api/migration/routes/{id}/plan 403": () =>
    api("PUT", "/api/migration/routes/orders/plan", { token: user.token, body: {} }),
  "PUT /api/migration/routes/{id}/plan 404": () =>
    api("PUT", "/api/migration/routes/nope/plan", { token: admin.token, body: {} }),
  "PUT /api/migration/routes/{id}/plan 415": () =>
    api("PUT", "/api/migration/routes/orders/plan", { token: admin.token, body: "steps=5", headers: form }),
  "PUT /api/migration/routes/{id}/plan 422": () =>
    api("PUT", "/api/migration/routes/orders/plan", { token: admin.token, body: { steps: [50, 25] } }),
  "POST /api/migration/routes/{id}/plan/pause 200": async () => {
    await startPlan();
    return api("POST", "/api/migration/routes/orders/plan/pause", { token: admin.token });
  },
  "POST /api/migration/routes/{id}/plan/pause 401": () =>
    api("POST", "/api/migration/routes/orders/plan/pause"),
  "POST /api/migration/routes/{id}/plan/pause 403": () =>
    api("POST", "/api/migration/routes/orders/plan/pause", { token: user.token }),
  "POST /api/migration/routes/{id}/plan/pause 404": () =>
    api("POST", "/api/migration/routes/product-list/plan/pause", { token: admin.token }),
  "POST /api/migration/routes/{id}/plan/pause 409": async () => {
    await startPlan();
    await api("POST", "/api/migration/routes/orders/plan/pause", { token: admin.token });
    return api("POST", "/api/migration/routes/orders/plan/pause", { token: admin.token });
  },
  "POST /api/migration/routes/{id}/plan/resume 200": async () => {
    await startPlan();
    await api("POST", "/api/migration/routes/orders/plan/pause", { token: admin.token });
    return api("POST", "/api/migration/routes/orders/plan/resume", { token: admin.token });
  },
  "POST /api/migration/routes/{id}/plan/resume 401": () =>
    api("POST", "/api/migration/routes/orders/plan/resume"),
  "POST /api/migration/routes/{id}/plan/resume 403": () =>
    api("POST", "/api/migration/routes/orders/plan/resume", { token: user.token }),
  "POST /api/migration/routes/{id}/plan/resume 404": () =>
    api("POST", "/api/migration/routes/product-list/plan/resume", { token: admin.token }),
  "POST /api/migration/routes/{id}/plan/resume 409": async () => {
    await startPlan();
    return api("POST", "/api/migration/routes/orders/plan/resume", { token: admin.token });
  },
  "POST /api/migration/routes/{id}/abort 200": () =>
    api("POST", "/api/migration/routes/orders/abort", { token: admin.token }),
  "POST /api/migration/routes/{id}/abort 401": () => api("POST", "/api/migration/routes/orders/abort"),
  "POST /api/migration/routes/{id}/abort 403": () =>
    api("POST", "/api/migration/routes/orders/abort", { token: user.token }),
  "POST /api/migration/routes/{id}/abort 404": () =>
    api("POST", "/api/migration/routes/nope/abort", { token: admin.token }),
  "GET /api/migration/rollouts 200": () => api("GET", "/api/migration/rollouts", { token: admin.token }),
  "GET /api/migration/rollouts 401": () => api("GET", "/api/migration/rollouts"),
  "GET /api/migration/rollouts 403": () => api("GET", "/api/migration/rollouts", { token: user.token }),
  "POST /api/migration/rollouts/evaluate 200": () =>
    api("POST", "/api/migration/rollouts/evaluate", { token: admin.token }),
  "POST /api/migration/rollouts/evaluate 401": () => api("POST", "/api/migration/rollouts/evaluate"),
  "POST /api/migration/rollouts/evaluate 403": () =>
    api("POST", "/api/migration/rollouts/evaluate", { token: user.token }),
  "GET /api/migration/history 200": () => api("GET", "/api/migration/history", { token: admin.token }),
  "GET /api/migration/history 401": () => api("GET", "/api/migration/history"),
  "GET /api/migration/history 403": () => api("GET", "/api/migration/history", { token: user.token }),
  "GET /api/migration/history 422": () =>
    api("GET", "/api/migration/history?limit=0", { token: admin.token }),
  "GET /api/migration/parity 200": () => api("GET", "/api/migration/parity", { token: admin.token }),
  "GET /api/migration/parity 401": () => api("GET", "/api/migration/parity"),
  "GET /api/migration/parity 403": () => api("GET", "/api/migration/parity", { token: user.token }),
  "POST /api/migration/parity 201": () =>
    api("POST", "/api/migration/parity", { token: admin.token, body: { route: "cart", report: [parityOk] } }),
  "POST /api/migration/parity 400": () =>
    api("POST", "/api/migration/parity", { token: admin.token, body: "{" }),
  "POST /api/migration/parity 401": () =>
    api("POST", "/api/migration/parity", { body: { route: "cart", report: [parityOk] } }),
  "POST /api/migration/parity 403": () =>
    api("POST", "/api/migration/parity", { token: user.token, body: { route: "cart", report: [parityOk] } }),
  "POST /api/migration/parity 404": () =>
    api("POST", "/api/migration/parity", { token: admin.token, body: { route: "nope", report: [parityOk] } }),
  "POST /api/migration/parity 415": () =>
    api("POST", "/api/migration/parity", { token: admin.token, body: "a=b", headers: form }),
  "POST /api/migration/parity 422": () =>
    api("POST", "/api/migration/parity", { token: admin.token, body: { route: "cart", report: [] } }),
  "GET /api/openapi.json 200": () => api("GET", "/api/openapi.json"),
  "GET /api/health 200": () => apiFetch("/api/health"),
  "GET /api/ready 200": () => apiFetch("/api/ready"),
  "GET /api/ready 503": async () => {
    const healthy = await getDatabase();
    const broken = {
      ...healthy,
      sql: { ...healthy.sql, query: () => Promise.reject(new Error("connection refused")) },
    };
    installDatabase(broken);
    try {
      return await apiFetch("/api/ready");
    } finally {
      installDatabase(healthy);
    }
  },
};

const parityOk = {
  path: "/cart",
  ok: true,
  fields: [{ field: "cart-total", match: true, legacy: ["0.00"], spa: ["0.00"] }],
};
const orderBody = () => ({ items: [{ product_id: catalog.products[4]!.id, quantity: 1 }] });
const order = (who: TestUser) =>
  api("POST", `/api/users/${who.id}/orders`, { token: who.token, body: orderBody() });

/** A user whose cart holds one available line. */
async function shopper(): Promise<TestUser> {
  const buyer = await createUser();
  await api("POST", "/api/cart/items", { token: buyer.token, body: { product_id: catalog.products[4]!.id } });
  return buyer;
}

function cartLineScenarios() {
  const line = async () => {
    const buyer = await shopper();
    return { buyer, path: `/api/cart/items/${catalog.products[4]!.id}` };
  };
  const out: Record<string, () => Promise<Response>> = {};
  for (const method of ["PATCH", "DELETE"] as const) {
    const body = method === "PATCH" ? { quantity: 2 } : undefined;
    const key = `${method} /api/cart/items/{product_id}`;
    out[`${key} 200`] = async () => {
      const { buyer, path } = await line();
      return api(method, path, { token: buyer.token, body });
    };
    out[`${key} 403`] = async () =>
      api(method, `/api/cart/items/${pid()}`, { body, headers: { origin: "https://evil.example" } });
    out[`${key} 404`] = async () =>
      api(method, `/api/cart/items/${pid()}`, { token: (await createUser()).token, body });
    out[`${key} 422`] = async () => api(method, "/api/cart/items/x", { token: user.token, body });
  }
  const key = "PATCH /api/cart/items/{product_id}";
  out[`${key} 400`] = async () => {
    const { buyer, path } = await line();
    return api("PATCH", path, { token: buyer.token, body: "{" });
  };
  out[`${key} 409`] = async () => {
    const { buyer, path } = await line();
    return api("PATCH", path, { token: buyer.token, body: { quantity: 999 } });
  };
  out[`${key} 415`] = async () => {
    const { buyer, path } = await line();
    return api("PATCH", path, { token: buyer.token, body: "quantity=1", headers: form });
  };
  return out;
}

function orderPatchScenarios() {
  const key = "PATCH /api/orders/{id}";
  const placed = async () => `/api/orders/${(await (await order(user)).json()).id}`;
  return {
    [`${key} 200`]: async () =>
      api("PATCH", await placed(), { token: admin.token, body: { status: "paid" } }),
    [`${key} 400`]: async () => api("PATCH", await placed(), { token: admin.token, body: "{" }),
    [`${key} 401`]: async () => api("PATCH", await placed(), { body: { status: "paid" } }),
    [`${key} 403`]: async () => api("PATCH", await placed(), { token: user.token, body: { status: "paid" } }),
    [`${key} 404`]: async () =>
      api("PATCH", "/api/orders/424242", { token: admin.token, body: { status: "paid" } }),
    [`${key} 409`]: async () =>
      api("PATCH", await placed(), { token: admin.token, body: { status: "shipped" } }),
    [`${key} 415`]: async () =>
      api("PATCH", await placed(), { token: admin.token, body: "status=paid", headers: form }),
    [`${key} 422`]: async () =>
      api("PATCH", await placed(), { token: admin.token, body: { status: "lost" } }),
  };
}

async function lockOut(path: string): Promise<Response> {
  const target = { username: `locked-${path.length}@x.example`, password: "wrong" };
  let res: Response;
  do
    res = await api("POST", path, {
      body: target,
      headers: { "x-cutover-client-address": `198.51.100.${path.length}` },
    });
  while (res.status === 401);
  return res;
}

function writeScenarios(method: "PUT" | "PATCH", valid: Record<string, unknown>) {
  const path = () => `/api/products/${pid()}`;
  return {
    [`${method} /api/products/{id} 200`]: () => api(method, path(), { token: admin.token, body: valid }),
    [`${method} /api/products/{id} 400`]: () => api(method, path(), { token: admin.token, body: "{" }),
    [`${method} /api/products/{id} 401`]: () => api(method, path(), { body: valid }),
    [`${method} /api/products/{id} 403`]: () => api(method, path(), { token: user.token, body: valid }),
    [`${method} /api/products/{id} 404`]: () =>
      api(method, "/api/products/424242", { token: admin.token, body: valid }),
    [`${method} /api/products/{id} 409`]: () =>
      api(method, path(), { token: admin.token, body: { ...valid, slug: "macbook-pro" } }),
    [`${method} /api/products/{id} 415`]: () =>
      api(method, path(), { token: admin.token, body: "price=3", headers: form }),
    [`${method} /api/products/{id} 422`]: () =>
      api(method, path(), { token: admin.token, body: { price: "x" } }),
  };
}

describe("documented response statuses", () => {
  const documented = openApiDocument();
  const keys: string[] = [];
  for (const [path, ops] of Object.entries(documented.paths)) {
    for (const [method, op] of Object.entries(
      ops as Record<string, { responses: Record<string, unknown> }>,
    )) {
      // next-auth's own endpoints are exercised through a real browser session (tests/e2e).
      if (operations.some((o) => o.path === path && o.method === method && o.servedByNextAuth)) continue;
      for (const status of Object.keys(op.responses)) keys.push(`${method.toUpperCase()} ${path} ${status}`);
    }
  }

  it("has a scenario for every documented status, and none undocumented", () => {
    expect(Object.keys(scenarios).sort()).toEqual([...keys].sort());
  });

  it.each(keys.filter((k) => scenarios[k]))("%s is reachable", async (key) => {
    const expected = Number(key.split(" ").at(-1));
    const res = await scenarios[key]!();
    expect(res.status).toBe(expected);
    if (expected >= 400) expect(res.headers.get("content-type")).toMatch(/problem\+json|application\/json/);
  });
});

it("is generated from this module's own schemas even when another bundle registered the same ids", () => {
  // What the router's and instrumentation's bundles do in a production server: their own
  // copies of the validation modules register schemas under the same ids.
  const before = JSON.stringify(openApiDocument());
  z.object({ requests: z.number() }).meta({ id: "VariantSummary" });
  z.object({ id: z.string() }).meta({ id: "RouteState" });
  expect(JSON.stringify(openApiDocument())).toBe(before);
});
