import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle } from "@/lib/http/handler";
import { announceRouteChange } from "@/lib/migration/state-cache";
import { rollbackRoute } from "@/lib/services/migration";

export const dynamic = "force-dynamic";

/** Undo the last change of a route (back to legacy if it never changed). */
export const POST = handle(async (request, ctx) => {
  const admin = await requireRole(request, "admin");
  const route = await rollbackRoute(ctx.params.id ?? "", admin.email);
  await announceRouteChange();
  return Response.json(route);
});

export const OPTIONS = preflight;
