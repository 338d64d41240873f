import { clientIp, reserveSignUp } from "@/lib/auth/throttle";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { pagingHeaders } from "@/lib/http/pagination";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { listUsers, signUp } from "@/lib/services/users";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** Sign-up: anyone may create an account; it always gets the `user` role. Throttled per address. */
export const POST = endpoint(ops.signUp, async ({ request, body }) => {
  await reserveSignUp(clientIp(request.headers));
  const user = await signUp(body);
  return Response.json(user, { status: 201, headers: { Location: `/api/users/${user.id}` } });
});

/** Admin: list accounts. */
export const GET = endpoint(ops.listUsers, async ({ ctx, query }) => {
  const page = await listUsers(query);
  return Response.json(page.items, {
    headers: pagingHeaders(ctx.url, { ...query, ...page, nextCursor: null }),
  });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");

export const OPTIONS = preflight;
