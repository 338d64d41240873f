import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getUser, updateMe } from "@/lib/services/users";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

export const GET = endpoint(ops.getMe, async ({ user }) =>
  Response.json(await getUser(user.id), { headers: { "Cache-Control": "private, no-store" } }),
);

/** Change your name, or your password (with the current one). */
export const PATCH = endpoint(ops.updateMe, async ({ user, body }) =>
  Response.json(await updateMe(user.id, body)),
);

export const { POST, PUT, DELETE } = methodsNotAllowed("GET", "PATCH");

export const OPTIONS = preflight;
