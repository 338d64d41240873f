import ledger from "@/migration.config";
import { decodeBucket, encodeBucket, randomBucket } from "@/lib/migration/bucket";
import { parseLedger } from "@/lib/validation/ledger";
import { decideVariant, legacyTarget, matchRoute } from "@/lib/migration/router";

const entry = (over: Record<string, unknown> = {}) => ({
  id: "product-detail",
  pattern: "/products/[id]",
  legacy: "product_detail.html",
  spa: "app/(shop)/products/[id]",
  state: "legacy",
  parity: ["name"],
  ...over,
});

describe("ledger validation", () => {
  it("accepts the project's migration.config.ts", () => {
    expect(ledger.map((e) => e.pattern)).toEqual(
      expect.arrayContaining(["/products", "/products/[id]", "/cart", "/orders"]),
    );
  });

  it.each([
    [[entry({ pattern: "products/[id]" })], /entry 0 \(product-detail\), pattern: must look like/],
    [[entry({ state: "canary", percent: 0 })], /percent: a canary needs a percent from 1 to 99/],
    [[entry({ state: "half" })], /entry 0 \(product-detail\), state/],
    [[entry({ parity: ["Name"] })], /parity\.0: must be a data-parity field name/],
    [[entry({ legacy: "../etc/passwd" })], /legacy: must name a template/],
    [[entry(), entry()], /entry 1 \(product-detail\), id: duplicates entry 0/],
    [[entry({ colour: "red" })], /Unrecognized key/],
  ])("refuses %j with a message naming the entry and field", (input, message) => {
    expect(() => parseLedger(input)).toThrow(message);
  });
});

describe("matchRoute", () => {
  it("matches static and dynamic segments, ignoring a trailing slash", () => {
    expect(matchRoute(ledger, "/products/42")).toMatchObject({
      entry: { id: "product-detail" },
      params: { id: "42" },
    });
    expect(matchRoute(ledger, "/products/")?.entry.id).toBe("product-list");
    expect(matchRoute(ledger, "/products/42/reviews")).toBeNull();
    expect(matchRoute(ledger, "/")).toBeNull();
  });
});

describe("decideVariant", () => {
  it("follows legacy and spa states for every visitor", () => {
    for (const bucket of [0, 5000, 9999]) {
      expect(decideVariant({ state: "legacy", percent: 0 }, bucket).variant).toBe("legacy");
      expect(decideVariant({ state: "spa", percent: 100 }, bucket).variant).toBe("spa");
    }
  });

  it("lets QA force a variant with ?variant=", () => {
    expect(decideVariant({ state: "legacy", percent: 0 }, 1, "spa")).toEqual({
      variant: "spa",
      reason: "override",
    });
    expect(decideVariant({ state: "spa", percent: 100 }, 1, "legacy").variant).toBe("legacy");
    expect(decideVariant({ state: "legacy", percent: 0 }, 1, "bogus").variant).toBe("legacy");
  });

  it("is sticky: the same visitor gets the same variant, and raising the percent only moves visitors to SPA", () => {
    const visitors = Array.from({ length: 2_000 }, randomBucket);
    const at = (percent: number) =>
      visitors.map((b) => decideVariant({ state: "canary", percent }, b).variant);
    expect(at(25)).toEqual(at(25));
    const low = at(10);
    const high = at(50);
    low.forEach((v, i) => {
      if (v === "spa") expect(high[i]).toBe("spa");
    });
  });

  it("splits 10,000 simulated visitors 25% ± 2% to the SPA at a 25% canary", () => {
    const spa = Array.from({ length: 10_000 }, randomBucket).filter(
      (b) => decideVariant({ state: "canary", percent: 25 }, b).variant === "spa",
    ).length;
    expect(spa / 10_000).toBeGreaterThanOrEqual(0.23);
    expect(spa / 10_000).toBeLessThanOrEqual(0.27);
  });
});

describe("canary cookie", () => {
  const secret = "s".repeat(40);
  it("round-trips a signed bucket and rejects forgeries", async () => {
    const value = await encodeBucket(1234, secret);
    expect(await decodeBucket(value, secret)).toBe(1234);
    expect(await decodeBucket(value.replace(/^1234/, "0001"), secret)).toBeNull();
    expect(await decodeBucket(value, "another secret, another secret!!")).toBeNull();
    expect(await decodeBucket("garbage", secret)).toBeNull();
    expect(await decodeBucket(undefined, secret)).toBeNull();
  });
});

describe("legacyTarget", () => {
  it("rewrites to the built-in renderer (origins are forwarded by the gateway)", () => {
    expect(legacyTarget("/products/7", "?a=1")).toBe("/legacy/products/7?a=1");
  });
});

describe("gateway paths", () => {
  it("re-encodes each segment so an origin sees one spelling", async () => {
    const { reencodePath } = await import("@/lib/migration/gateway");
    expect(reencodePath("/products/%41b")).toBe("/products/Ab");
    expect(reencodePath("/a%2Fb/caf\u00e9")).toBe("/a%2Fb/caf%C3%A9");
    expect(reencodePath("/bad/%E0%A4%A")).toBe("/bad/%25E0%25A4%25A");
  });
});
