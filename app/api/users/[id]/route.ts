import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseParam } from "@/lib/http/handler";
import { adminUpdateUser } from "@/lib/services/users";
import { idParam } from "@/lib/validation/common";
import { userAdminPatchSchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** Admin: change a user's role or name. */
export const PATCH = handle(async (request, ctx) => {
  const id = parseParam(ctx, "id", idParam);
  await requireRole(request, "admin");
  return Response.json(await adminUpdateUser(id, await parseBody(request, userAdminPatchSchema)));
});

export const OPTIONS = preflight;
