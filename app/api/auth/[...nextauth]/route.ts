import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// Browser sessions: /api/auth/csrf, /api/auth/session, /api/auth/callback/credentials,
// /api/auth/signout. Options are built per request so the environment is read at run time.
export function GET(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions()) as Promise<Response>;
}

export function POST(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions()) as Promise<Response>;
}

export { preflight as OPTIONS } from "@/lib/http/cors";
