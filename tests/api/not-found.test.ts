import { api } from "@/tests/helpers/app";

// Every API error is problem+json (RFC 9457), including paths no operation serves.

describe("unknown /api paths", () => {
  it.each([
    ["GET", "/api/nope"],
    ["POST", "/api/nope"],
    ["DELETE", "/api/nope"],
    ["PUT", "/api/nope/deeper/still"],
    ["PATCH", "/api/products/1/nope"],
    ["GET", "/api/products/1/nope"],
  ])("%s %s answers 404 problem+json", async (method, path) => {
    const res = await api(method, path, { headers: { "x-request-id": "req-404" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-request-id")).toBe("req-404");
    expect(await res.json()).toMatchObject({
      type: "/problems/not-found",
      title: "Not Found",
      status: 404,
      detail: expect.stringContaining("no API endpoint"),
      instance: path,
    });
  });

  it("keeps a load balancer's request id as the access log does (one rule: lib/http/access.ts)", async () => {
    const kept = await api("GET", "/api/products/999999", { headers: { "x-request-id": "lb-7f3a.2026:11" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.2026:11");
    const replaced = await api("GET", "/api/products/999999", { headers: { "x-request-id": "a b" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("HEAD answers 404 too", async () => {
    const res = await api("HEAD", "/api/nope");
    expect(res.status).toBe(404);
  });

  it("OPTIONS answers the CORS preflight as on every API path", async () => {
    const res = await api("OPTIONS", "/api/nope");
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toContain("GET");
  });

  it("leaves real routes alone", async () => {
    expect((await api("GET", "/api/categories")).status).toBe(200);
    expect((await api("GET", "/api/health")).status).toBe(200);
  });
});

describe("methods a path does not serve", () => {
  it.each([
    ["DELETE", "/api/categories", "GET, HEAD, OPTIONS"],
    ["POST", "/api/products/1", "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"],
    ["GET", "/api/checkout", "POST, OPTIONS"],
    ["PUT", "/api/cart/items/1", "PATCH, DELETE, OPTIONS"],
  ])("%s %s answers 405 problem+json with Allow", async (method, path, allow) => {
    const res = await api(method, path, { headers: { "x-request-id": "req-405" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("allow")).toBe(allow);
    expect(res.headers.get("x-request-id")).toBe("req-405");
    expect(await res.json()).toMatchObject({
      type: "/problems/method-not-allowed",
      title: "Method Not Allowed",
      status: 405,
      detail: `${method} is not served here; use ${allow}.`,
      instance: path,
    });
  });
});
