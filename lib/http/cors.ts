import "server-only";
import { env } from "@/lib/env";

const EXPOSED = [
  "X-Total-Count",
  "Link",
  "ETag",
  "Location",
  "Retry-After",
  "RateLimit",
  "RateLimit-Policy",
  "Deprecation",
  "Sunset",
  "X-Request-Id",
  "X-Next-Cursor",
].join(", ");
const ALLOWED_HEADERS =
  "Authorization, Content-Type, Idempotency-Key, If-None-Match, If-Match, X-Requested-With";
const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/** The allow-listed origin of this request, or null (no CORS headers for anyone else). */
export function allowedOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  if (!origin) return null;
  return env().corsOrigins.includes(origin) ? origin : null;
}

export function applyCors(request: Request, headers: Headers): void {
  headers.append("Vary", "Origin");
  const origin = allowedOrigin(request);
  if (!origin) return;
  // Echo the one allowed origin, never "*", since credentials are allowed.
  headers.set("Access-Control-Allow-Origin", origin);
  headers.set("Access-Control-Allow-Credentials", "true");
  headers.set("Access-Control-Expose-Headers", EXPOSED);
}

/** OPTIONS for every API route: a preflight answer for allowed origins, plain 204 otherwise. */
export function preflight(request: Request): Response {
  const headers = new Headers({ Allow: ALLOWED_METHODS });
  applyCors(request, headers);
  if (headers.has("Access-Control-Allow-Origin")) {
    headers.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
    headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    headers.set("Access-Control-Max-Age", "600");
  }
  return new Response(null, { status: 204, headers });
}
