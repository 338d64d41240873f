import { api, apiFetch } from "@/tests/helpers/app";
import { createCatalog, createUser, type Catalog, type TestUser } from "@/tests/helpers/fixtures";

let catalog: Catalog;
let admin: TestUser;
let user: TestUser;

beforeAll(async () => {
  catalog = await createCatalog();
  admin = await createUser("admin");
  user = await createUser("user");
});

const names = async (res: Response) => ((await res.json()) as { name: string }[]).map((p) => p.name);

describe("GET /api/products", () => {
  it("answers a seed-compatible JSON array with skip/limit", async () => {
    const res = await api("GET", "/api/products?skip=0&limit=10");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await res.json();
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(6);
    expect(body[0]).toEqual({
      id: catalog.products[0]!.id,
      name: "iPhone 15",
      slug: "iphone-15",
      price: 5999,
      description: "A phone with a good camera",
      in_stock: true,
      stock: 10,
      category: { id: catalog.categories[0]!.id, name: "Phones", slug: "phones" },
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: expect.any(String),
    });
    expect(res.headers.get("x-total-count")).toBe("6");
  });

  it("defaults to 10 per page and pages with Link headers", async () => {
    const res = await api("GET", "/api/products?limit=2&skip=2");
    expect(await names(res)).toEqual(["Pixel 9", "ThinkPad X1"]);
    const link = res.headers.get("link")!;
    expect(link).toContain('</api/products?limit=2&skip=0>; rel="first"');
    expect(link).toContain('</api/products?limit=2&skip=0>; rel="prev"');
    expect(link).toContain('</api/products?limit=2&skip=4>; rel="next"');
    expect(link).toContain('</api/products?limit=2&skip=4>; rel="last"');
  });

  it("walks every page by opaque cursor without repeats, in any ordering", async () => {
    for (const ordering of ["id", "-price", "name", "-created_at", "stock"]) {
      const seen: string[] = [];
      let next: string | null = `/api/products?limit=2&ordering=${ordering}`;
      while (next) {
        const res: Response = await api("GET", next);
        expect(res.status).toBe(200);
        seen.push(...(await names(res)));
        const cursor = res.headers.get("x-next-cursor");
        next = cursor ? `/api/products?limit=2&ordering=${ordering}&cursor=${cursor}` : null;
      }
      const all = await names(await api("GET", `/api/products?limit=100&ordering=${ordering}`));
      expect(seen).toEqual(all);
    }
  });

  it("filters by stock, category, price range and search", async () => {
    expect(await names(await api("GET", "/api/products?in_stock=false"))).toEqual(["Pixel 9"]);
    expect(await names(await api("GET", "/api/products?category=laptops"))).toEqual([
      "MacBook Pro",
      "ThinkPad X1",
    ]);
    expect(await names(await api("GET", "/api/products?min_price=5000&max_price=10000"))).toEqual([
      "iPhone 15",
      "ThinkPad X1",
    ]);
    // search looks at name and description, case-insensitively
    expect(await names(await api("GET", "/api/products?search=LAPTOP"))).toEqual([
      "MacBook Pro",
      "ThinkPad X1",
    ]);
    expect(await names(await api("GET", "/api/products?search=camera"))).toEqual(["iPhone 15"]);
    const res = await api("GET", "/api/products?category=phones&in_stock=true&ordering=-price");
    expect(await names(res)).toEqual(["iPhone 15", "Nokia 3310"]);
    expect(res.headers.get("x-total-count")).toBe("2");
  });

  it("orders by price, name and created_at", async () => {
    expect(await names(await api("GET", "/api/products?ordering=price&limit=3"))).toEqual([
      "Loose Cable",
      "Nokia 3310",
      "Pixel 9",
    ]);
    // (name order follows the database collation; these names avoid case differences)
    expect(await names(await api("GET", "/api/products?ordering=-name&category=laptops"))).toEqual([
      "ThinkPad X1",
      "MacBook Pro",
    ]);
    expect(await names(await api("GET", "/api/products?ordering=-created_at&limit=1"))).toEqual([
      "Loose Cable",
    ]);
  });

  it.each([
    ["ordering=colour", "ordering"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["skip=-1", "skip"],
    ["skip=abc", "skip"],
    ["in_stock=maybe", "in_stock"],
    ["min_price=cheap", "min_price"],
    ["min_price=10&max_price=5", "min_price"],
    ["cursor=garbage", "cursor"],
  ])("answers 422 problem+json naming the field for %s", async (query, field) => {
    const res = await api("GET", `/api/products?${query}`);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 422, title: "Unprocessable Content", type: expect.any(String) });
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("answers 400 (not 500) for values the database cannot take, such as a NUL character", async () => {
    const res = await api("GET", "/api/products?search=a%00b");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const forged = Buffer.from(JSON.stringify({ o: "price", v: "x", id: 1 })).toString("base64url");
    const cursor = await api("GET", `/api/products?ordering=price&cursor=${forged}`);
    expect(cursor.status).toBe(422);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const first = await api("GET", "/api/products?limit=3");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await api("GET", "/api/products?limit=3", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});

describe("GET /api/products/in-stock", () => {
  it("lists only products with stock", async () => {
    const res = await api("GET", "/api/products/in-stock?limit=100");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { in_stock: boolean; name: string }[];
    expect(body.map((p) => p.name)).not.toContain("Pixel 9");
    expect(body.every((p) => p.in_stock)).toBe(true);
    expect(res.headers.get("x-total-count")).toBe("5");
  });
});

describe("GET /api/products/{id}", () => {
  it("returns the product with an ETag", async () => {
    const id = catalog.products[1]!.id;
    const res = await api("GET", `/api/products/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, name: "MacBook Pro", price: 14999, in_stock: true });
    const etag = res.headers.get("etag")!;
    expect((await api("GET", `/api/products/${id}`, { headers: { "if-none-match": etag } })).status).toBe(
      304,
    );
  });

  it("answers 404 problem+json for an unknown id", async () => {
    const res = await api("GET", "/api/products/999999");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 404,
      title: "Not Found",
      detail: "Product 999999 does not exist.",
    });
  });

  it("answers 422 for a non-integer id", async () => {
    const res = await api("GET", "/api/products/abc");
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].field).toBe("id");
  });
});

describe("POST /api/products", () => {
  it("refuses a body over 1 MB with 413, declared or streamed, and stops reading a stream that goes on", async () => {
    const big = { name: "Big", price: 1, description: "x".repeat(1_100_000) };
    const declared = await api("POST", "/api/products", {
      token: admin.token,
      body: big,
      headers: { "content-length": String(JSON.stringify(big).length) },
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toBe("application/problem+json");

    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks++;
        if (chunks === 1)
          controller.enqueue(new TextEncoder().encode('{"name":"Big","price":1,"description":"'));
        else if (chunks < 100) controller.enqueue(new Uint8Array(64 * 1024).fill(120));
        else controller.close();
      },
    });
    const streamed = await apiFetch("/api/products", {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ status: 413, title: "Content Too Large" });
    // Read on past the limit only as far as the drain allowance (lib/http/body.ts), not to the end.
    expect(chunks).toBeLessThan(40);
    const found = await api("GET", "/api/products?search=Big");
    expect(await found.json()).toEqual([]);
  });

  it("creates a product for an admin: 201 with Location (seed client body)", async () => {
    const res = await api("POST", "/api/products", {
      token: admin.token,
      body: { name: "Galaxy S25", price: 6999.0, description: "New phone" },
    });
    expect(res.status).toBe(201);
    const product = await res.json();
    expect(res.headers.get("location")).toBe(`/api/products/${product.id}`);
    expect(product).toMatchObject({
      name: "Galaxy S25",
      price: 6999,
      in_stock: true,
      slug: "galaxy-s25",
      category: null,
    });
    const fetched = await api("GET", `/api/products/${product.id}`);
    expect(await fetched.json()).toMatchObject({ name: "Galaxy S25" });
  });

  it("accepts a category by slug and explicit stock", async () => {
    const res = await api("POST", "/api/products", {
      token: admin.token,
      body: { name: "Pixel Fold", price: 12999.99, stock: 4, category: "phones" },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ stock: 4, category: { slug: "phones" }, price: 12999.99 });
  });

  it("shows new products in lists immediately (the list cache is invalidated)", async () => {
    const before = Number((await api("GET", "/api/products")).headers.get("x-total-count"));
    await api("POST", "/api/products", { token: admin.token, body: { name: "Fresh", price: 1 } });
    const after = Number((await api("GET", "/api/products")).headers.get("x-total-count"));
    expect(after).toBe(before + 1);
  });

  it("answers 401 without credentials and 403 for a non-admin", async () => {
    const anon = await api("POST", "/api/products", { body: { name: "X", price: 1 } });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const res = await api("POST", "/api/products", { token: user.token, body: { name: "X", price: 1 } });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it.each([
    [{ price: 10 }, "name"],
    [{ name: "", price: 10 }, "name"],
    [{ name: "X" }, "price"],
    [{ name: "X", price: -1 }, "price"],
    [{ name: "X", price: 1.234 }, "price"],
    [{ name: "X", price: "cheap" }, "price"],
    [{ name: "X", price: 1, stock: 1.5 }, "stock"],
    [{ name: "X", price: 1, category: "no-such" }, "category"],
    [{ name: "X", price: 1, stock: 0, in_stock: true }, "in_stock"],
    [{ name: "X", price: 1, colour: "red" }, "body"],
  ])("answers 422 naming the field for %j", async (body, field) => {
    const res = await api("POST", "/api/products", { token: admin.token, body });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("answers 400 for broken JSON and 415 for a form body", async () => {
    const broken = await api("POST", "/api/products", { token: admin.token, body: "{name:" });
    expect(broken.status).toBe(400);
    const form = await api("POST", "/api/products", {
      token: admin.token,
      body: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
  });

  it("answers 409 for a duplicate slug", async () => {
    const res = await api("POST", "/api/products", {
      token: admin.token,
      body: { name: "Dup", price: 1, slug: "iphone-15" },
    });
    expect(res.status).toBe(409);
    expect((await res.json()).errors).toEqual([{ field: "slug", message: "is already taken" }]);
  });
});

describe("PUT /api/products/{id}", () => {
  it("replaces every field", async () => {
    const id = catalog.products[3]!.id;
    const res = await api("PUT", `/api/products/${id}`, {
      token: admin.token,
      body: { name: "ThinkPad X1 Gen 12", price: 10999, description: "Refreshed", stock: 5, category: null },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id,
      name: "ThinkPad X1 Gen 12",
      price: 10999,
      description: "Refreshed",
      stock: 5,
      category: null,
    });
  });

  it("answers 422 when a required field is missing", async () => {
    const res = await api("PUT", `/api/products/${catalog.products[3]!.id}`, {
      token: admin.token,
      body: { name: "Only a name" },
    });
    expect(res.status).toBe(422);
    const fields = (await res.json()).errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["price", "description"]));
    const noStock = await api("PUT", `/api/products/${catalog.products[3]!.id}`, {
      token: admin.token,
      body: { name: "X", price: 1, description: "d" },
    });
    expect((await noStock.json()).errors).toEqual([{ field: "stock", message: "send stock (or in_stock)" }]);
  });

  it("takes a seed client's full replacement with in_stock, keeping the stock it has", async () => {
    const id = catalog.products[0]!.id; // iPhone 15, stock 10 (less what other tests took)
    const before = (await (await api("GET", `/api/products/${id}`)).json()).stock;
    const res = await api("PUT", `/api/products/${id}`, {
      token: admin.token,
      body: { name: "iPhone 15", price: 5999, description: "A phone with a good camera", in_stock: true },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stock: before, in_stock: true });
    const off = await api("PATCH", `/api/products/${id}`, { token: admin.token, body: { in_stock: false } });
    expect(await off.json()).toMatchObject({ stock: 0, in_stock: false });
    const on = await api("PATCH", `/api/products/${id}`, { token: admin.token, body: { in_stock: true } });
    expect(await on.json()).toMatchObject({ stock: 1, in_stock: true });
    await api("PATCH", `/api/products/${id}`, { token: admin.token, body: { stock: before } });
  });

  it("answers 404 for an unknown product", async () => {
    const res = await api("PUT", "/api/products/999999", {
      token: admin.token,
      body: { name: "X", price: 1, description: null, stock: 1, category: null },
    });
    expect(res.status).toBe(404);
  });
});

describe("PATCH /api/products/{id}", () => {
  it("changes only the fields sent", async () => {
    const id = catalog.products[4]!.id;
    const res = await api("PATCH", `/api/products/${id}`, { token: admin.token, body: { price: 249.5 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, name: "Nokia 3310", price: 249.5, stock: 50 });
    // The cached detail is invalidated too.
    expect(await (await api("GET", `/api/products/${id}`)).json()).toMatchObject({ price: 249.5 });
  });

  it("answers 422 for an empty patch and 403 for a user", async () => {
    const id = catalog.products[4]!.id;
    expect((await api("PATCH", `/api/products/${id}`, { token: admin.token, body: {} })).status).toBe(422);
    expect(
      (await api("PATCH", `/api/products/${id}`, { token: user.token, body: { price: 1 } })).status,
    ).toBe(403);
  });
});

describe("DELETE /api/products/{id}", () => {
  it("deletes (204), then the product is gone (404)", async () => {
    const created = await (
      await api("POST", "/api/products", { token: admin.token, body: { name: "Doomed", price: 1 } })
    ).json();
    const res = await api("DELETE", `/api/products/${created.id}`, { token: admin.token });
    expect(res.status).toBe(204);
    expect((await api("GET", `/api/products/${created.id}`)).status).toBe(404);
    expect((await api("DELETE", `/api/products/${created.id}`, { token: admin.token })).status).toBe(404);
  });

  it("takes only the canonical id: `%20<id>`, `0x…`, `1e1`, `+<id>` and friends delete nothing (422)", async () => {
    const id = catalog.products[2]!.id;
    for (const loose of [`%20${id}`, `0x${id.toString(16)}`, `${id}.0`, `+${id}`, `0${id}`, `${id}%20`]) {
      const res = await api("DELETE", `/api/products/${loose}`, { token: admin.token });
      expect([loose, res.status]).toEqual([loose, 422]);
      expect((await res.json()).errors[0].field).toBe("id");
    }
    expect((await api("GET", `/api/products/${id}`)).status).toBe(200);
    expect((await api("GET", "/api/products/1e1")).status).toBe(422);
  });

  it("answers 401 and 403 before touching anything", async () => {
    const id = catalog.products[0]!.id;
    expect((await api("DELETE", `/api/products/${id}`)).status).toBe(401);
    expect((await api("DELETE", `/api/products/${id}`, { token: user.token })).status).toBe(403);
    expect((await api("GET", `/api/products/${id}`)).status).toBe(200);
  });
});

describe("POST /api/products/{id}/reduce-stock", () => {
  it("decrements and answers the product", async () => {
    const id = catalog.products[1]!.id; // MacBook Pro, stock 3
    const res = await api("POST", `/api/products/${id}/reduce-stock`, {
      token: admin.token,
      body: { quantity: 2 },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, stock: 1, in_stock: true });
  });

  it("answers 409 when stock is insufficient, leaving stock unchanged", async () => {
    const id = catalog.products[1]!.id;
    const res = await api("POST", `/api/products/${id}/reduce-stock`, {
      token: admin.token,
      body: { quantity: 5 },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ status: 409, detail: "Only 1 left in stock; cannot take 5." });
    expect(await (await api("GET", `/api/products/${id}`)).json()).toMatchObject({ stock: 1 });
  });

  it("never goes below zero under concurrent calls", async () => {
    const created = await (
      await api("POST", "/api/products", {
        token: admin.token,
        body: { name: "Scarce", price: 1, stock: 10 },
      })
    ).json();
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        api("POST", `/api/products/${created.id}/reduce-stock`, {
          token: admin.token,
          body: { quantity: 1 },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    expect(await (await api("GET", `/api/products/${created.id}`)).json()).toMatchObject({
      stock: 0,
      in_stock: false,
    });
  });

  it("answers 422 for a bad quantity and 404 for an unknown product", async () => {
    const id = catalog.products[0]!.id;
    expect(
      (await api("POST", `/api/products/${id}/reduce-stock`, { token: admin.token, body: { quantity: 0 } }))
        .status,
    ).toBe(422);
    expect(
      (await api("POST", `/api/products/999999/reduce-stock`, { token: admin.token, body: { quantity: 1 } }))
        .status,
    ).toBe(404);
  });
});
