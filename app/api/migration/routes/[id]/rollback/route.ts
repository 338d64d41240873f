import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { pauseActiveRollout } from "@/lib/migration/rollout";
import { announceRouteChange } from "@/lib/migration/state-cache";
import { rollbackRoute } from "@/lib/services/migration";
import { migrationOperations as ops } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

/** Undo the last change of a route (back to legacy if it never changed). */
export const POST = endpoint(ops.rollbackRoute, async ({ params, user }) => {
  const route = await rollbackRoute(params.id, user.email);
  // A person took over: an active rollout holds where it is rather than undo their change.
  await pauseActiveRollout(params.id);
  await announceRouteChange();
  return Response.json(route);
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
