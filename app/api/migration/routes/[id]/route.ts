import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody } from "@/lib/http/handler";
import { announceRouteChange } from "@/lib/migration/state-cache";
import { setRouteState } from "@/lib/services/migration";
import { routeStateChangeSchema } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

/** Switch a route (by ledger id or pattern) to legacy, canary at some percent, or SPA. */
export const PATCH = handle(async (request, ctx) => {
  const admin = await requireRole(request, "admin");
  const change = await parseBody(request, routeStateChangeSchema);
  const route = await setRouteState(ctx.params.id ?? "", change, admin.email);
  await announceRouteChange();
  return Response.json(route);
});

export const OPTIONS = preflight;
