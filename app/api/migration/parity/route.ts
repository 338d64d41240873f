import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { announceRouteChange } from "@/lib/migration/state-cache";
import { latestParity, saveParityRun } from "@/lib/services/migration";
import { migrationOperations as ops } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

export const GET = endpoint(ops.latestParity, async () => Response.json(await latestParity()));

/** `npm run cutover -- parity` stores its results here for the dashboard. */
export const POST = endpoint(ops.saveParity, async ({ body }) => {
  const run = await saveParityRun(body.route, body.report);
  // A route's fallback to the SPA (ledger `fallback`) follows its latest parity run.
  await announceRouteChange();
  return Response.json(run, { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");

export const OPTIONS = preflight;
