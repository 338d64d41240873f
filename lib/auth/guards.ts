import "server-only";
import { forbidden, unauthorized } from "@/lib/errors";
import { invalidToken, verifyAccessToken, type TokenClaims } from "@/lib/auth/tokens";
import { sessionClaims } from "@/lib/auth/session";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { findIdentity } from "@/lib/services/users";
import type { Role } from "@/lib/generated/prisma/enums";

export interface Identity {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** How the caller proved who they are; cookie-authenticated writes need a CSRF check. */
  via: "bearer" | "session";
}

const RANK: Record<Role, number> = { guest: 0, user: 1, admin: 2 };

/**
 * Who is calling: a bearer token if the request has an Authorization header, the
 * next-auth session cookie otherwise, or nobody. A bad token is a 401, never anonymous.
 */
export async function optionalUser(request: Request): Promise<Identity | null> {
  const authorization = request.headers.get("authorization");
  let claims: TokenClaims | null;
  let via: Identity["via"];
  if (authorization) {
    const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)\s*$/i.exec(authorization);
    if (!match?.[1]) throw invalidToken("Send the token as: Authorization: Bearer <token>.");
    claims = await verifyAccessToken(match[1]);
    via = "bearer";
  } else {
    claims = await sessionClaims(request);
    via = "session";
    // Cookies ride along on cross-site requests; bearer tokens never do.
    if (claims !== null) assertSameOrigin(request);
  }
  if (claims === null) return null;
  const found = await findIdentity(claims.id);
  if (!found) {
    if (via === "bearer") throw invalidToken("The token's user no longer exists.");
    return null;
  }
  const { tokenVersion, ...user } = found;
  // Signed out everywhere or the password changed since this was issued: revoked.
  if (claims.version !== tokenVersion) {
    if (via === "bearer") throw invalidToken("The token has been revoked.");
    return null;
  }
  return { ...user, via };
}

/** Any signed-in account. For writes use requireRole(request, "user"): guest accounts only read. */
export async function requireUser(request: Request): Promise<Identity> {
  const user = await optionalUser(request);
  if (!user) throw unauthorized();
  return user;
}

export async function requireRole(request: Request, role: Role): Promise<Identity> {
  const user = await requireUser(request);
  if (RANK[user.role] < RANK[role]) {
    throw forbidden(user.role === "guest" ? "Guest accounts can only read." : `This needs the ${role} role.`);
  }
  return user;
}

/** Owner or admin: another user's resources answer 403 and reveal nothing. */
export function assertOwnerOrAdmin(user: Identity, ownerId: number): void {
  if (user.id !== ownerId && user.role !== "admin") throw forbidden("You can only see your own data.");
}
