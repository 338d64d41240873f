import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseQuery } from "@/lib/http/handler";
import { routeHistory } from "@/lib/services/migration";
import { historyQuerySchema } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

/** Every change of a route's state: who, when, from → to. */
export const GET = handle(async (request, { url }) => {
  await requireRole(request, "admin");
  return Response.json(await routeHistory(parseQuery(url, historyQuerySchema).limit));
});

export const OPTIONS = preflight;
