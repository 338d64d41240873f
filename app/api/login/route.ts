import { clientIp } from "@/lib/auth/throttle";
import { issueAccessToken } from "@/lib/auth/tokens";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { authenticate } from "@/lib/auth/authenticate";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/**
 * Seed-compatible: {username, password} as JSON (or a form) →
 * {access_token, token_type: "bearer", expires_in}.
 */
export const POST = endpoint(ops.login, async ({ request, body }) => {
  const user = await authenticate({ ...body, ip: clientIp(request.headers) });
  return Response.json(await issueAccessToken(user), { headers: { "Cache-Control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
