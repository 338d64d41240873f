import { serverGet, serverList } from "@/app/_lib/server-api";
import { invalidateTags } from "@/lib/cache";
import { db, onQuery } from "@/lib/db";
import { env } from "@/lib/env";
import { api } from "@/tests/helpers/app";
import { createUser, sessionCookie, type TestUser } from "@/tests/helpers/fixtures";
import { Browser, parity } from "@/tests/legacy/helpers";

// Query discipline (the seed's N+1 lesson): with the read cache off, every list endpoint and
// page — the REST API, the legacy HTML pages, and the SPA server pages' in-process API reads —
// sends the same SQL statements for a page of 2 rows as for a page of 20 (for a cart of 2
// lines as for one of 10), and no more than its small budget. Counted with Prisma's own query
// events (lib/db `onQuery`): every statement the real handlers send, on PGlite or PostgreSQL.

// Before anything calls env(), which reads process.env once per module registry (test file).
const savedReadCache = process.env.READ_CACHE;
process.env.READ_CACHE = "off";
afterAll(() => {
  process.env.READ_CACHE = savedReadCache;
});

// The SPA's server pages forward the visitor's cookie from the incoming request.
const incoming = { headers: new Headers() };
jest.mock("next/headers", () => ({ headers: async () => incoming.headers }));

/**
 * Statements per request, whatever the list's length. Prisma loads each included relation
 * with one more query (WHERE id IN (…)), never one per row.
 */
const BUDGET = {
  products: 3, // page, categories of the page, total
  orders: 4, // caller, page, lines of the page, total
  cart: 4, // caller, cart, lines, their products
  categories: 1, // categories with their product counts
  legacyProducts: 4, // products' 3 + categories for the filter
  legacyOrders: 5, // orders' 4 + the nav's cart count (this shopper has no cart: one lookup)
  legacyCart: 4,
};
const SMALL = 2;
const LARGE = 20;
const CART_SMALL = 2;
const CART_LARGE = 10;

interface Probe {
  /** How many rows (products, orders, lines…) the response showed. */
  shown: number;
  /** The SQL statements sent while answering, bind placeholders folded, sorted. */
  statements: string[];
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/** Runs one request and records the statements it sends (and how many rows it showed). */
async function probe(request: () => Promise<number>): Promise<Probe> {
  // The total behind X-Total-Count is memoised per filter set even with READ_CACHE=off: start
  // every request from the same place, so each one counts it.
  await invalidateTags("products");
  await nextTick();
  const seen: string[] = [];
  const stop = onQuery((event) => seen.push(event.query));
  let shown: number;
  try {
    shown = await request();
    // Anything a handler left running after answering is still its query.
    await nextTick();
  } finally {
    stop();
  }
  // "IN ($3,$4,$5)" and "IN ($3)" are one statement; parallel queries finish in any order.
  const statements = seen
    .map((sql) => sql.replace(/\$\d+(\s*,\s*\$\d+)*/g, "$n").replace(/\s+/g, " "))
    .sort();
  return { shown, statements };
}

/** Both sizes show what they asked for, send the same statements, and stay within budget. */
function expectFlat(small: Probe, large: Probe, sizes: [number, number], budget: number): void {
  expect([small.shown, large.shown]).toEqual(sizes);
  expect(large.statements.length).toBe(small.statements.length);
  expect(large.statements).toEqual(small.statements);
  expect(small.statements.length).toBeGreaterThan(0);
  expect(small.statements.length).toBeLessThanOrEqual(budget);
}

async function compare(
  request: (size: number) => Promise<number>,
  sizes: [number, number],
  budget: number,
): Promise<void> {
  const small = await probe(() => request(sizes[0]));
  const large = await probe(() => request(sizes[1]));
  expectFlat(small, large, sizes, budget);
}

async function json(response: Response): Promise<unknown> {
  expect(response.status).toBe(200);
  return response.json();
}

function lengthOf(value: unknown): number {
  if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`);
  return value.length;
}

const cartLines = (cart: unknown): number => lengthOf((cart as { items?: unknown } | undefined)?.items);

async function signedInBrowser(user: TestUser): Promise<Browser> {
  const browser = new Browser();
  const [name = "", value = ""] = (await sessionCookie(user.id)).split(/=(.*)/s);
  browser.cookies.set(name, value);
  return browser;
}

/** Requests a legacy page and counts the elements marked data-parity=field on it. */
async function legacyPage(browser: Browser, path: string, field: string): Promise<number> {
  const page = await browser.get(path);
  expect(page.status).toBe(200);
  return parity(page.html, field).length;
}

/** The visitor whose request the SPA server page is answering (their cookie, or none). */
function asVisitor(cookie: string | null): void {
  incoming.headers = new Headers(cookie ? { cookie } : {});
}

async function addCategories(from: number, to: number): Promise<number[]> {
  const prisma = await db();
  const ids = [];
  for (let n = from; n < to; n++) {
    const category = await prisma.category.create({ data: { name: `Category ${n}`, slug: `category-${n}` } });
    // Each with products, so every row's product_count is a real count.
    await prisma.product.createMany({
      data: [0, 1].map((k) => ({
        name: `Product ${n}-${k}`,
        slug: `product-${n}-${k}`,
        price: (10 + n + k).toFixed(2),
        stock: 5 + k,
        categoryId: category.id,
      })),
    });
    ids.push(category.id);
  }
  return ids;
}

let shopper: TestUser; // 20 orders of 3 lines each
let smallCart: TestUser; // 2 lines
let largeCart: TestUser; // 10 lines

beforeAll(async () => {
  expect(env().READ_CACHE).toBe("off");
  const prisma = await db();
  // Two categories; the first holds 22 products, so a filtered page of 20 is full too.
  const [first] = await addCategories(0, SMALL);
  await prisma.product.createMany({
    data: Array.from({ length: LARGE }, (_, i) => ({
      name: `Loose ${i}`,
      slug: `loose-${i}`,
      price: (1 + i).toFixed(2),
      stock: 50,
      categoryId: first ?? null,
    })),
  });
  const products = await prisma.product.findMany({ orderBy: { id: "asc" } });

  shopper = await createUser();
  for (let n = 0; n < LARGE; n++) {
    const lines = [0, 1, 2].map((k) => products[(n + k * 7) % products.length]!);
    await prisma.order.create({
      data: {
        userId: shopper.id,
        total: lines.reduce((sum, p) => sum + Number(p.price), 0).toFixed(2),
        createdAt: new Date(Date.UTC(2026, 0, 1 + n)),
        items: {
          create: lines.map((p) => ({
            productId: p.id,
            productName: p.name,
            unitPrice: p.price,
            quantity: 1,
          })),
        },
      },
    });
  }

  smallCart = await createUser();
  largeCart = await createUser();
  for (const [user, lines] of [
    [smallCart, CART_SMALL],
    [largeCart, CART_LARGE],
  ] as const) {
    await prisma.cart.create({
      data: {
        userId: user.id,
        items: {
          create: products.slice(0, lines).map((p, i) => ({ productId: p.id, quantity: 1 + (i % 3) })),
        },
      },
    });
  }
});

describe("GET /api/products", () => {
  it("sends the same few statements for a page of 20 as for a page of 2", async () => {
    await compare(
      async (limit) => lengthOf(await json(await api("GET", `/api/products?limit=${limit}`))),
      [SMALL, LARGE],
      BUDGET.products,
    );
  });

  it("and so does a filtered, sorted list", async () => {
    await compare(
      async (limit) =>
        lengthOf(
          await json(
            await api(
              "GET",
              `/api/products?limit=${limit}&category=category-0&in_stock=true&ordering=-price`,
            ),
          ),
        ),
      [SMALL, LARGE],
      BUDGET.products,
    );
  });
});

describe("GET /api/users/{id}/orders", () => {
  it("sends the same few statements for 20 orders with their lines as for 2", async () => {
    await compare(
      async (limit) =>
        lengthOf(
          await json(
            await api("GET", `/api/users/${shopper.id}/orders?limit=${limit}`, { token: shopper.token }),
          ),
        ),
      [SMALL, LARGE],
      BUDGET.orders,
    );
  });
});

describe("GET /api/cart", () => {
  it("sends the same few statements for a cart of 10 lines as for one of 2", async () => {
    const owner = (lines: number) => (lines === CART_SMALL ? smallCart : largeCart);
    await compare(
      async (lines) => cartLines(await json(await api("GET", "/api/cart", { token: owner(lines).token }))),
      [CART_SMALL, CART_LARGE],
      BUDGET.cart,
    );
  });
});

describe("legacy pages", () => {
  it("/legacy/products: 20 cards cost what 2 do", async () => {
    await compare(
      (limit) => legacyPage(new Browser(), `/legacy/products?limit=${limit}`, "name"),
      [SMALL, LARGE],
      BUDGET.legacyProducts,
    );
  });

  it("/legacy/orders: 20 orders cost what 2 do", async () => {
    const browser = await signedInBrowser(shopper);
    await compare(
      (limit) => legacyPage(browser, `/legacy/orders?limit=${limit}`, "order-id"),
      [SMALL, LARGE],
      BUDGET.legacyOrders,
    );
  });

  it("/legacy/cart: 10 lines cost what 2 do", async () => {
    const small = await signedInBrowser(smallCart);
    const large = await signedInBrowser(largeCart);
    await compare(
      (lines) => legacyPage(lines === CART_SMALL ? small : large, "/legacy/cart", "line-name"),
      [CART_SMALL, CART_LARGE],
      BUDGET.legacyCart,
    );
  });
});

describe("SPA server pages (app/_lib/server-api)", () => {
  it("serverList('/api/products'): 20 products cost what 2 do", async () => {
    asVisitor(null);
    await compare(
      async (limit) => (await serverList<unknown>(`/api/products?limit=${limit}`))?.items.length ?? -1,
      [SMALL, LARGE],
      BUDGET.products,
    );
  });

  it("serverList('/api/users/{id}/orders'): 20 orders cost what 2 do", async () => {
    asVisitor(await sessionCookie(shopper.id));
    await compare(
      async (limit) =>
        (await serverList<unknown>(`/api/users/${shopper.id}/orders?limit=${limit}`))?.items.length ?? -1,
      [SMALL, LARGE],
      BUDGET.orders,
    );
  });

  it("serverGet('/api/cart'): 10 lines cost what 2 do", async () => {
    const cookies = new Map([
      [CART_SMALL, await sessionCookie(smallCart.id)],
      [CART_LARGE, await sessionCookie(largeCart.id)],
    ]);
    await compare(
      async (lines) => {
        asVisitor(cookies.get(lines) ?? null);
        const response = await serverGet<unknown>("/api/cart");
        expect(response?.status).toBe(200);
        return cartLines(response?.data);
      },
      [CART_SMALL, CART_LARGE],
      BUDGET.cart,
    );
  });
});

// Last: it adds categories (and their products) as it goes.
describe("GET /api/categories, and the SPA's serverGet of it", () => {
  it("sends one statement for 20 categories with their product counts, as for 2", async () => {
    asVisitor(null);
    const viaApi = async () => lengthOf(await json(await api("GET", "/api/categories")));
    const viaServerPage = async () => lengthOf((await serverGet<unknown>("/api/categories"))?.data);
    const small = [await probe(viaApi), await probe(viaServerPage)];
    await addCategories(SMALL, LARGE);
    const large = [await probe(viaApi), await probe(viaServerPage)];
    for (const [i, probeSmall] of small.entries()) {
      expectFlat(probeSmall, large[i]!, [SMALL, LARGE], BUDGET.categories);
    }
  });
});
