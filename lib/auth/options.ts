import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientIp } from "@/lib/auth/throttle";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/lib/auth/authenticate";
import { loginSchema } from "@/lib/validation/user";
import { claimedVersion } from "@/lib/auth/tokens";
import { findIdentity } from "@/lib/services/users";
import { log } from "@/lib/log";

const SESSION_REVOKED = "SessionRevoked";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** next-auth (v4) for browsers: email + password against the users table, JWT session cookie. */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    // next-auth's own messages through the app's logger; a revoked session is routine.
    logger: {
      error(code, metadata) {
        const message =
          metadata instanceof Error ? metadata.message : (metadata as { message?: string })?.message;
        if (code === "JWT_SESSION_ERROR" && message === SESSION_REVOKED) {
          log.info("session revoked: cookie cleared", { code });
        } else {
          log.error("next-auth error", { code, message });
        }
      },
      warn(code) {
        log.warn("next-auth warning", { code });
      },
      debug() {},
    },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const parsed = loginSchema.safeParse({
            email: credentials?.email,
            password: credentials?.password,
          });
          if (!parsed.success) return null;
          try {
            const user = await authenticate({ ...parsed.data, ip: clientIp(req.headers ?? {}) });
            return {
              id: String(user.id),
              email: user.email,
              name: user.name,
              role: user.role,
              tokenVersion: user.tokenVersion,
            };
          } catch (error) {
            // next-auth passes a thrown message to the sign-in page as ?error=…
            if (error instanceof AppError && error.status === 429) throw new Error("TooManyAttempts");
            if (error instanceof AppError && error.status === 401) return null;
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user && "role" in user) {
          token.role = user.role;
          token.ver = (user as { tokenVersion?: number }).tokenVersion ?? 0;
          return token;
        }
        // Every later read of the session (GET /api/auth/session) checks it is still valid:
        // after sign-out-everywhere or a password change, next-auth clears the cookie.
        const id = Number(token.sub);
        const current = Number.isInteger(id) ? await findIdentity(id) : null;
        if (!current || current.tokenVersion !== (claimedVersion(token.ver) ?? -1)) {
          throw new Error(SESSION_REVOKED);
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: Number(token.sub), role: token.role });
        return session;
      },
    },
  };
}
