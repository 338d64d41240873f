import { secureCookies } from "@/lib/client-address";
import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { readCookie } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

// Django's CSRF protection for the legacy forms: a secret in a cookie, a token derived
// from it in every POST form (double submit), and the Origin / Sec-Fetch-Site check the
// API uses. The form token is the secret XOR a fresh random mask, prefixed by the mask,
// so it differs on every page and compressed responses cannot leak it (BREACH), as in
// Django since 1.10.

export const CSRF_COOKIE = "cutover_csrftoken";
export const CSRF_FIELD = "csrfmiddlewaretoken";
const SECRET_BYTES = 32;
const COOKIE_MAX_AGE = 31_449_600; // Django's CSRF_COOKIE_AGE, one year

function decode(value: string | null | undefined, bytes: number): Buffer | null {
  if (!value || !/^[\w-]+$/.test(value)) return null;
  const buffer = Buffer.from(value, "base64url");
  return buffer.length === bytes ? buffer : null;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/** The secret from this request's CSRF cookie, or null when it has none (or a bad one). */
export function readCsrfSecret(request: Request): Buffer | null {
  return decode(readCookie(request.headers.get("cookie"), CSRF_COOKIE), SECRET_BYTES);
}

export function newCsrfSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

export function csrfCookie(secret: Buffer, request: Request): string {
  const secure = secureCookies(request) ? "; Secure" : "";
  // HttpOnly: the pages' scripts read the token from the form, never from the cookie.
  return `${CSRF_COOKIE}=${secret.toString("base64url")}; Path=/; Max-Age=${COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure}`;
}

/** The value of the hidden csrfmiddlewaretoken field for a page. */
export function maskCsrfToken(secret: Buffer): string {
  const mask = randomBytes(SECRET_BYTES);
  return Buffer.concat([mask, xor(secret, mask)]).toString("base64url");
}

const failure = (reason: string) =>
  new AppError(403, "Forbidden", `CSRF verification failed. Request aborted. ${reason}`);

/**
 * For every legacy POST handler: refuses cross-site requests (Origin / Sec-Fetch-Site, as
 * the API does) and requests whose form token does not belong to the CSRF cookie.
 * Throws a 403 AppError. The token may also come in an X-CSRFToken header (Django's AJAX way).
 */
export function assertCsrf(request: Request, formToken: string | null | undefined): void {
  assertSameOrigin(request);
  const secret = readCsrfSecret(request);
  if (!secret) throw failure("CSRF cookie not set.");
  const sent = formToken || request.headers.get("x-csrftoken");
  if (!sent) throw failure("CSRF token missing.");
  const token = decode(sent, SECRET_BYTES * 2);
  if (!token) throw failure("CSRF token has an incorrect format.");
  const unmasked = xor(token.subarray(SECRET_BYTES), token.subarray(0, SECRET_BYTES));
  if (!timingSafeEqual(unmasked, secret)) throw failure("CSRF token incorrect.");
}
