import { createSessionCookie } from "@/lib/auth/session";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getUser, updateMe } from "@/lib/services/users";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

export const GET = endpoint(ops.getMe, async ({ user }) =>
  Response.json(await getUser(user.id), { headers: { "Cache-Control": "private, no-store" } }),
);

/**
 * Change your name, or your password (with the current one). A new password revokes every
 * other session and bearer token; a browser that changed it gets a fresh session cookie and
 * stays signed in, a bearer caller signs in again.
 */
export const PATCH = endpoint(ops.updateMe, async ({ user, body }) => {
  const { tokenVersion, ...updated } = await updateMe(user.id, body);
  const headers = new Headers();
  if (body.password !== undefined && user.via === "session") {
    headers.set("Set-Cookie", await createSessionCookie({ ...updated, tokenVersion }));
  }
  return Response.json(updated, { headers });
});

export const { POST, PUT, DELETE } = methodsNotAllowed("GET", "PATCH");

export const OPTIONS = preflight;
