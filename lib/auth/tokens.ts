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

export async function issueAccessToken(user: { id: number; role: string }): Promise<AccessToken> {
  const access_token = await new SignJWT({ role: user.role })
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

/** The user id in a valid token; a 401 problem naming what is wrong otherwise. */
export async function verifyAccessToken(token: string): Promise<number> {
  try {
    const { payload } = await jwtVerify(token, key(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const id = Number(payload.sub);
    if (!Number.isInteger(id) || id <= 0) throw invalidToken("The token has no valid subject.");
    return id;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw invalidToken("The token has expired.");
    throw invalidToken("The token is malformed or its signature is invalid.");
  }
}
