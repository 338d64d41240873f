import { db } from "@/lib/db";
import { api } from "@/tests/helpers/app";
import {
  createCatalog,
  createUser,
  sameOrigin,
  sessionCookie,
  type Catalog,
  type TestUser,
} from "@/tests/helpers/fixtures";
import { Browser } from "@/tests/legacy/helpers";

// Guest-role accounts only read, on every path: the API, its legacy RPC shims and the
// legacy no-JS forms refuse their cart writes and orders with 403 and change nothing.
// (Anonymous visitors are not guest-role accounts: they keep their cookie cart.)

let catalog: Catalog;
let guest: TestUser;
const iphone = () => catalog.products[0]!; // stock 10
const nokia = () => catalog.products[4]!; // stock 50

beforeAll(async () => {
  catalog = await createCatalog();
  guest = await createUser("guest");
  // A cart the account holds already (e.g. from before its role changed): one line.
  const prisma = await db();
  await prisma.cart.create({
    data: { userId: guest.id, items: { create: { productId: iphone().id, quantity: 1 } } },
  });
});

/** The guest account's cart and orders straight from the database. */
async function state() {
  const prisma = await db();
  const cart = await prisma.cart.findUnique({ where: { userId: guest.id }, include: { items: true } });
  const orders = await prisma.order.count({ where: { userId: guest.id } });
  return { lines: cart?.items.map((i) => [i.productId, i.quantity]), orders };
}
/** What the account held before: the one line, no order. */
const unchanged = () => ({ lines: [[iphone().id, 1]], orders: 0 });

type Auth = { token: string } | { cookie: string; headers: Record<string, string> };
const ways: [string, () => Promise<Auth>][] = [
  ["bearer token", async () => ({ token: guest.token })],
  ["session cookie", async () => ({ cookie: await sessionCookie(guest.id), headers: sameOrigin })],
];

describe.each(ways)("a guest-role account by %s", (_, auth) => {
  const writes: [string, string, () => string, unknown][] = [
    ["POST", "/api/cart/items", () => "/api/cart/items", { product_id: 0 }],
    ["POST", "/api/cart/add/", () => "/api/cart/add/", { product_id: 0 }],
    ["PATCH", "/api/cart/items/{id}", () => `/api/cart/items/${iphone().id}`, { quantity: 2 }],
    ["DELETE", "/api/cart/items/{id}", () => `/api/cart/items/${iphone().id}`, undefined],
    ["POST", "/api/checkout", () => "/api/checkout", undefined],
    ["POST", "/api/users/{id}/orders", () => `/api/users/${guest.id}/orders`, { items: [] }],
  ];

  it.each(writes)("%s %s answers 403 problem+json and changes nothing", async (method, _path, path, body) => {
    const payload =
      body && typeof body === "object" && "product_id" in body
        ? { product_id: nokia().id }
        : body && typeof body === "object" && "items" in body
          ? { items: [{ product_id: nokia().id, quantity: 1 }] }
          : body;
    const res = await api(method, path(), { ...(await auth()), body: payload });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 403, detail: "Guest accounts can only read." });
    expect(await state()).toEqual(unchanged());
  });

  it("still reads: GET /api/cart, /api/cart/count/ and /api/products answer 200", async () => {
    const cart = await api("GET", "/api/cart", await auth());
    expect(cart.status).toBe(200);
    expect((await cart.json()).items).toHaveLength(1);
    expect((await api("GET", "/api/cart/count/", await auth())).status).toBe(200);
    expect((await api("GET", "/api/products", await auth())).status).toBe(200);
  });
});

describe("a guest-role account on the legacy pages", () => {
  async function signedIn(): Promise<Browser> {
    const browser = new Browser();
    const [name = "", value = ""] = (await sessionCookie(guest.id)).split(/=(.*)/s);
    browser.cookies.set(name, value);
    const page = await browser.get("/legacy/cart");
    expect(page.status).toBe(200);
    return browser;
  }

  it.each([
    ["add", { action: "add", product_id: 0, quantity: 1 }],
    ["update", { action: "update", product_id: -1, quantity: 3 }],
    ["remove", { action: "remove", product_id: -1 }],
  ])("POST /legacy/cart action=%s answers a 403 page and changes nothing", async (_, fields) => {
    const browser = await signedIn();
    const id = fields.product_id === 0 ? nokia().id : iphone().id;
    const page = await browser.post("/legacy/cart", { ...fields, product_id: id });
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.html).toContain("Guest accounts can only read.");
    expect(await state()).toEqual(unchanged());
  });

  it("POST /legacy/checkout answers a 403 page and places no order", async () => {
    const browser = await signedIn();
    const page = await browser.post("/legacy/checkout", {});
    expect(page.status).toBe(403);
    expect(page.html).toContain("Guest accounts can only read.");
    expect(await state()).toEqual(unchanged());
  });
});

describe("signing in as a guest-role account with a cookie cart", () => {
  it("does not merge the cookie cart into the account's", async () => {
    const added = await api("POST", "/api/cart/items", {
      body: { product_id: nokia().id },
      headers: sameOrigin,
    });
    expect(added.status).toBe(201);
    const cartCookie = /cutover_cart=[^;]+/.exec(added.headers.get("set-cookie") ?? "")?.[0];
    expect(cartCookie).toBeDefined();
    const res = await api("GET", "/api/cart", {
      cookie: `${await sessionCookie(guest.id)}; ${cartCookie}`,
      headers: sameOrigin,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).items.map((i: { product_id: number }) => i.product_id)).toEqual([iphone().id]);
    expect(await state()).toEqual(unchanged());
  });
});

describe("anonymous visitors are not guest-role accounts", () => {
  it("may still fill a cookie cart", async () => {
    const res = await api("POST", "/api/cart/items", {
      body: { product_id: nokia().id },
      headers: sameOrigin,
    });
    expect(res.status).toBe(201);
  });
});
