import { getDatabase } from "@/lib/db";
import { cacheStatus } from "@/lib/cache";
import { endpoint } from "@/lib/http/endpoint";
import { metaOperations as ops } from "@/lib/validation/meta";

export const dynamic = "force-dynamic";

/** Readiness: the database answers (and the cache, when one is configured). 503 otherwise. */
export const GET = endpoint(ops.ready, async () => {
  const checks: Record<string, string> = {};
  let ok = true;
  try {
    const database = await getDatabase();
    await database.sql.query("SELECT 1");
    checks.database = `ok (${database.kind})`;
  } catch {
    ok = false;
    checks.database = "unavailable";
  }
  const cache = await cacheStatus();
  checks.cache = cache.ok ? `ok (${cache.kind})` : `degraded (${cache.kind} unreachable; serving uncached)`;
  return Response.json(
    { status: ok ? "ready" : "unavailable", checks },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
});
export { preflight as OPTIONS } from "@/lib/http/cors";
