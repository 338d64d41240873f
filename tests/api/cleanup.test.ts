import { db, onQuery } from "@/lib/db";
import { withLease } from "@/lib/db/lease";
import { legacyUsage } from "@/lib/services/legacy-usage";
import { runCleanup } from "@/lib/services/maintenance";
import { api } from "@/tests/helpers/app";
import { createCatalog, createUser, type Catalog } from "@/tests/helpers/fixtures";

// Tables visitors make grow have lifetimes, and one instance at a time deletes what outlived
// them; deprecated-endpoint counts are batched instead of one UPDATE per call on a hot row.

let catalog: Catalog;
beforeAll(async () => {
  catalog = await createCatalog();
});

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000);

describe("clean-up", () => {
  it("deletes expired guest carts, empty stale ones, old idempotency keys and old usage rows; keeps the rest", async () => {
    const prisma = await db();
    const user = await createUser("user");
    const product = catalog.products[0]!.id;
    const guestCart = async (hoursIdle: number, withItem: boolean) =>
      (
        await prisma.cart.create({
          data: {
            updatedAt: ago(hoursIdle),
            ...(withItem ? { items: { create: { productId: product, quantity: 1 } } } : {}),
          },
        })
      ).id;
    // updatedAt is @updatedAt: set the past explicitly after creation.
    const backdate = (id: string, hours: number) =>
      prisma.$executeRaw`UPDATE carts SET updated_at = ${ago(hours)} WHERE id = ${id}::uuid`;
    const expired = await guestCart(0, true);
    await backdate(expired, 31 * 24);
    const staleEmpty = await guestCart(0, false);
    await backdate(staleEmpty, 25);
    const freshEmpty = await guestCart(0, false);
    const active = await guestCart(0, true);
    await backdate(active, 5 * 24);
    const userCart = (await prisma.cart.create({ data: { userId: user.id } })).id;
    await backdate(userCart, 400 * 24);

    await prisma.idempotencyKey.createMany({
      data: [
        { scope: "cleanup-test", key: "old", requestHash: "h", responseStatus: 201, createdAt: ago(25) },
        { scope: "cleanup-test", key: "new", requestHash: "h", responseStatus: 201, createdAt: ago(1) },
      ],
    });
    const day = (daysAgo: number) =>
      new Date(new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10));
    await prisma.legacyEndpointCall.createMany({
      data: [
        { endpoint: "cleanup-test", day: day(100), count: 3 },
        { endpoint: "cleanup-test", day: day(2), count: 4 },
      ],
    });

    const result = await runCleanup();
    expect(result).toEqual({ guest_carts: 2, idempotency_keys: 1, legacy_usage_rows: 1 });

    const carts = new Set((await prisma.cart.findMany({ select: { id: true } })).map((c) => c.id));
    expect(carts.has(expired)).toBe(false);
    expect(carts.has(staleEmpty)).toBe(false);
    expect([freshEmpty, active, userCart].every((id) => carts.has(id))).toBe(true);
    expect(await prisma.cartItem.count({ where: { cartId: expired } })).toBe(0);
    const keys = await prisma.idempotencyKey.findMany({
      where: { scope: "cleanup-test" },
      select: { key: true },
    });
    expect(keys.map((k) => k.key)).toEqual(["new"]);
    const usage = await prisma.legacyEndpointCall.findMany({ where: { endpoint: "cleanup-test" } });
    expect(usage.map((u) => u.count)).toEqual([4]);

    // Nothing left to do the second time.
    expect(await runCleanup()).toEqual({ guest_carts: 0, idempotency_keys: 0, legacy_usage_rows: 0 });
  });

  it("runs on one instance at a time: a second taker of the lease skips", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = withLease("cleanup", async () => {
      entered();
      await held;
      return "first";
    });
    await inside;
    // Taken while the first holds it (an advisory lock on PostgreSQL; per process on the
    // embedded database, which serves one process).
    expect(await withLease("cleanup", async () => "second")).toEqual({ ran: false });
    release();
    expect(await first).toEqual({ ran: true, value: "first" });
    expect(await withLease("cleanup", async () => "after")).toEqual({ ran: true, value: "after" });
  });
});

describe("idempotency keys", () => {
  it("forgets a key after its lifetime: the same key is a new request, even with another body", async () => {
    const user = await createUser("user");
    const product = catalog.products[4]!.id;
    const order = (quantity: number) =>
      api("POST", `/api/users/${user.id}/orders`, {
        token: user.token,
        headers: { "idempotency-key": "reused-after-a-day" },
        body: { items: [{ product_id: product, quantity }] },
      });
    const first = await order(1);
    expect(first.status).toBe(201);
    expect((await order(2)).status).toBe(422); // same key, other body, within the lifetime
    const prisma = await db();
    await prisma.idempotencyKey.updateMany({
      where: { key: "reused-after-a-day" },
      data: { createdAt: ago(25) },
    });
    const again = await order(2);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect((await again.json()).id).not.toBe((await first.json()).id);
  });
});

describe("deprecated endpoint usage", () => {
  it("counts every call exactly, with a handful of writes instead of one per call", async () => {
    const before = (await legacyUsage()).find((u) => u.endpoint === "GET /api/cart/count/")?.today ?? 0;
    let writes = 0;
    const stop = onQuery((event) => {
      if (/legacy_endpoint_calls/.test(event.query) && /^\s*(INSERT|UPDATE)/i.test(event.query)) writes++;
    });
    const responses = await Promise.all(Array.from({ length: 100 }, () => api("GET", "/api/cart/count/")));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const after = (await legacyUsage()).find((u) => u.endpoint === "GET /api/cart/count/")?.today;
    stop();
    expect(after).toBe(before + 100);
    expect(writes).toBeLessThanOrEqual(3);
  });
});
