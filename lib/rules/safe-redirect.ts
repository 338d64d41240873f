// Where a `next` (legacy /login) or `callbackUrl` (SPA /signin) parameter may send someone
// after signing in: a path on this site, nothing else. Both page shapes use this one rule,
// so a link that is refused on one is refused on the other; an open redirect would make the
// sign-in pages a phishing tool.

/** Where people go when there is no usable target. */
export const AFTER_SIGN_IN = "/products";

/** Sign-in pages of both shapes: sending people back to one after signing in would loop. */
const SIGN_IN_PATHS = new Set(["/login", "/signin", "/signup"]);

const MAX_LENGTH = 2000;
const ORIGIN = "http://cutover.invalid";

/**
 * The target, unchanged, if it is a path on this site; otherwise null. A path starts with
 * one "/" ("//host" and "/\host" are other hosts to a browser), carries no control
 * characters or whitespace (browsers drop tabs and newlines, which can turn "/\t/host" into
 * "//host"), still names a path on this site once resolved ("/.//host" must not become
 * "//host" when re-serialised), and is not a sign-in page.
 */
export function safeRedirectPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > MAX_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  if (/[\u0000-\u001f\u007f\s]/.test(value)) return null;
  let resolved: URL;
  try {
    resolved = new URL(value, ORIGIN);
  } catch {
    return null;
  }
  if (resolved.origin !== ORIGIN || resolved.pathname.startsWith("//")) return null;
  const path = resolved.pathname.length > 1 ? resolved.pathname.replace(/\/+$/, "") : resolved.pathname;
  if (SIGN_IN_PATHS.has(path)) return null;
  return value;
}
