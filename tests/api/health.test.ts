import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";

describe("GET /api/health", () => {
  it("answers 200 without touching dependencies", async () => {
    const res = await health(new Request("http://test/api/health"));
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ status: "ok" });
  });
});

describe("GET /api/ready", () => {
  it("reports the database and cache as ready", async () => {
    const res = await ready(new Request("http://test/api/ready"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("ready");
    expect(body.checks.database).toMatch(/^ok \((pglite|postgres)\)$/);
    expect(body.checks.cache).toMatch(/^ok/);
  });
});
