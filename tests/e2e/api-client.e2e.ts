// A client written for the seed FastAPI service, pointed at Cutover over real HTTP, unchanged.
export {};

const base = () => process.env.E2E_URL!;

describe("a seed-service client against a running Cutover", () => {
  it("lists, reads, logs in and creates with a bearer token", async () => {
    const list = await fetch(`${base()}/api/products?skip=0&limit=10`);
    expect(list.status).toBe(200);
    const products = (await list.json()) as { id: number; name: string; price: number; in_stock: boolean }[];
    expect(products).toHaveLength(10);
    for (const p of products) {
      expect(typeof p.id).toBe("number");
      expect(typeof p.name).toBe("string");
      expect(typeof p.price).toBe("number");
      expect(typeof p.in_stock).toBe("boolean");
    }
    const one = await fetch(`${base()}/api/products/1`);
    expect(((await one.json()) as { id: number }).id).toBe(1);

    const login = await fetch(`${base()}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin@cutover.dev", password: "admin-demo-password" }),
    });
    const { access_token, token_type } = (await login.json()) as { access_token: string; token_type: string };
    expect(token_type).toBe("bearer");
    const created = await fetch(`${base()}/api/products`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ name: "Seed client product", price: 99.0, description: "from the old client" }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "Seed client product", price: 99, in_stock: true });
  });

  it("serves the legacy RPC endpoint at its trailing-slash path without a redirect", async () => {
    const [product] = (await (await fetch(`${base()}/api/products/in-stock?limit=1`)).json()) as {
      id: number;
    }[];
    const res = await fetch(`${base()}/api/cart/add/`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ product_id: product!.id }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("deprecation")).not.toBeNull();
  });

  it("serves the API reference and a valid document offline", async () => {
    const page = await fetch(`${base()}/docs`);
    expect(await page.text()).toContain("/docs/assets/swagger-ui-bundle.js");
    const js = await fetch(`${base()}/docs/assets/swagger-ui-bundle.js`);
    expect(js.status).toBe(200);
    expect(((await (await fetch(`${base()}/api/openapi.json`)).json()) as { openapi: string }).openapi).toBe(
      "3.1.0",
    );
  });
});
