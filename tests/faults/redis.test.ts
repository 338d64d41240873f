/** @jest-environment node */
import { closeCache, installCache } from "@/lib/cache";
import { COMMAND_TIMEOUT_MS, redisStore, testPrefix } from "@/lib/cache/store";
import { api } from "@/tests/helpers/app";
import { createCatalog, createUser, type TestUser } from "@/tests/helpers/fixtures";
import { startTcpProxy, type ProxyMode, type TcpProxy } from "@/tests/helpers/tcp-proxy";
import { eventually, expectGraceful, shopCalls, timed, traffic } from "@/tests/faults/traffic";

// A Redis that stops answering (frozen) or drops every connection (cut), between the app and
// a real Redis, mid-traffic. Needs a real Redis (and runs on whatever database the tests use).
const REDIS = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
const suite = REDIS ? describe : describe.skip;
if (!REDIS) {
  console.info("tests/faults/redis: skipped (set REDIS_URL or TEST_REDIS_URL to a real Redis)");
}

// commandTimeout, then the breaker answers at once; the rest is the database's own time.
const BOUND_MS = 2_500;

suite("API while Redis fails", () => {
  let proxy: TcpProxy;
  let productId: number;
  let admin: TestUser;
  let shopper: TestUser;

  beforeAll(async () => {
    const target = new URL(REDIS ?? "redis://127.0.0.1:6379");
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    installCache(await redisStore(`redis://127.0.0.1:${proxy.port}`, testPrefix()));
    const catalog = await createCatalog();
    productId = catalog.products[0]!.id;
    admin = await createUser("admin");
    shopper = await createUser();
  });

  afterAll(async () => {
    proxy.setMode("pass");
    await closeCache();
    await proxy.close();
  });

  const price = async () => {
    const res = await api("GET", `/api/products/${productId}`);
    return res.status === 200 ? ((await res.json()) as { price: number }).price : -res.status;
  };

  it.each<ProxyMode>(["frozen", "cut"])(
    "%s: answers within the bound, never 500, and serves no stale price once Redis is back",
    async (mode) => {
      // Cached at the old price before the fault.
      const before = await price();
      expect(await price()).toBe(before);

      const answers = await traffic(shopCalls(productId, shopper.token), {
        ms: 2_000,
        at: { ms: 300, run: () => proxy.setMode(mode) },
      });
      expectGraceful(answers, BOUND_MS);
      // Redis is only a cache: everything still works, uncached.
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);

      // A price change while Redis is unreachable: the write succeeds within the bound, and
      // its failed invalidation is not forgotten.
      const next = before + 1;
      const patch = await timed({
        name: "PATCH",
        run: () => api("PATCH", `/api/products/${productId}`, { token: admin.token, body: { price: next } }),
      });
      expect(patch.status).toBe(200);
      expect(patch.ms).toBeLessThan(BOUND_MS);
      expect(await price()).toBe(next);

      const ready = await timed({ name: "GET /api/ready", run: () => api("GET", "/api/ready") });
      expect(ready.status).toBe(200);
      expect(ready.ms).toBeLessThan(BOUND_MS);

      proxy.setMode("pass");
      // Back without a restart: the cache answers again (breaker probe, reconnect)...
      const back = await eventually(
        async () => (await (await api("GET", "/api/ready")).json()) as { checks: { cache: string } },
        (body) => body.checks.cache.startsWith("ok"),
        5_000,
      );
      expect(back.checks.cache).toMatch(/^ok \(redis\)/);
      // ...and the entry cached at the old price is never served again.
      for (let i = 0; i < 5; i++) expect(await price()).toBe(next);
      const after = await traffic(shopCalls(productId, shopper.token), { ms: 500 });
      expect(after.filter((a) => a.status >= 500 || a.ms > COMMAND_TIMEOUT_MS * 4)).toEqual([]);
    },
  );
});
