import { requireUser } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle } from "@/lib/http/handler";
import { getUser } from "@/lib/services/users";

export const dynamic = "force-dynamic";

/** The seed service's profile endpoint, kept for its clients; /api/users/me is the successor. */
export const GET = handle(async (request) => {
  const me = await requireUser(request);
  return Response.json(await getUser(me.id), {
    headers: {
      "Cache-Control": "private, no-store",
      Deprecation: "true",
      Link: '</api/users/me>; rel="successor-version"',
    },
  });
});

export const OPTIONS = preflight;
