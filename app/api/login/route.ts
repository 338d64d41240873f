import { clientIp } from "@/lib/auth/throttle";
import { issueAccessToken } from "@/lib/auth/tokens";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseWith } from "@/lib/http/handler";
import { authenticate } from "@/lib/services/users";
import { loginSchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/**
 * Seed-compatible: {username, password} as JSON (or a form) →
 * {access_token, token_type: "bearer", expires_in}.
 */
export const POST = handle(async (request) => {
  const form = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  const credentials = form
    ? parseWith(loginSchema, Object.fromEntries(new URLSearchParams(await request.text())))
    : await parseBody(request, loginSchema);
  const user = await authenticate({ ...credentials, ip: clientIp(request.headers) });
  return Response.json(await issueAccessToken(user), { headers: { "Cache-Control": "no-store" } });
});

export const OPTIONS = preflight;
