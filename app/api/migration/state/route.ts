import { requireRole } from "@/lib/auth/guards";
import { handle } from "@/lib/http/handler";
import { isInternal } from "@/lib/migration/internal-token";
import { currentRouteStates } from "@/lib/migration/state-cache";

export const dynamic = "force-dynamic";

/** The effective ledger for proxy.ts (internal token) or an admin. */
export const GET = handle(async (request) => {
  if (!isInternal(request)) await requireRole(request, "admin");
  return Response.json(await currentRouteStates(), { headers: { "Cache-Control": "no-store" } });
});

export { preflight as OPTIONS } from "@/lib/http/cors";
