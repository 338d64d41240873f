import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { pauseRollout } from "@/lib/migration/rollout";
import { rolloutOperations as ops } from "@/lib/validation/rollout";

export const dynamic = "force-dynamic";

/** Holds the rollout at its current step. */
export const POST = endpoint(ops.pauseRollout, async ({ params }) =>
  Response.json(await pauseRollout(params.id)),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
