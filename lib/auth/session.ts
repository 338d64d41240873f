import "server-only";
import { parse } from "cookie";
import { decode, encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { claimedVersion, type TokenClaims } from "@/lib/auth/tokens";

// next-auth keeps the browser session in an encrypted JWT cookie. Reading it here (rather
// than through next-auth's request-bound helpers) lets every route handler, legacy page and
// server component resolve the same identity from a plain Request.
export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/**
 * A Cookie header's values by name, parsed once (the `cookie` package). A value is null when
 * absent or not valid percent-encoding: `parse` would hand back such a value undecoded, and
 * a cookie we cannot read is one we did not set.
 */
function cookieJar(header: string | null): (name: string) => string | null {
  if (!header) return () => null;
  const raw = parse(header, { decode: (value) => value });
  return (name) => {
    const value = raw[name];
    if (value === undefined) return null;
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  };
}

/** One cookie's value from a Cookie header, or null when absent or undecodable. */
export function readCookie(header: string | null, name: string): string | null {
  return cookieJar(header)(name);
}

/** The session cookie's value, re-joining next-auth's chunked cookies (name.0, name.1, …). */
function sessionToken(cookieHeader: string | null): string | null {
  const cookie = cookieJar(cookieHeader);
  // Only the name the public URL's scheme gives (as next-auth itself reads): on an https
  // site a plain-http cookie (which any network attacker can plant) is not a session.
  const name = sessionCookieName();
  const whole = cookie(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; ; i++) {
    const chunk = cookie(`${name}.${i}`);
    if (!chunk) break;
    chunks.push(chunk);
  }
  return chunks.length ? chunks.join("") : null;
}

/** The claims of the session cookie (user id, token version), or null. */
export async function sessionClaimsFromCookies(cookieHeader: string | null): Promise<TokenClaims | null> {
  const token = sessionToken(cookieHeader);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().AUTH_SECRET });
    const id = Number(payload?.sub);
    const version = claimedVersion(payload?.ver);
    return Number.isInteger(id) && id > 0 && version !== null ? { id, version } : null;
  } catch {
    // Tampered, expired or signed with an old secret: simply not signed in.
    return null;
  }
}

/** The user id the session cookie names, or null (not checked against revocation: see guards). */
export async function sessionUserIdFromCookies(cookieHeader: string | null): Promise<number | null> {
  return (await sessionClaimsFromCookies(cookieHeader))?.id ?? null;
}

/** The browser session's claims, or null. */
export function sessionClaims(request: Request): Promise<TokenClaims | null> {
  return sessionClaimsFromCookies(request.headers.get("cookie"));
}

/** next-auth's cookie name: __Secure- when the public URL is https, as next-auth itself decides. */
export function sessionCookieName(): string {
  return env().NEXTAUTH_URL?.startsWith("https://") ? SESSION_COOKIES[0]! : SESSION_COOKIES[1]!;
}

/**
 * A Set-Cookie header value carrying a next-auth session for this user, for sign-in forms
 * that are not next-auth's own (the legacy login page). next-auth, the API and both page
 * shapes read it as the same session.
 */
export async function createSessionCookie(user: {
  id: number;
  role: string;
  email: string;
  name: string;
  tokenVersion: number;
}): Promise<string> {
  const { SESSION_MAX_AGE_SECONDS } = await import("@/lib/auth/options");
  const token = await encode({
    token: {
      sub: String(user.id),
      role: user.role,
      email: user.email,
      name: user.name,
      ver: user.tokenVersion,
    },
    secret: env().AUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const secure = sessionCookieName().startsWith("__Secure-") ? "; Secure" : "";
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure}`;
}

export function clearSessionCookies(): string[] {
  return SESSION_COOKIES.map(
    (name) =>
      `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${name.startsWith("__Secure-") ? "; Secure" : ""}`,
  );
}
