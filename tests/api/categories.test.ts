import { api } from "@/tests/helpers/app";
import { createCatalog, createUser, type Catalog } from "@/tests/helpers/fixtures";

let catalog: Catalog;
beforeAll(async () => {
  catalog = await createCatalog();
});

describe("GET /api/categories", () => {
  it("lists categories by name with product counts", async () => {
    const res = await api("GET", "/api/categories");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBe("2");
    const body = await res.json();
    expect(body).toEqual([
      expect.objectContaining({ name: "Laptops", slug: "laptops", product_count: 2 }),
      expect.objectContaining({ name: "Phones", slug: "phones", product_count: 3 }),
    ]);
  });

  it("updates counts after a product is created through the API", async () => {
    const admin = await createUser("admin");
    await api("POST", "/api/products", {
      token: admin.token,
      body: { name: "Extra", price: 1, category: "laptops" },
    });
    const laptops = (await (await api("GET", "/api/categories")).json()).find(
      (c: { slug: string }) => c.slug === "laptops",
    );
    expect(laptops.product_count).toBe(3);
  });
});

describe("GET /api/categories/{id}", () => {
  it("finds a category by id or by slug", async () => {
    const id = catalog.categories[0]!.id;
    const byId = await (await api("GET", `/api/categories/${id}`)).json();
    const bySlug = await (await api("GET", "/api/categories/phones")).json();
    expect(byId).toEqual(bySlug);
    expect(byId).toMatchObject({ id, name: "Phones" });
  });

  it("answers 404 for an unknown one and 422 for a malformed reference", async () => {
    expect((await api("GET", "/api/categories/999")).status).toBe(404);
    expect((await api("GET", "/api/categories/no-such")).status).toBe(404);
    const bad = await api("GET", "/api/categories/Bad%20Slug!");
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0].field).toBe("id");
  });
});
