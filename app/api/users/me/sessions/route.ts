import { clearSessionCookies } from "@/lib/auth/session";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { revokeTokens } from "@/lib/services/users";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** Sign out everywhere: every session and token issued so far stops working at once. */
export const DELETE = endpoint(ops.signOutEverywhere, async ({ user }) => {
  await revokeTokens(user.id);
  const headers = new Headers({ "Cache-Control": "no-store" });
  for (const cookie of clearSessionCookies()) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 204, headers });
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed("DELETE");

export const OPTIONS = preflight;
