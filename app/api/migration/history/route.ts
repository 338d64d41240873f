import { z } from "zod";
import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseQuery } from "@/lib/http/handler";
import { routeHistory } from "@/lib/services/migration";

export const dynamic = "force-dynamic";

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** Every change of a route's state: who, when, from → to. */
export const GET = handle(async (request, { url }) => {
  await requireRole(request, "admin");
  return Response.json(await routeHistory(parseQuery(url, query).limit));
});

export const OPTIONS = preflight;
