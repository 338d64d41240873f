import { api, apiFetch, apiRouteFiles } from "@/tests/helpers/app";
import { createUser } from "@/tests/helpers/fixtures";

const ALLOWED = "https://app.example.com";
const routes = apiRouteFiles().map((r) =>
  r.route.replace(/\[\.\.\.[^\]]+\]/, "session").replace(/\[[^\]]+\]/g, "1"),
);

const preflight = (path: string, origin: string) =>
  apiFetch(path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    },
  });

describe("CORS", () => {
  it.each(routes)("answers a preflight for %s from an allowed origin", async (path) => {
    const res = await preflight(path, ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
  });

  it("gives a disallowed origin no CORS headers at all", async () => {
    const pre = await preflight("/api/products", "https://evil.example");
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
    const res = await api("GET", "/api/products", { headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("echoes the allowed origin (never *) with credentials, exposing paging headers", async () => {
    const res = await api("GET", "/api/products", { headers: { origin: ALLOWED } });
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-expose-headers")).toMatch(/X-Total-Count.*Link/);
    expect(res.headers.get("vary")).toMatch(/Origin/);
  });

  it("puts CORS headers on error responses too, so browsers can read the problem", async () => {
    const res = await api("GET", "/api/products/999999", { headers: { origin: ALLOWED } });
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  });

  it("lets an allowed origin make cookie-authenticated writes (not a CSRF)", async () => {
    const { sessionCookie } = await import("@/tests/helpers/fixtures");
    const user = await createUser("user");
    const res = await api("PATCH", "/api/users/me", {
      cookie: await sessionCookie(user.id),
      headers: { origin: ALLOWED, "sec-fetch-site": "cross-site" },
      body: { name: "From the app" },
    });
    expect(res.status).toBe(200);
  });
});
