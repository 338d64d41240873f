import { preflight } from "@/lib/http/cors";
import { notFoundHandler } from "@/lib/http/fallback";

export const dynamic = "force-dynamic";

// Every /api path no other route file serves: a problem+json 404 (Next's own is an HTML page).
// Static and dynamic routes win over this catch-all, so real endpoints never reach it.
const notFound = notFoundHandler();

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = preflight;
