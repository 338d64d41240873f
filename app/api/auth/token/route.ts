import { clientIp } from "@/lib/auth/throttle";
import { issueAccessToken } from "@/lib/auth/tokens";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { authenticate } from "@/lib/auth/authenticate";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** OAuth2 password grant: a form body (as FastAPI's OAuth2PasswordRequestForm) or the same as JSON. */
export const POST = endpoint(ops.token, async ({ request, body }) => {
  const user = await authenticate({
    email: body.username.trim().toLowerCase(),
    password: body.password,
    ip: clientIp(request.headers),
  });
  return Response.json(await issueAccessToken(user), {
    headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
  });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
