import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { routeHistory } from "@/lib/services/migration";
import { migrationOperations as ops } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

/** Every change of a route's state: who, when, from → to. */
export const GET = endpoint(ops.routeHistory, async ({ query }) =>
  Response.json(await routeHistory(query.limit)),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
