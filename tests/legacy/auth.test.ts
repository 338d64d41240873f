import { sessionUserIdFromCookies } from "@/lib/auth/session";
import { ACCOUNT_LIMIT } from "@/lib/auth/throttle";
import { date } from "@/lib/legacy/filters";
import { changeOrderStatus, placeOrder } from "@/lib/services/orders";
import {
  type Catalog,
  createCatalog,
  createUser,
  sessionCookie,
  type TestUser,
} from "@/tests/helpers/fixtures";
import { Browser, cookieNamed, parity, visibleText } from "@/tests/legacy/helpers";

let catalog: Catalog;
let alice: TestUser;
const product = (name: string) => {
  const found = catalog.products.find((p) => p.name === name);
  if (!found) throw new Error(`fixture ${name} missing`);
  return found;
};

beforeAll(async () => {
  catalog = await createCatalog();
  alice = await createUser("user", { email: "alice@legacy.example", password: "alice-secret-password" });
});

let ipCounter = 0;
/** Each test signs in from its own address, so the per-address throttle stays out of the way. */
const fromNewAddress = () => ({ "x-forwarded-for": `198.51.100.${++ipCounter}` });

async function atLoginPage(next?: string): Promise<Browser> {
  const browser = new Browser();
  await browser.get(next ? `/legacy/login?next=${encodeURIComponent(next)}` : "/legacy/login");
  return browser;
}

describe("GET /legacy/login", () => {
  it("shows the sign-in form posting to /legacy/login, carrying a safe next", async () => {
    const page = await new Browser().get("/legacy/login?next=/orders");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.html).toMatch(/<form method="post" action="\/legacy\/login">/);
    expect(page.html).toContain('<input type="hidden" name="next" value="/orders">');
    expect(page.html).toMatch(/name="email"[^>]*type="email"/);
    expect(page.html).toMatch(/name="password" type="password"/);
  });

  it("drops an off-site next and escapes a hostile one", async () => {
    const offSite = await new Browser().get("/legacy/login?next=//evil.example/");
    expect(offSite.html).not.toContain('name="next"');
    const hostile = await new Browser().get(
      `/legacy/login?next=${encodeURIComponent('/"><script>alert(1)</script>')}`,
    );
    expect(hostile.html).not.toContain("<script>alert(1)");
    expect(hostile.html).toContain('value="/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it("links to it from the nav with the current page as next", async () => {
    const page = await new Browser().get("/legacy/products?category=phones");
    expect(page.html).toContain('<a href="/login?next=/products%3Fcategory%3Dphones">Sign in</a>');
  });
});

describe("POST /legacy/login", () => {
  it("signs in with a session cookie the API accepts, then shows the name in the nav", async () => {
    const browser = await atLoginPage("/orders");
    const page = await browser.post(
      "/legacy/login",
      { email: "Alice@Legacy.example", password: alice.password, next: "/orders" },
      { headers: fromNewAddress() },
    );
    expect(page.status).toBe(303);
    expect(page.location).toBe("/orders");
    const session = cookieNamed(page, "next-auth.session-token");
    expect(session).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
    expect(await sessionUserIdFromCookies(session?.split(";")[0] ?? null)).toBe(alice.id);
    // Django rotates the CSRF secret on sign-in.
    expect(cookieNamed(page, "cutover_csrftoken")).toBeDefined();

    const cart = await browser.get("/legacy/cart");
    expect(cart.html).toContain('Signed in as <strong id="nav-user">user');
    expect(visibleText(cart.html)).toMatch(/Signed in as user \d+ Sign out/);
    expect(cart.html).toMatch(/<form method="post" action="\/legacy\/logout"/);
    expect(cart.html).not.toContain(">Sign in</a>");
  });

  it.each([
    ["//evil.example/path", "/products"],
    ["https://evil.example/", "/products"],
    ["/\\evil.example", "/products"],
    ["", "/products"],
    ["/cart", "/cart"],
  ])("redirects next=%p to %p", async (next, location) => {
    const browser = await atLoginPage();
    const page = await browser.post(
      "/legacy/login",
      { email: alice.email, password: alice.password, next },
      { headers: fromNewAddress() },
    );
    expect(page.status).toBe(303);
    expect(page.location).toBe(location);
  });

  it("answers a wrong password with the form, the message and 401, and no session", async () => {
    const browser = await atLoginPage();
    const page = await browser.post(
      "/legacy/login",
      { email: alice.email, password: "wrong password", next: "/orders" },
      { headers: fromNewAddress() },
    );
    expect(page.status).toBe(401);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(visibleText(page.html)).toContain("Incorrect email or password.");
    expect(page.html).toContain(`value="${alice.email}"`);
    expect(page.html).toContain('name="next" value="/orders"');
    expect(cookieNamed(page, "next-auth.session-token")).toBeUndefined();
  });

  it("answers 422 when a field is missing", async () => {
    const browser = await atLoginPage();
    const page = await browser.post(
      "/legacy/login",
      { email: "", password: "" },
      { headers: fromNewAddress() },
    );
    expect(page.status).toBe(422);
    expect(visibleText(page.html)).toContain("Enter your email and password.");
  });

  it("answers 429 with Retry-After once the account is throttled", async () => {
    const victim = await createUser("user", {
      email: "victim@legacy.example",
      password: "victim-password-1",
    });
    const browser = await atLoginPage();
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      const miss = await browser.post(
        "/legacy/login",
        { email: victim.email, password: "guess" },
        { headers: fromNewAddress() },
      );
      expect(miss.status).toBe(401);
    }
    const locked = await browser.post(
      "/legacy/login",
      { email: victim.email, password: victim.password },
      { headers: fromNewAddress() },
    );
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(visibleText(locked.html)).toContain("Too many failed sign-in attempts.");
    expect(cookieNamed(locked, "next-auth.session-token")).toBeUndefined();
  });

  it("refuses a sign-in form posted without the CSRF token", async () => {
    const browser = await atLoginPage();
    const page = await browser.post(
      "/legacy/login",
      { email: alice.email, password: alice.password },
      { token: null, headers: fromNewAddress() },
    );
    expect(page.status).toBe(403);
    expect(cookieNamed(page, "next-auth.session-token")).toBeUndefined();
  });
});

describe("POST /legacy/logout", () => {
  it("clears the session cookies and goes to /products", async () => {
    const browser = new Browser();
    const [name = "", value = ""] = (await sessionCookie(alice.id)).split(/=(.*)/s);
    browser.cookies.set(name, value);
    await browser.get("/legacy/products");
    const page = await browser.post("/legacy/logout", {});
    expect(page.status).toBe(303);
    expect(page.location).toBe("/products");
    expect(page.setCookies).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^next-auth\.session-token=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/),
        expect.stringMatching(/^__Secure-next-auth\.session-token=; .*Max-Age=0/),
      ]),
    );
    const after = await browser.get("/legacy/products");
    expect(visibleText(after.html)).toContain("Sign in");
  });
});

describe("GET /legacy/orders", () => {
  it("sends a visitor who is not signed in to sign in first", async () => {
    const page = await new Browser().get("/legacy/orders");
    expect(page.status).toBe(303);
    expect(page.location).toBe("/login?next=/orders");
  });

  it("lists the signed-in user's orders (and nobody else's), newest first", async () => {
    const bob = await createUser("user");
    const carol = await createUser("user");
    const iphone = product("iPhone 15");
    const nokia = product("Nokia 3310");
    const first = await placeOrder(bob.id, [{ product_id: nokia.id, quantity: 3 }]);
    const second = await placeOrder(bob.id, [
      { product_id: iphone.id, quantity: 1 },
      { product_id: nokia.id, quantity: 1 },
    ]);
    await changeOrderStatus(first.id, "paid");
    const carols = await placeOrder(carol.id, [{ product_id: nokia.id, quantity: 1 }]);

    const browser = new Browser();
    const [name = "", value = ""] = (await sessionCookie(bob.id)).split(/=(.*)/s);
    browser.cookies.set(name, value);
    const page = await browser.get("/legacy/orders");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(parity(page.html, "order-id")).toEqual([String(second.id), String(first.id)]);
    expect(parity(page.html, "order-status")).toEqual(["pending", "paid"]);
    expect(parity(page.html, "order-total")).toEqual(["¥6,198.00", "¥597.00"]);
    expect(parity(page.html, "order-id")).not.toContain(String(carols.id));
    // Every item of every order, field by field, as the SPA marks them too.
    expect(parity(page.html, "item-name")).toEqual(["iPhone 15", "Nokia 3310", "Nokia 3310"]);
    expect(parity(page.html, "item-quantity")).toEqual(["1", "1", "3"]);
    expect(parity(page.html, "item-price")).toEqual(["¥5,999.00", "¥199.00", "¥199.00"]);
    expect(parity(page.html, "item-total")).toEqual(["¥5,999.00", "¥199.00", "¥597.00"]);
    expect(page.html).toContain(`<a href="/products/${iphone.id}">iPhone 15</a>`);
    // date("Y-m-d H:i") in UTC, the shared rule the SPA prints with.
    expect(parity(page.html, "order-placed")).toEqual([
      date(second.created_at, "Y-m-d H:i"),
      date(first.created_at, "Y-m-d H:i"),
    ]);
    expect(parity(page.html, "order-placed")[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(visibleText(page.html)).toMatch(/Placed \d{4}-\d{2}-\d{2} \d{2}:\d{2} · Status: pending/);

    const bad = await browser.get("/legacy/orders?limit=0");
    expect(bad.status).toBe(400);
    expect(visibleText(bad.html)).toContain("limit: must be at least 1");
  });

  it("shows an empty state for a user without orders", async () => {
    const dave = await createUser("user");
    const browser = new Browser();
    const [name = "", value = ""] = (await sessionCookie(dave.id)).split(/=(.*)/s);
    browser.cookies.set(name, value);
    const page = await browser.get("/legacy/orders");
    expect(visibleText(page.html)).toContain("You have no orders yet.");
  });
});

describe("guest cart → signed-in cart", () => {
  it("keeps what the guest added when they sign in", async () => {
    const erin = await createUser("user", { email: "erin@legacy.example", password: "erin-password-1" });
    const browser = new Browser();
    const macbook = product("MacBook Pro");
    await browser.get(`/legacy/products/${macbook.id}`);
    const added = await browser.post("/legacy/cart", { action: "add", product_id: macbook.id, quantity: 2 });
    expect(added.status).toBe(303);
    expect(browser.cookies.get("cutover_cart")).toMatch(/^[0-9a-f-]{36}$/);

    await browser.get("/legacy/login?next=/cart");
    const signedIn = await browser.post(
      "/legacy/login",
      { email: erin.email, password: erin.password, next: "/cart" },
      { headers: fromNewAddress() },
    );
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe("/cart");
    expect(browser.cookies.has("next-auth.session-token")).toBe(true);
    expect(browser.cookies.has("cutover_cart")).toBe(true); // the guest cookie still rides along

    const cart = await browser.get("/legacy/cart");
    expect(cart.status).toBe(200);
    expect(visibleText(cart.html)).toMatch(/Signed in as user \d+/);
    expect(parity(cart.html, "line-name")).toEqual(["MacBook Pro"]);
    expect(parity(cart.html, "line-quantity")).toEqual(["2"]);
    expect(parity(cart.html, "cart-total")).toEqual(["¥29,998.00"]);
    // The merge is done; the guest cookie is cleared.
    expect(cookieNamed(cart, "cutover_cart")).toMatch(/^cutover_cart=; .*Max-Age=0/);
    expect(browser.cookies.has("cutover_cart")).toBe(false);

    // It is the user's cart now: a fresh browser with only the session sees it too.
    const elsewhere = new Browser();
    const [name = "", value = ""] = (await sessionCookie(erin.id)).split(/=(.*)/s);
    elsewhere.cookies.set(name, value);
    expect(parity((await elsewhere.get("/legacy/cart")).html, "line-name")).toEqual(["MacBook Pro"]);
  });
});
