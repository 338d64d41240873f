import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { abortRoute } from "@/lib/migration/rollout";
import { rolloutOperations as ops } from "@/lib/validation/rollout";

export const dynamic = "force-dynamic";

/** Everyone back to legacy now; the route's rollout, if any, is aborted. */
export const POST = endpoint(ops.abortRoute, async ({ params, user }) =>
  Response.json(await abortRoute(params.id, user.email)),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
