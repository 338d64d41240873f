import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { adminUpdateUser } from "@/lib/services/users";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** Admin: change a user's role or name. */
export const PATCH = endpoint(ops.adminUpdateUser, async ({ params, body }) =>
  Response.json(await adminUpdateUser(params.id, body)),
);

export const { GET, POST, PUT, DELETE } = methodsNotAllowed("PATCH");

export const OPTIONS = preflight;
