import { accessEntry, requestIdFrom, securityHeaders } from "@/lib/http/access";

describe("request ids", () => {
  it("keep a caller's sane id and replace anything else with a fresh one", () => {
    expect(requestIdFrom("lb-7f3a.2026:11")).toBe("lb-7f3a.2026:11");
    for (const bad of [undefined, "", "a b", "x".repeat(129), ["a", "b"], "id\nLevel: admin"]) {
      expect(requestIdFrom(bad as string)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("security headers", () => {
  it("forbid framing and sniffing everywhere, and ask for HTTPS only when served over it", () => {
    expect(securityHeaders("http://localhost:3000")).toEqual({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "content-security-policy": "frame-ancestors 'none'",
    });
    expect(securityHeaders("https://shop.example.com")["strict-transport-security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
  });
});

describe("access-log lines", () => {
  const base = {
    requestId: "r1",
    method: "GET",
    status: 200,
    ms: 12.345,
    logUser: undefined,
    variant: undefined,
  };
  it("name the API operation's pattern, else the ledger route's, else the path — never the query", () => {
    expect(
      accessEntry({
        ...base,
        url: "/api/products/7?token=secret",
        logRoute: "GET /api/products/{id}",
      }),
    ).toEqual({
      request_id: "r1",
      method: "GET",
      route: "GET /api/products/{id}",
      status: 200,
      ms: 12.3,
      variant: null,
      user: null,
    });
    expect(
      accessEntry({
        ...base,
        url: "/products/7?variant=spa",
        logRoute: "/products/[id]",
        variant: "spa",
        logUser: "42",
      }),
    ).toMatchObject({ route: "/products/[id]", variant: "spa", user: "42" });
    expect(accessEntry({ ...base, url: "/favicon.ico?x=1", logRoute: undefined }).route).toBe("/favicon.ico");
  });
});
