import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { currentRouteStates } from "@/lib/migration/state-cache";
import { migrationOperations as ops } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

/** The effective ledger for proxy.ts (internal token) or an admin. */
export const GET = endpoint(ops.migrationState, async () =>
  Response.json(await currentRouteStates(), { headers: { "Cache-Control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export { preflight as OPTIONS } from "@/lib/http/cors";
