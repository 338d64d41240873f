/** @jest-environment node */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { cartTotals, isLineAvailable, lineTotal } from "@/lib/rules/cart-totals";
import { formatMoney, fromCents, isWholeCents, roundMoney, sumMoney, toCents } from "@/lib/rules/money";
import { DEFAULT_PRODUCT_ORDERING, PRODUCT_ORDERING_CHOICES, PRODUCT_ORDERINGS } from "@/lib/rules/orderings";
import { DEFAULT_LIMIT, MAX_LIMIT, pager, pageWindow, parseCount, skipOfPage } from "@/lib/rules/paging";
import { MAX_PRODUCT_ID, parseProductId } from "@/lib/rules/product-id";
import { AFTER_SIGN_IN, safeRedirectPath } from "@/lib/rules/safe-redirect";

// The rules both page shapes (legacy templates and SPA) must agree on, one module each.

describe("product orderings", () => {
  it("offers the legacy and SPA menus' five choices, in order, default first", () => {
    expect(PRODUCT_ORDERING_CHOICES).toEqual([
      { value: "id", label: "Default" },
      { value: "-created_at", label: "Newest first" },
      { value: "price", label: "Price: low to high" },
      { value: "-price", label: "Price: high to low" },
      { value: "name", label: "Name: A to Z" },
    ]);
    expect(PRODUCT_ORDERING_CHOICES[0]?.value).toBe(DEFAULT_PRODUCT_ORDERING);
  });

  it("only offers orderings the API accepts, each once", () => {
    for (const choice of PRODUCT_ORDERING_CHOICES) expect(PRODUCT_ORDERINGS).toContain(choice.value);
    expect(new Set(PRODUCT_ORDERINGS).size).toBe(PRODUCT_ORDERINGS.length);
    expect(new Set(PRODUCT_ORDERING_CHOICES.map((c) => c.value)).size).toBe(PRODUCT_ORDERING_CHOICES.length);
  });

  it("is the list the API's query schema validates against", async () => {
    const { productQuerySchema, PRODUCT_ORDERINGS: fromValidation } =
      await import("@/lib/validation/product");
    expect(fromValidation).toBe(PRODUCT_ORDERINGS);
    expect(productQuerySchema.parse({}).ordering).toBe(DEFAULT_PRODUCT_ORDERING);
    for (const ordering of PRODUCT_ORDERINGS) {
      expect(productQuerySchema.safeParse({ ordering }).success).toBe(true);
    }
    expect(productQuerySchema.safeParse({ ordering: "description" }).success).toBe(false);
  });
});

describe("money", () => {
  it.each([
    [0, "¥0.00"],
    [5999, "¥5,999.00"],
    [4999.5, "¥4,999.50"],
    [9.9, "¥9.90"],
    [1234567.891, "¥1,234,567.89"],
    [99999999.99, "¥99,999,999.99"],
    [0.1 + 0.2, "¥0.30"],
    [-3.5, "¥-3.50"],
    ["5999.5", "¥5,999.50"],
  ])("formats %p as %p", (value, expected) => {
    expect(formatMoney(value)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, "", "  ", "not a price", null, undefined, {}])(
    "prints nothing for %p",
    (value) => {
      expect(formatMoney(value)).toBe("");
    },
  );

  it("adds and rounds in whole cents", () => {
    expect(toCents(59.99)).toBe(5999);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(fromCents(5999)).toBe(59.99);
    expect(roundMoney(0.1 + 0.2)).toBe(0.3);
    expect(roundMoney(1.234)).toBe(1.23);
    expect(sumMoney([0.1, 0.2])).toBe(0.3);
    expect(sumMoney([])).toBe(0);
    expect(sumMoney(Array.from({ length: 10 }, () => 0.1))).toBe(1);
  });

  it("takes an amount of whole cents as written, never a tiny float as 0.00", () => {
    for (const whole of [0, -0, 59.99, 4999.5, 0.01, 99_999_999.99, 1e21]) {
      expect(isWholeCents(whole)).toBe(true);
    }
    for (const not of [5e-324, 1e-7, 0.001, 1.005, 0.1 + 0.2, -0.015, NaN, Infinity]) {
      expect(isWholeCents(not)).toBe(false);
    }
  });

  it("is what the legacy `money` filter and the SPA's formatPrice print", async () => {
    const { formatPrice } = await import("@/app/_components/price");
    const { money } = await import("@/lib/legacy/filters");
    for (const value of [0, 5999, 0.1 + 0.2, 14999, 1.005, -3.5]) {
      expect(money(value)).toBe(formatMoney(value));
      expect(formatPrice(value)).toBe(formatMoney(value));
    }
  });
});

describe("cart totals", () => {
  const line = (unit_price: number, quantity: number, stock = 100) => ({
    unit_price,
    quantity,
    line_total: lineTotal(unit_price, quantity),
    available: isLineAvailable(stock, quantity),
  });

  it("multiplies in cents", () => {
    expect(lineTotal(5999, 3)).toBe(17997);
    expect(lineTotal(0.1, 3)).toBe(0.3);
    expect(lineTotal(19.99, 3)).toBe(59.97);
    expect(lineTotal(0.29, 3)).toBe(0.87);
    expect(lineTotal(9.9, 0)).toBe(0);
  });

  it("adds up quantities and line totals without float error", () => {
    expect(cartTotals([line(0.1, 1), line(0.2, 1)])).toEqual({
      total_quantity: 2,
      total: 0.3,
      checkout_ready: true,
    });
    expect(cartTotals([line(5999, 3), line(14999, 1)])).toEqual({
      total_quantity: 4,
      total: 32996,
      checkout_ready: true,
    });
  });

  it("is not ready for checkout when empty or when a line is short of stock", () => {
    expect(cartTotals([])).toEqual({ total_quantity: 0, total: 0, checkout_ready: false });
    expect(isLineAvailable(3, 3)).toBe(true);
    expect(isLineAvailable(3, 4)).toBe(false);
    expect(isLineAvailable(0, 1)).toBe(false);
    expect(cartTotals([line(10, 1), line(10, 4, 3)]).checkout_ready).toBe(false);
  });

  it("predicts in the browser what the server then answers", async () => {
    const { withAdded, withQuantity, withoutLine, EMPTY_CART } = await import("@/lib/api-client/cart-math");
    const product = {
      id: 7,
      name: "Pen",
      slug: "pen",
      price: 0.1,
      description: null,
      in_stock: true,
      stock: 5,
      category: null,
      created_at: "",
      updated_at: "",
    };
    const added = withAdded(EMPTY_CART, product, 3);
    expect(added).toMatchObject({ total_quantity: 3, total: 0.3, checkout_ready: true });
    expect(added.items[0]).toMatchObject({ line_total: 0.3, available: true });
    expect(withQuantity(added, 7, 6)).toMatchObject({ total: 0.6, checkout_ready: false });
    expect(withoutLine(added, 7)).toMatchObject({ total_quantity: 0, total: 0, checkout_ready: false });
  });
});

describe("safe redirects", () => {
  it.each(["/orders", "/products?x=1", "/orders?skip=10", "/cart#top", '/"><script>alert(1)</script>'])(
    "keeps %p as it is",
    (target) => {
      expect(safeRedirectPath(target)).toBe(target);
    },
  );

  it.each([
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "orders",
    "",
    "/a\r\nb",
    "/\t/evil.example",
    "/ /evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "/a\\..\\/evil.example",
    "/login",
    "/signin?callbackUrl=/signin",
    "/signup/",
    null,
    undefined,
    42,
  ])("refuses %p", (target) => {
    expect(safeRedirectPath(target)).toBeNull();
  });

  it("refuses a target longer than 2000 characters", () => {
    expect(safeRedirectPath(`/${"a".repeat(1999)}`)).not.toBeNull();
    expect(safeRedirectPath(`/${"a".repeat(2000)}`)).toBeNull();
  });

  it("is the rule of both sign-in pages", async () => {
    const { safeNext } = await import("@/lib/legacy/urls");
    const { safeCallbackUrl } = await import("@/lib/api-client/navigation");
    for (const target of ["/cart", "//evil.example", "/.//evil.example", "/signin", "/login", "/a b"]) {
      expect(safeNext(target)).toBe(safeRedirectPath(target));
      expect(safeCallbackUrl(target)).toBe(safeRedirectPath(target) ?? AFTER_SIGN_IN);
    }
  });
});

describe("paging", () => {
  it("keeps the API's defaults", () => {
    expect(DEFAULT_LIMIT).toBe(10);
    expect(MAX_LIMIT).toBe(100);
  });

  it("counts pages, at least one", () => {
    expect(pager({ total: 0, skip: 0, limit: 10, shown: 0 })).toMatchObject({
      page: 1,
      pageCount: 1,
      start: 0,
      end: 0,
      prevSkip: null,
      nextSkip: null,
      lastSkip: 0,
      hasOtherPages: false,
      pages: [1],
    });
    expect(pager({ total: 10, skip: 0, limit: 10, shown: 10 }).pageCount).toBe(1);
    expect(pager({ total: 11, skip: 0, limit: 10, shown: 10 }).pageCount).toBe(2);
  });

  it("steps between pages and stops at the ends", () => {
    expect(pager({ total: 6, skip: 2, limit: 2, shown: 2 })).toMatchObject({
      page: 2,
      pageCount: 3,
      start: 3,
      end: 4,
      prevSkip: 0,
      nextSkip: 4,
      lastSkip: 4,
      hasOtherPages: true,
      pages: [1, 2, 3],
    });
    // The last page, partly filled.
    expect(pager({ total: 25, skip: 20, limit: 10, shown: 5 })).toMatchObject({
      page: 3,
      start: 21,
      end: 25,
      prevSkip: 10,
      nextSkip: null,
      lastSkip: 20,
    });
    // A skip between page starts still steps back no further than 0.
    expect(pager({ total: 25, skip: 5, limit: 10, shown: 10 })).toMatchObject({
      page: 1,
      prevSkip: 0,
      nextSkip: 15,
    });
  });

  it("past the end: no items, a way back, other pages", () => {
    expect(pager({ total: 6, skip: 40, limit: 2, shown: 0 })).toMatchObject({
      page: 21,
      pageCount: 3,
      start: 0,
      end: 40,
      prevSkip: 38,
      nextSkip: null,
      hasOtherPages: true,
      pages: [],
    });
  });

  it("shows three page links either side of the current one", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 10)).toEqual([1, 2, 3, 4]);
    expect(pageWindow(5, 10)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(pageWindow(10, 10)).toEqual([7, 8, 9, 10]);
    expect(skipOfPage(1, 10)).toBe(0);
    expect(skipOfPage(3, 10)).toBe(20);
  });

  it("never divides by zero", () => {
    expect(pager({ total: 3, skip: 0, limit: 0, shown: 1 })).toMatchObject({ limit: 1, pageCount: 3 });
  });

  it("reads a count from a URL, else null", () => {
    expect(parseCount("0")).toBe(0);
    expect(parseCount("20")).toBe(20);
    expect(parseCount("999999999")).toBe(999999999);
    for (const bad of ["", "-1", "1e1", "0x10", " 1", "1.5", "1234567890", null, undefined]) {
      expect(parseCount(bad)).toBeNull();
    }
  });
});

describe("product ids", () => {
  it.each([
    ["12", 12],
    ["1", 1],
    ["999999999", 999999999],
    [String(MAX_PRODUCT_ID), MAX_PRODUCT_ID],
    [7, 7],
  ])("%p → %p", (raw, id) => {
    expect(parseProductId(raw)).toBe(id);
  });

  it.each([
    " 10",
    "10 ",
    "0xA",
    "1e1",
    "10.0",
    "+10",
    "-1",
    "0",
    "01",
    "007",
    "",
    "abc",
    "../admin",
    String(MAX_PRODUCT_ID + 1),
    "99999999999",
    0,
    1.5,
    -3,
    1e21,
    Number.NaN,
    null,
    undefined,
  ])("refuses %p", (raw) => {
    expect(parseProductId(raw)).toBeNull();
  });
});

// A copy of a rule that comes back is how the two page shapes drift apart again.
describe("one home per rule", () => {
  const root = path.resolve(__dirname, "../..");
  const sources = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory())
        return ["generated", "rules", "node_modules"].includes(entry.name) ? [] : sources(rel);
      return /\.(ts|tsx)$/.test(entry.name) ? [rel] : [];
    });
  const files = [...sources("lib"), ...sources("app")].map((file) => ({
    file: file.split(path.sep).join("/"),
    text: readFileSync(path.join(root, file), "utf8"),
  }));
  // Known leftovers, each with its reason; shrink this list, never grow it.
  const allowed: Record<string, string[]> = {
    // The demo data's order totals (lib/db is another team's, for now).
    "cart-totals": ["lib/db/seed.ts"],
  };

  it("keeps lib/rules a base layer: pure modules the browser can load (no zod, React or server code)", () => {
    const dir = path.join(root, "lib/rules");
    for (const name of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, name), "utf8");
      const imports = [
        ...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm),
      ].map((m) => m[1] ?? m[2]);
      expect({ name, imports: imports.filter((spec) => !spec?.startsWith("@/lib/rules/")) }).toEqual({
        name,
        imports: [],
      });
    }
  });

  it.each([
    ["product-id", /\\d\{1,9\}|\[1-9\]\\d/],
    ["orderings", /Price: low to high|Newest first/],
    ["money", /minimumFractionDigits|toLocaleString\("en-US"/],
    ["safe-redirect", /startsWith\("\/\/"\)|startsWith\("\/\\\\"\)/],
    ["paging", /Math\.ceil\(\s*[\w.]*total\s*\/|Math\.floor\(\(?[\w.]*(skip|total)\b|\bWINDOW\s*=/],
    ["cart-totals", /reduce\(.*(line_total|\.quantity\b)/],
  ])("%s lives only in lib/rules", (rule, copy) => {
    const copies = files.filter(({ text }) => copy.test(text)).map(({ file }) => file);
    expect(copies.filter((file) => !(allowed[rule] ?? []).includes(file))).toEqual([]);
  });
});

describe("dates and excerpts both shapes show", () => {
  it("formats a date as the legacy date(\"N j, Y\") filter does, for every month", async () => {
    const { formatShortDate } = await import("@/lib/rules/dates");
    const { date } = await import("@/lib/legacy/filters");
    for (let m = 0; m < 12; m++) {
      const iso = new Date(Date.UTC(2025, m, 24, 23, 30)).toISOString();
      expect(formatShortDate(iso)).toBe(date(iso, "N j, Y"));
    }
    expect(formatShortDate("2025-09-24T10:00:00.000Z")).toBe("Sept. 24, 2025");
  });

  it("cuts an excerpt as the legacy truncatewords filter does", async () => {
    const { truncateWords } = await import("@/lib/rules/text");
    const { truncatewords } = await import("@/lib/legacy/filters");
    const text = "one  two\nthree four five six seven eight nine ten eleven twelve thirteen";
    expect(truncateWords(text, 12)).toBe(truncatewords(text, 12));
    expect(truncateWords(text, 12)).toBe("one two three four five six seven eight nine ten eleven twelve …");
  });
});
