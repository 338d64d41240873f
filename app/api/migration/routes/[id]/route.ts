import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { pauseActiveRollout } from "@/lib/migration/rollout";
import { announceRouteChange } from "@/lib/migration/state-cache";
import { setRouteState } from "@/lib/services/migration";
import { migrationOperations as ops } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

/** Switch a route (by ledger id or pattern) to legacy, canary at some percent, or SPA. */
export const PATCH = endpoint(ops.setRouteState, async ({ params, body, user }) => {
  const route = await setRouteState(params.id, body, user.email);
  // A person took over: an active rollout holds where it is rather than undo their change.
  await pauseActiveRollout(params.id);
  await announceRouteChange();
  return Response.json(route);
});

export const { GET, POST, PUT, DELETE } = methodsNotAllowed("PATCH");

export const OPTIONS = preflight;
