import { preflight } from "@/lib/http/cors";
import { notFoundHandler } from "@/lib/http/fallback";
import { forward, originForApi } from "@/lib/migration/gateway";

export const dynamic = "force-dynamic";

// Every /api path no other route file serves. An /api prefix an old app still owns (ORIGINS
// apiPrefixes) is forwarded to it, so an old API is strangled the way pages are; anything else
// is a problem+json 404 (Next's own is an HTML page). Static and dynamic routes win over this
// catch-all, so real endpoints never reach it.
const notFound = notFoundHandler();

// Documents no operation (the route tests skip it by its `fallback` mark): an old app's API
// is that app's to describe.
const route = Object.assign(
  async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const origin = originForApi(pathname);
    return origin ? forward(request, origin, pathname, "api") : notFound(request);
  },
  { fallback: "not-found" as const },
);

export const GET = route;
export const HEAD = route;
export const POST = route;
export const PUT = route;
export const PATCH = route;
export const DELETE = route;
export const OPTIONS = preflight;
