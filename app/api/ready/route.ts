import { getDatabase } from "@/lib/db";
import { cacheStatus } from "@/lib/cache";
import { endpoint } from "@/lib/http/endpoint";
import { metaOperations as ops } from "@/lib/validation/meta";

export const dynamic = "force-dynamic";

// A load balancer polls this every few seconds: it must answer within its own timeout even
// when a dependency hangs, so each check gets a bound of its own and they run side by side.
const DATABASE_CHECK_MS = 1_500;
const CACHE_CHECK_MS = 1_000;

function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
}

/** Readiness: the database answers (and the cache, when one is configured). 503 otherwise. */
export const GET = endpoint(ops.ready, async () => {
  const [database, cache] = await Promise.all([
    // Starting the database (first request: migrations, PGlite's start) is not bounded here:
    // it is bounded by the pool's own connect and query timeouts, and takes seconds with PGlite.
    getDatabase()
      .then(async (db) => {
        await within(DATABASE_CHECK_MS, () => db.sql.query("SELECT 1"));
        return `ok (${db.kind})`;
      })
      .catch(() => null),
    within(CACHE_CHECK_MS, cacheStatus).catch(() => null),
  ]);
  const ok = database !== null;
  const checks: Record<string, string> = {
    database: database ?? "unavailable",
    cache: cache?.ok
      ? `ok (${cache.kind})`
      : `degraded (${cache?.kind ?? "cache"} unreachable; serving uncached)`,
  };
  return Response.json(
    { status: ok ? "ready" : "unavailable", checks },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
});
export { preflight as OPTIONS } from "@/lib/http/cors";
