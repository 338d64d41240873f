import { SignJWT, base64url } from "jose";
import { CLIENT_ADDRESS_HEADER as CLIENT } from "@/lib/client-address";
import { env } from "@/lib/env";
import { ACCOUNT_LIMIT } from "@/lib/auth/throttle";
import { api } from "@/tests/helpers/app";
import { createUser, sameOrigin, sessionCookie, type TestUser } from "@/tests/helpers/fixtures";

let alice: TestUser;
let admin: TestUser;
beforeAll(async () => {
  alice = await createUser("user", { email: "alice@test.example", password: "correct horse battery" });
  admin = await createUser("admin");
});

const secret = () => new TextEncoder().encode(env().AUTH_SECRET);

describe("POST /api/login", () => {
  it("exchanges username + password for a bearer token that works on a write (seed flow)", async () => {
    const res = await api("POST", "/api/login", {
      body: { username: "alice@test.example", password: "correct horse battery" },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 86400 });
    const me = await api("GET", "/api/users/me", { token: body.access_token });
    expect(await me.json()).toMatchObject({ id: alice.id, email: "alice@test.example", role: "user" });
    // seed's profile path still answers, pointing at its successor
    const profile = await api("GET", "/api/user/profile", { token: body.access_token });
    expect(profile.status).toBe(200);
    expect(profile.headers.get("link")).toBe('</api/users/me>; rel="successor-version"');
  });

  it("accepts the email in any case, and as `email`", async () => {
    const res = await api("POST", "/api/login", {
      body: { email: "ALICE@test.example", password: "correct horse battery" },
    });
    expect(res.status).toBe(200);
  });

  it("answers 401 problem+json for a wrong password or unknown user, alike", async () => {
    const wrong = await api("POST", "/api/login", {
      body: { username: "alice@test.example", password: "nope" },
    });
    const unknown = await api("POST", "/api/login", {
      body: { username: "nobody@test.example", password: "nope" },
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).detail).toBe("Incorrect email or password.");
    }
  });

  it("answers 422 naming missing fields", async () => {
    const res = await api("POST", "/api/login", { body: { username: "a@b.c" } });
    expect(res.status).toBe(422);
    expect((await res.json()).errors.map((e: { field: string }) => e.field)).toContain("password");
  });

  it("throttles an account from the address that keeps failing (429, Retry-After, RateLimit), not its owner", async () => {
    const victim = await createUser("user", { email: "victim@test.example", password: "the real password" });
    const attacker = { [CLIENT]: "203.0.113.7" };
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      const res = await api("POST", "/api/login", {
        body: { username: victim.email, password: "guess" },
        headers: attacker,
      });
      expect(res.status).toBe(401);
    }
    // From the attacker's address even the right password is refused now, until the window ends.
    const locked = await api("POST", "/api/login", {
      body: { username: victim.email, password: "the real password" },
      headers: attacker,
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(locked.headers.get("ratelimit")).toMatch(/^limit=5, remaining=0, reset=\d+$/);
    expect(locked.headers.get("ratelimit-policy")).toBe("5;w=900");
    // The owner, from their own address, is not locked out by someone else's failures.
    const owner = await api("POST", "/api/login", {
      body: { username: victim.email, password: "the real password" },
      headers: { [CLIENT]: "198.51.100.1" },
    });
    expect(owner.status).toBe(200);
    // Other accounts are unaffected.
    expect(
      (await api("POST", "/api/login", { body: { username: alice.email, password: alice.password } })).status,
    ).toBe(200);
  });

  it("throttles sign-ups per address (each is a bcrypt hash and can probe for emails)", async () => {
    const { SIGNUP_LIMIT } = await import("@/lib/auth/throttle");
    const from = (address: string, i: number) =>
      api("POST", "/api/users", {
        body: { email: `signup-${address}-${i}@test.example`, password: "long enough" },
        headers: { [CLIENT]: address },
      });
    for (let i = 0; i < SIGNUP_LIMIT; i++) expect((await from("203.0.113.21", i)).status).toBe(201);
    const refused = await from("203.0.113.21", SIGNUP_LIMIT);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await from("203.0.113.22", 0)).status).toBe(201);
  });

  it("throttles one address trying many accounts", async () => {
    const ip = { [CLIENT]: "192.0.2.99" };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await api("POST", "/api/login", {
        body: { username: `spray${i}@test.example`, password: "x" },
        headers: ip,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe("POST /api/auth/token", () => {
  it("takes an OAuth2 password-grant form", async () => {
    const res = await api("POST", "/api/auth/token", {
      body: new URLSearchParams({
        grant_type: "password",
        username: alice.email,
        password: alice.password,
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).token_type).toBe("bearer");
  });

  it("takes JSON too, and answers 401 / 422 / 415 like /api/login", async () => {
    expect(
      (await api("POST", "/api/auth/token", { body: { username: alice.email, password: alice.password } }))
        .status,
    ).toBe(200);
    expect(
      (await api("POST", "/api/auth/token", { body: { username: alice.email, password: "bad" } })).status,
    ).toBe(401);
    expect((await api("POST", "/api/auth/token", { body: { password: "x" } })).status).toBe(422);
    expect(
      (
        await api("POST", "/api/auth/token", {
          body: "<xml/>",
          headers: { "content-type": "application/xml" },
        })
      ).status,
    ).toBe(415);
  });
});

describe("bearer token validation", () => {
  const header = (res: Response) => res.headers.get("www-authenticate") ?? "";

  it.each([
    [
      "expired",
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "HS256" })
          .setSubject("1")
          .setIssuer("cutover")
          .setAudience("cutover-api")
          .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
          .sign(secret()),
    ],
    [
      "wrongly signed",
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "HS256" })
          .setSubject("1")
          .setIssuer("cutover")
          .setAudience("cutover-api")
          .setExpirationTime("1h")
          .sign(new TextEncoder().encode("another-secret-another-secret-xx")),
    ],
    [
      "alg none",
      async () =>
        `${base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url.encode(JSON.stringify({ sub: String(admin.id), iss: "cutover", aud: "cutover-api", exp: 9999999999 }))}.`,
    ],
    ["malformed", async () => "not-a-token"],
    [
      "for another audience",
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "HS256" })
          .setSubject("1")
          .setIssuer("cutover")
          .setAudience("elsewhere")
          .setExpirationTime("1h")
          .sign(secret()),
    ],
  ])("rejects a token that is %s with 401 invalid_token", async (_name, make) => {
    const res = await api("GET", "/api/users/me", { headers: { authorization: `Bearer ${await make()}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(header(res)).toMatch(/^Bearer error="invalid_token"/);
  });

  it("does not fall back to the session cookie when a bad token is sent", async () => {
    const res = await api("GET", "/api/users/me", {
      headers: { authorization: "Bearer x.y.z" },
      cookie: await sessionCookie(alice.id),
    });
    expect(res.status).toBe(401);
  });
});

describe("browser session cookie", () => {
  it("identifies the same user as the bearer token", async () => {
    const res = await api("GET", "/api/users/me", { cookie: await sessionCookie(alice.id) });
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe(alice.id);
  });

  it("ignores a tampered cookie (anonymous → 401)", async () => {
    const cookie = (await sessionCookie(alice.id)).slice(0, -4) + "AAAA";
    expect((await api("GET", "/api/users/me", { cookie })).status).toBe(401);
  });

  it("refuses cookie-authenticated writes from another site (CSRF), not bearer ones", async () => {
    const cookie = await sessionCookie(alice.id);
    const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    const forged = await api("PATCH", "/api/users/me", { cookie, headers: evil, body: { name: "pwned" } });
    expect(forged.status).toBe(403);
    const ownPage = await api("PATCH", "/api/users/me", {
      cookie,
      headers: sameOrigin,
      body: { name: "Alice" },
    });
    expect(ownPage.status).toBe(200);
    const bearer = await api("PATCH", "/api/users/me", {
      token: alice.token,
      headers: evil,
      body: { name: "Alice B" },
    });
    expect(bearer.status).toBe(200);
  });
});

describe("POST /api/users (sign-up)", () => {
  it("creates a user with role user, never storing the password in clear", async () => {
    const res = await api("POST", "/api/users", {
      body: { email: "New.Person@Test.example", password: "a good long password", name: "New" },
    });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toMatchObject({ email: "new.person@test.example", role: "user", name: "New" });
    expect(user).not.toHaveProperty("password");
    expect(user).not.toHaveProperty("password_hash");
    expect(res.headers.get("location")).toBe(`/api/users/${user.id}`);
    const login = await api("POST", "/api/login", {
      body: { username: "new.person@test.example", password: "a good long password" },
    });
    expect(login.status).toBe(200);
  });

  it("rejects attempts to pick a role, duplicates and weak input", async () => {
    const sneaky = await api("POST", "/api/users", {
      body: { email: "x@test.example", password: "long enough pw", role: "admin" },
    });
    expect(sneaky.status).toBe(422);
    const dup = await api("POST", "/api/users", { body: { email: alice.email, password: "long enough pw" } });
    expect(dup.status).toBe(409);
    expect((await dup.json()).errors[0].field).toBe("email");
    const weak = await api("POST", "/api/users", { body: { email: "not-an-email", password: "short" } });
    expect((await weak.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "email",
      "password",
    ]);
  });
});

describe("PATCH /api/users/me", () => {
  it("changes the password only with the current one", async () => {
    const u = await createUser("user", { password: "first password" });
    const missing = await api("PATCH", "/api/users/me", {
      token: u.token,
      body: { password: "second password" },
    });
    expect(missing.status).toBe(422);
    const wrong = await api("PATCH", "/api/users/me", {
      token: u.token,
      body: { password: "second password", current_password: "nope" },
    });
    expect((await wrong.json()).errors).toEqual([{ field: "current_password", message: "is incorrect" }]);
    const ok = await api("PATCH", "/api/users/me", {
      token: u.token,
      body: { password: "second password", current_password: "first password" },
    });
    expect(ok.status).toBe(200);
    expect(
      (await api("POST", "/api/login", { body: { username: u.email, password: "second password" } })).status,
    ).toBe(200);
  });
});

describe("revoking sessions and tokens", () => {
  const me = (auth: { token?: string; cookie?: string }) =>
    api("GET", "/api/users/me", { ...auth, headers: sameOrigin });
  const cookiePair = (setCookie: string | null) => setCookie?.split(";")[0] ?? "";

  it("sign-out everywhere revokes every session and token issued so far, and only those", async () => {
    const u = await createUser("user", { password: "a long password" });
    const laptop = await sessionCookie(u.id);
    const phone = await sessionCookie(u.id);
    expect((await me({ cookie: laptop })).status).toBe(200);

    const out = await api("DELETE", "/api/users/me/sessions", { cookie: laptop, headers: sameOrigin });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()).toContain(
      "next-auth.session-token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    );

    expect((await me({ cookie: laptop })).status).toBe(401);
    expect((await me({ cookie: phone })).status).toBe(401);
    const bearer = await me({ token: u.token });
    expect(bearer.status).toBe(401);
    expect((await bearer.json()).detail).toBe("The token has been revoked.");

    // Signing in again gives credentials that work.
    const login = await api("POST", "/api/login", {
      body: { username: u.email, password: "a long password" },
    });
    expect((await me({ token: (await login.json()).access_token })).status).toBe(200);
    expect((await me({ cookie: await sessionCookie(u.id) })).status).toBe(200);
    // Nobody else was signed out.
    expect((await me({ token: alice.token })).status).toBe(200);
  });

  it("is refused without a session, and from another site with a cookie", async () => {
    expect((await api("DELETE", "/api/users/me/sessions")).status).toBe(401);
    const u = await createUser("user");
    const cookie = await sessionCookie(u.id);
    const crossSite = await api("DELETE", "/api/users/me/sessions", {
      cookie,
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect((await me({ cookie })).status).toBe(200);
  });

  it("a password change revokes other sessions and tokens; the browser that changed it stays signed in", async () => {
    const u = await createUser("user", { password: "old password" });
    const here = await sessionCookie(u.id);
    const elsewhere = await sessionCookie(u.id);
    const changed = await api("PATCH", "/api/users/me", {
      cookie: here,
      headers: sameOrigin,
      body: { password: "new password", current_password: "old password" },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).not.toHaveProperty("tokenVersion");
    const renewed = cookiePair(changed.headers.get("set-cookie"));
    expect(renewed).toMatch(/^next-auth\.session-token=./);

    expect((await me({ cookie: renewed })).status).toBe(200);
    expect((await me({ cookie: here })).status).toBe(401);
    expect((await me({ cookie: elsewhere })).status).toBe(401);
    expect((await me({ token: u.token })).status).toBe(401);
  });

  it("a name change revokes nothing", async () => {
    const u = await createUser("user");
    const renamed = await api("PATCH", "/api/users/me", { token: u.token, body: { name: "New name" } });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get("set-cookie")).toBeNull();
    expect((await me({ token: u.token })).status).toBe(200);
  });

  it("refuses a token whose version claim is not a version", async () => {
    const forged = await new SignJWT({ role: "user", ver: "0" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(alice.id))
      .setIssuer("cutover")
      .setAudience("cutover-api")
      .setExpirationTime("1h")
      .sign(secret());
    expect((await me({ token: forged })).status).toBe(401);
  });
});

describe("admin user management", () => {
  it("lists users for admins only", async () => {
    const res = await api("GET", "/api/users?role=admin", { token: admin.token });
    expect(res.status).toBe(200);
    const users = await res.json();
    expect(users.every((u: { role: string }) => u.role === "admin")).toBe(true);
    expect((await api("GET", "/api/users", { token: alice.token })).status).toBe(403);
    expect((await api("GET", "/api/users")).status).toBe(401);
  });

  it("changes roles, and the new role applies to existing tokens at once", async () => {
    const u = await createUser("user");
    expect((await api("GET", "/api/users", { token: u.token })).status).toBe(403);
    const res = await api("PATCH", `/api/users/${u.id}`, { token: admin.token, body: { role: "admin" } });
    expect(res.status).toBe(200);
    expect((await api("GET", "/api/users", { token: u.token })).status).toBe(200);
    await api("PATCH", `/api/users/${u.id}`, { token: admin.token, body: { role: "user" } });
    expect((await api("GET", "/api/users", { token: u.token })).status).toBe(403);
  });

  it("refuses to demote the last admin", async () => {
    const { db } = await import("@/lib/db");
    const prisma = await db();
    await prisma.user.updateMany({ where: { role: "admin", id: { not: admin.id } }, data: { role: "user" } });
    const res = await api("PATCH", `/api/users/${admin.id}`, { token: admin.token, body: { role: "user" } });
    expect(res.status).toBe(409);
    expect(
      (await api("PATCH", "/api/users/999999", { token: admin.token, body: { role: "user" } })).status,
    ).toBe(404);
  });
});

describe("behind a reverse proxy", () => {
  it("accepts cookie writes from the public origin the browser addressed, and still refuses other sites", async () => {
    const u = await createUser();
    const cookie = await sessionCookie(u.id);
    const proxied = { host: "shop.example.com", "x-forwarded-proto": "https" };
    const own = await api("PATCH", "/api/users/me", {
      cookie,
      headers: { ...proxied, origin: "https://shop.example.com", "sec-fetch-site": "same-origin" },
      body: { name: "Via proxy" },
    });
    expect(own.status).toBe(200);
    const evil = await api("PATCH", "/api/users/me", {
      cookie,
      headers: { ...proxied, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      body: { name: "pwned" },
    });
    expect(evil.status).toBe(403);
  });

  it("throttles by the address the server worked out, never by a header the client wrote", async () => {
    const { clientIp } = await import("@/lib/auth/throttle");
    expect(clientIp(new Headers({ [CLIENT]: "203.0.113.50" }))).toBe("203.0.113.50");
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "198.51.100.2" }))).toBe(
      "unknown",
    );
  });
});

describe("login throttling under a burst", () => {
  it("lets at most the limit through when many guesses arrive at once", async () => {
    const target = await createUser("user", { email: "burst@test.example", password: "the right one" });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api("POST", "/api/login", {
          body: { username: target.email, password: `guess-${i}` },
          headers: { [CLIENT]: "192.0.2.200" },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(12 - ACCOUNT_LIMIT);
  });
});

describe("guest accounts", () => {
  it("can read but not write", async () => {
    const guest = await createUser("guest");
    expect((await api("GET", "/api/users/me", { token: guest.token })).status).toBe(200);
    expect((await api("PATCH", "/api/users/me", { token: guest.token, body: { name: "x" } })).status).toBe(
      403,
    );
    expect((await api("POST", "/api/checkout", { token: guest.token })).status).toBe(403);
  });
});

describe("GET /api/session/user (who am I)", () => {
  it("answers 200 with the user, or with null for a visitor who is not signed in", async () => {
    const alice = await createUser("user");
    const signedIn = await api("GET", "/api/session/user", { cookie: await sessionCookie(alice.id) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    expect((await signedIn.json()).user).toMatchObject({ id: alice.id, email: alice.email });
    const anonymous = await api("GET", "/api/session/user");
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ user: null });
    // A bearer token that is not valid is still refused: a caller holding one must know.
    const bad = await api("GET", "/api/session/user", { headers: { authorization: "Bearer a.b.c" } });
    expect(bad.status).toBe(401);
  });
});

it("reads the session only from the cookie name the public URL's scheme gives", async () => {
  const bob = await createUser("user");
  const cookie = await sessionCookie(bob.id); // next-auth.session-token=… (the test site is http)
  const asSecureName = `__Secure-${cookie}`;
  const who = async (c: string) => (await (await api("GET", "/api/session/user", { cookie: c })).json()).user;
  expect((await who(cookie))?.id).toBe(bob.id);
  expect(await who(asSecureName)).toBeNull();
});
