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
export function assertSameOrigin(request: Request): void {
  if (SAFE.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (origin) {
    const own = new URL(request.url).origin;
    if (origin === own || env().corsOrigins.includes(origin)) return;
    throw forbidden(
      "Cross-site request refused (CSRF protection). Use a bearer token for cross-origin calls.",
    );
  }
  if (site && site !== "same-origin" && site !== "none") {
    throw forbidden("Cross-site request refused (CSRF protection).");
  }
}
