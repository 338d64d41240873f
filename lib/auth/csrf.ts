import "server-only";
import { env } from "@/lib/env";
import { forbidden } from "@/lib/errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated (and guest-cookie) writes must come from our own pages or an
 * allow-listed origin. Browsers send Origin on every cross-site POST and Sec-Fetch-Site
 * on every request, so a forged form or fetch from another site is refused. Requests with
 * neither header are not from a browser and so cannot be a cross-site forgery.
 */
/**
 * Where this app is served from, as a browser sees it. Behind a proxy request.url names the
 * server's own listen address, so the configured public URL and the Host the browser
 * addressed (which a cross-site page cannot choose) count too, as Django compares them.
 */
function ownOrigins(request: Request): Set<string> {
  const url = new URL(request.url);
  const origins = new Set([url.origin]);
  const { NEXTAUTH_URL } = env();
  if (NEXTAUTH_URL) origins.add(new URL(NEXTAUTH_URL).origin);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  if (host) {
    const proto =
      request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
    origins.add(`${proto}://${host}`);
  }
  return origins;
}

export function assertSameOrigin(request: Request): void {
  if (SAFE.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (origin) {
    if (ownOrigins(request).has(origin) || env().corsOrigins.includes(origin)) return;
    throw forbidden(
      "Cross-site request refused (CSRF protection). Use a bearer token for cross-origin calls.",
    );
  }
  if (site && site !== "same-origin" && site !== "none") {
    throw forbidden("Cross-site request refused (CSRF protection).");
  }
}
