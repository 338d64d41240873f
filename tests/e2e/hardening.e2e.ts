// What only a running server shows: the framework's own parsing (paths, the proxy's body
// buffer) and next-auth's endpoints, answered as the rest of the app answers.

export {};

const base = () => process.env.E2E_URL!;

/** A fresh account signed in through next-auth's own endpoints, as the browser does it. */
async function signInWithNextAuth(): Promise<{ email: string; cookie: string }> {
  const email = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@test.example`;
  const password = "a long enough password";
  const signUp = await fetch(`${base()}/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(signUp.status).toBe(201);
  const csrf = await fetch(`${base()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const callback = await fetch(`${base()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = callback.headers
    .getSetCookie()
    .find((c) => c.startsWith("next-auth.session-token="))
    ?.split(";")[0];
  expect(session).toBeDefined();
  return { email, cookie: session! };
}

describe("requests the framework would answer with a bare 500", () => {
  it.each(["/api/products/%E0%A4%A", "/api/%ZZ", "/api/products/%"])(
    "an undecodable API path %s is a 404 problem+json",
    async (path) => {
      const res = await fetch(`${base()}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    },
  );

  it.each(["/products/%FF", "/legacy/products/%"])(
    "an undecodable page path %s is the 404 page",
    async (path) => {
      const res = await fetch(`${base()}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    },
  );

  it("a legacy form over the limit is refused with 413 (also past the proxy's 10 MB buffer) and adds nothing", async () => {
    const page = await fetch(`${base()}/legacy/products/1`);
    const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]);
    const token = /name="csrfmiddlewaretoken" value="([^"]*)"/.exec(await page.text())?.[1] ?? "";
    const form = `csrfmiddlewaretoken=${token}&action=add&product_id=1&quantity=1&padding=${"x".repeat(12 * 1024 * 1024)}`;
    const res = await fetch(`${base()}/legacy/cart`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookies.join("; "),
        origin: base(),
      },
      body: form,
    });
    expect(res.status).toBe(413);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("cutover_cart="))).toBe(false);
  });
});

describe("next-auth's endpoints answer problem+json for what they do not serve", () => {
  it.each([
    ["GET", "/api/auth/nope", undefined, undefined, 404],
    ["GET", "/api/auth/signin/nope", undefined, undefined, 404],
    ["POST", "/api/auth/callback/credentials", "application/json", "{", 400],
    ["POST", "/api/auth/session", "application/json", "[1]", 400],
    ["POST", "/api/auth/callback/credentials", "text/plain", "x", 415],
    ["PUT", "/api/auth/session", undefined, undefined, 405],
  ])("%s %s (%s, body %j) → %i", async (method, path, type, body, status) => {
    const res = await fetch(`${base()}${path}`, {
      method,
      redirect: "manual",
      headers: type ? { "content-type": type } : {},
      body,
    });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("revoked sessions", () => {
  it("sign-out everywhere ends a next-auth session: the API and next-auth's own session endpoint both stop accepting it", async () => {
    const { email, cookie } = await signInWithNextAuth();
    const session = async () => (await fetch(`${base()}/api/auth/session`, { headers: { cookie } })).json();
    expect(await session()).toMatchObject({ user: { email } });
    const me = () => fetch(`${base()}/api/users/me`, { headers: { cookie } });
    expect((await me()).status).toBe(200);

    const out = await fetch(`${base()}/api/users/me/sessions`, {
      method: "DELETE",
      headers: { cookie, origin: base(), "sec-fetch-site": "same-origin" },
    });
    expect(out.status).toBe(204);

    expect((await me()).status).toBe(401);
    const after = await fetch(`${base()}/api/auth/session`, { headers: { cookie } });
    expect(await after.json()).toEqual({});
    expect(after.headers.getSetCookie().some((c) => /^next-auth\.session-token=;/.test(c))).toBe(true);
  });
});
