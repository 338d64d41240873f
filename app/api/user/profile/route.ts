import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getUser } from "@/lib/services/users";
import { userOperations as ops } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** The seed service's profile endpoint, kept for its clients; /api/users/me is the successor. */
export const GET = endpoint(ops.legacyProfile, async ({ user }) =>
  Response.json(await getUser(user.id), { headers: { "Cache-Control": "private, no-store" } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
