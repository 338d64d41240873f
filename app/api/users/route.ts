import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseQuery } from "@/lib/http/handler";
import { pagingHeaders } from "@/lib/http/pagination";
import { listUsers, signUp } from "@/lib/services/users";
import { userCreateSchema, userQuerySchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** Sign-up: anyone may create an account; it always gets the `user` role. */
export const POST = handle(async (request) => {
  const user = await signUp(await parseBody(request, userCreateSchema));
  return Response.json(user, { status: 201, headers: { Location: `/api/users/${user.id}` } });
});

/** Admin: list accounts. */
export const GET = handle(async (request, { url }) => {
  await requireRole(request, "admin");
  const query = parseQuery(url, userQuerySchema);
  const page = await listUsers(query);
  return Response.json(page.items, { headers: pagingHeaders(url, { ...query, ...page, nextCursor: null }) });
});

export const OPTIONS = preflight;
