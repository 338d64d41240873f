import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { resumeRollout } from "@/lib/migration/rollout";
import { rolloutOperations as ops } from "@/lib/validation/rollout";

export const dynamic = "force-dynamic";

/** Resumes a paused rollout; the current step bakes afresh. */
export const POST = endpoint(ops.resumeRollout, async ({ params }) =>
  Response.json(await resumeRollout(params.id)),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
