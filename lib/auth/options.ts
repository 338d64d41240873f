import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientIp } from "@/lib/auth/throttle";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/lib/auth/authenticate";
import { loginSchema } from "@/lib/validation/user";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** next-auth (v4) for browsers: email + password against the users table, JWT session cookie. */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
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
            return { id: String(user.id), email: user.email, name: user.name, role: user.role };
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
      jwt({ token, user }) {
        if (user && "role" in user) token.role = user.role;
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: Number(token.sub), role: token.role });
        return session;
      },
    },
  };
}
