import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { listRollouts } from "@/lib/migration/rollout";
import { rolloutOperations as ops } from "@/lib/validation/rollout";

export const dynamic = "force-dynamic";

/** Every route's rollout plan, for the dashboard. */
export const GET = endpoint(ops.listRollouts, async () =>
  Response.json(await listRollouts(), { headers: { "Cache-Control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
