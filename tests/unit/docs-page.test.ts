import { GET as page } from "@/app/docs/route";
import { GET as asset } from "@/app/docs/assets/[file]/route";

const get = (file: string) =>
  asset(new Request(`http://test/docs/assets/${file}`), { params: Promise.resolve({ file }) });

describe("/docs", () => {
  it("serves the reference page pointing at the app's own assets and document", async () => {
    const res = page();
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain('src="/docs/assets/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    const init = await (await get("init.js")).text();
    expect(init).toContain('url: "/api/openapi.json"');
  });

  it("serves Swagger UI from node_modules, and nothing else", async () => {
    const js = await get("swagger-ui-bundle.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await get("swagger-ui.css")).status).toBe(200);
    expect((await get("..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await get("package.json")).status).toBe(404);
  });
});
