import { requireRole, requireUser } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody } from "@/lib/http/handler";
import { getUser, updateMe } from "@/lib/services/users";
import { userUpdateMeSchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const me = await requireUser(request);
  return Response.json(await getUser(me.id), { headers: { "Cache-Control": "private, no-store" } });
});

/** Change your name, or your password (with the current one). */
export const PATCH = handle(async (request) => {
  const me = await requireRole(request, "user");
  return Response.json(await updateMe(me.id, await parseBody(request, userUpdateMeSchema)));
});

export const OPTIONS = preflight;
