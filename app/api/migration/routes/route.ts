import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle } from "@/lib/http/handler";
import { migrationStatus } from "@/lib/migration/status";

export const dynamic = "force-dynamic";

/** The ledger with state, percent, last parity result, traffic and legacy endpoint usage. */
export const GET = handle(async (request) => {
  await requireRole(request, "admin");
  return Response.json(await migrationStatus(), { headers: { "Cache-Control": "no-store" } });
});

export const OPTIONS = preflight;
