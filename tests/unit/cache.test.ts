import { cached, getCache, invalidateTags } from "@/lib/cache";
import { memoryStore, redisStore } from "@/lib/cache/store";

describe("cache", () => {
  it("reads through, then serves from cache until a tag is invalidated", async () => {
    let loads = 0;
    const load = async () => ({ n: ++loads });
    const opts = { tags: ["products"], ttlSeconds: 60 };
    expect(await cached("k1", opts, load)).toEqual({ n: 1 });
    expect(await cached("k1", opts, load)).toEqual({ n: 1 });
    await invalidateTags("products");
    expect(await cached("k1", opts, load)).toEqual({ n: 2 });
    // Another tag does not touch it.
    await invalidateTags("orders");
    expect(await cached("k1", opts, load)).toEqual({ n: 2 });
  });

  it("counts atomically with a TTL", async () => {
    const store = await getCache();
    const key = `counter-${Date.now()}`;
    const values = await Promise.all([1, 2, 3, 4, 5].map(() => store.incr(key, 60)));
    expect(values.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("delivers published messages to subscribers", async () => {
    const store = await getCache();
    const received = new Promise<string>((resolve) => {
      void store.subscribe("chan", resolve);
    });
    // Redis subscriptions take effect asynchronously; publish until it lands.
    const timer = setInterval(() => void store.publish("chan", "hello"), 50);
    await expect(received).resolves.toBe("hello");
    clearInterval(timer);
  });

  it("bounds the in-process cache by bytes, and a flood of reads never evicts a counter", async () => {
    const store = memoryStore({ maxBytes: 1_000_000 });
    const throttle = "login:acct:alice@example.com|203.0.113.9:1";
    await store.incr(throttle, 900);
    await store.incr("tag:products", 900);
    // Visitor-chosen list pages, ~4 KB each in memory: 8 MB offered to a 1 MB cache.
    const page = "x".repeat(2_000);
    for (let i = 0; i < 2_000; i++) await store.set(`v:products?search=${i}`, page, 60);
    const kept = (
      await store.getMany(Array.from({ length: 2_000 }, (_, i) => `v:products?search=${i}`))
    ).filter((v) => v !== null).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept * (page.length + "v:products?search=1999".length) * 2).toBeLessThanOrEqual(1_000_000);
    expect(await store.get("v:products?search=1999")).toBe(page); // the newest stay
    expect(await store.get("v:products?search=0")).toBeNull(); // the oldest went
    // The counters are where they were.
    expect(await store.get(throttle)).toBe("1");
    expect(await store.incr(throttle, 900)).toBe(2);
    expect(await store.get("tag:products")).toBe("1");
    // One value larger than an eighth of the budget is not kept at all.
    await store.set("v:huge", "y".repeat(200_000), 60);
    expect(await store.get("v:huge")).toBeNull();
    await store.close();
  });

  it("degrades to the loader when Redis is unreachable, without throwing", async () => {
    const down = await redisStore("redis://127.0.0.1:1", "unreachable:");
    expect(await down.ping()).toBe(false);
    await expect(down.get("x")).rejects.toThrow();
    await down.close();
    const { installCache } = await import("@/lib/cache");
    const unreachable = await redisStore("redis://127.0.0.1:1", "unreachable:");
    installCache(unreachable);
    let loads = 0;
    expect(await cached("k", { tags: ["t"], ttlSeconds: 5 }, async () => ++loads)).toBe(1);
    expect(await cached("k", { tags: ["t"], ttlSeconds: 5 }, async () => ++loads)).toBe(2);
    await expect(invalidateTags("t")).resolves.toBeUndefined();
    await unreachable.close();
    installCache(memoryStore());
  });
});
