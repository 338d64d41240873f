import "server-only";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Bearer tokens for API consumers: HS256 JWTs signed with AUTH_SECRET. The verifier pins
// the algorithm, so `alg: none` and algorithm-confusion tokens are rejected.

export const ACCESS_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const ISSUER = "cutover";
const AUDIENCE = "cutover-api";

const key = () => new TextEncoder().encode(env().AUTH_SECRET);

export interface AccessToken {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
}

/** Who a session or bearer token names, and the account's token version it was issued at. */
export interface TokenClaims {
  id: number;
  /** Tokens from before versions existed carry none: they count as version 0. */
  version: number;
}

/** The `ver` claim: a non-negative integer, or 0 when absent. */
export function claimedVersion(value: unknown): number | null {
  if (value === undefined) return 0;
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : null;
}

export async function issueAccessToken(user: {
  id: number;
  role: string;
  tokenVersion: number;
}): Promise<AccessToken> {
  const access_token = await new SignJWT({ role: user.role, ver: user.tokenVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(user.id))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key());
  return { access_token, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS };
}

export function invalidToken(detail: string): AppError {
  return new AppError(401, "Unauthorized", detail, undefined, {
    "WWW-Authenticate": `Bearer error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`,
  });
}

/** The claims of a valid token; a 401 problem naming what is wrong otherwise. */
export async function verifyAccessToken(token: string): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const id = Number(payload.sub);
    if (!Number.isInteger(id) || id <= 0) throw invalidToken("The token has no valid subject.");
    const version = claimedVersion(payload.ver);
    if (version === null) throw invalidToken("The token has no valid version.");
    return { id, version };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw invalidToken("The token has expired.");
    throw invalidToken("The token is malformed or its signature is invalid.");
  }
}
