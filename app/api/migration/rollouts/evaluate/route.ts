import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { evaluateRollouts } from "@/lib/migration/rollout";
import { rolloutOperations as ops } from "@/lib/validation/rollout";

export const dynamic = "force-dynamic";

/** Evaluates every active rollout now; [] if another instance is evaluating at this moment. */
export const POST = endpoint(ops.evaluateRollouts, async () =>
  Response.json((await evaluateRollouts()) ?? []),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
