import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getRollout, startRollout } from "@/lib/migration/rollout";
import { rolloutOperations as ops } from "@/lib/validation/rollout";

export const dynamic = "force-dynamic";

/** The route's rollout plan: steps, the current one with its bake time left, the last decision. */
export const GET = endpoint(ops.getRollout, async ({ params }) =>
  Response.json(await getRollout(params.id), { headers: { "Cache-Control": "no-store" } }),
);

/** Starts a guarded rollout; the route moves to the first step now. */
export const PUT = endpoint(ops.startRollout, async ({ params, body, user }) =>
  Response.json(await startRollout(params.id, body, user.email)),
);

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET", "PUT");

export const OPTIONS = preflight;
