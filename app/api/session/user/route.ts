import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getUser } from "@/lib/services/users";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/**
 * The SPA header's "who am I": 200 with the user or null. /api/users/me answers 401 to a
 * signed-out visitor, which every browser logs as a console error on every page.
 */
export const GET = endpoint(ops.whoAmI, async ({ user }) =>
  Response.json(
    { user: user ? await getUser(user.id) : null },
    { headers: { "Cache-Control": "private, no-store" } },
  ),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
