import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { getDatabase, installDatabase } from "@/lib/db";
import { openApiDocument } from "@/lib/validation/openapi";
import { api, apiFetch, apiRouteFiles } from "@/tests/helpers/app";
import { createCatalog, createUser, type Catalog, type TestUser } from "@/tests/helpers/fixtures";

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

  it("documents every route and method the app serves under /api", () => {
    const doc = openApiDocument();
    const missing: string[] = [];
    for (const route of apiRouteFiles()) {
      const source = readFileSync(route.file, "utf8");
      const path = route.route.replace(/\[([^\]]+)\]/g, "{$1}");
      for (const method of METHODS) {
        if (!new RegExp(`export const ${method}\\b|export (async )?function ${method}\\b`).test(source)) continue;
        if (path.includes("{...")) {
          // A catch-all (next-auth) is documented by its concrete endpoints.
          const prefix = path.slice(0, path.indexOf("{..."));
          if (!Object.keys(doc.paths).some((p) => p.startsWith(prefix))) missing.push(`${method} ${path}`);
          continue;
        }
        if (!doc.paths[path]?.[method.toLowerCase()]) missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
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

/** "METHOD path status" → a request that must produce that status. */
const scenarios: Record<string, () => Promise<Response>> = {
  "GET /api/products 200": () => api("GET", "/api/products"),
  "GET /api/products 304": () => withEtag("/api/products"),
  "GET /api/products 422": () => api("GET", "/api/products?limit=1000"),
  "POST /api/products 201": () => api("POST", "/api/products", { token: admin.token, body: { name: "N", price: 1 } }),
  "POST /api/products 400": () => api("POST", "/api/products", { token: admin.token, body: "{" }),
  "POST /api/products 401": () => api("POST", "/api/products", { body: { name: "N", price: 1 } }),
  "POST /api/products 403": () => api("POST", "/api/products", { token: user.token, body: { name: "N", price: 1 } }),
  "POST /api/products 409": () =>
    api("POST", "/api/products", { token: admin.token, body: { name: "N", price: 1, slug: "iphone-15" } }),
  "POST /api/products 415": () => api("POST", "/api/products", { token: admin.token, body: "a=b", headers: form }),
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
    const p = await (await api("POST", "/api/products", { token: admin.token, body: { name: "D", price: 1 } })).json();
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
    api("POST", `/api/products/${pid()}/reduce-stock`, { token: admin.token, body: "quantity=1", headers: form }),
  "POST /api/products/{id}/reduce-stock 422": () =>
    api("POST", `/api/products/${pid()}/reduce-stock`, { token: admin.token, body: { quantity: -1 } }),
  "GET /api/categories 200": () => api("GET", "/api/categories"),
  "GET /api/categories 304": () => withEtag("/api/categories"),
  "GET /api/categories/{id} 200": () => api("GET", "/api/categories/phones"),
  "GET /api/categories/{id} 304": () => withEtag(`/api/categories/${catalog.categories[0]!.id}`),
  "GET /api/categories/{id} 404": () => api("GET", "/api/categories/no-such-thing"),
  "GET /api/categories/{id} 422": () => api("GET", "/api/categories/Not%20A%20Slug"),
  "GET /api/openapi.json 200": () => api("GET", "/api/openapi.json"),
  "GET /api/health 200": () => apiFetch("/api/health"),
  "GET /api/ready 200": () => apiFetch("/api/ready"),
  "GET /api/ready 503": async () => {
    const healthy = await getDatabase();
    const broken = { ...healthy, sql: { ...healthy.sql, query: () => Promise.reject(new Error("connection refused")) } };
    installDatabase(broken);
    try {
      return await apiFetch("/api/ready");
    } finally {
      installDatabase(healthy);
    }
  },
};

function writeScenarios(method: "PUT" | "PATCH", valid: Record<string, unknown>) {
  const path = () => `/api/products/${pid()}`;
  return {
    [`${method} /api/products/{id} 200`]: () => api(method, path(), { token: admin.token, body: valid }),
    [`${method} /api/products/{id} 400`]: () => api(method, path(), { token: admin.token, body: "{" }),
    [`${method} /api/products/{id} 401`]: () => api(method, path(), { body: valid }),
    [`${method} /api/products/{id} 403`]: () => api(method, path(), { token: user.token, body: valid }),
    [`${method} /api/products/{id} 404`]: () => api(method, "/api/products/424242", { token: admin.token, body: valid }),
    [`${method} /api/products/{id} 409`]: () =>
      api(method, path(), { token: admin.token, body: { ...valid, slug: "macbook-pro" } }),
    [`${method} /api/products/{id} 415`]: () =>
      api(method, path(), { token: admin.token, body: "price=3", headers: form }),
    [`${method} /api/products/{id} 422`]: () => api(method, path(), { token: admin.token, body: { price: "x" } }),
  };
}

describe("documented response statuses", () => {
  const documented = openApiDocument();
  const keys: string[] = [];
  for (const [path, ops] of Object.entries(documented.paths)) {
    for (const [method, op] of Object.entries(ops as Record<string, { responses: Record<string, unknown> }>)) {
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
