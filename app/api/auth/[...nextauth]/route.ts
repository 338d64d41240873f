import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { readBodyText } from "@/lib/http/body";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { problemResponse, toProblem } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// Browser sessions: /api/auth/csrf, /api/auth/session, /api/auth/callback/credentials,
// /api/auth/signout. Options are built per request so the environment is read at run time.
//
// next-auth answers what it does not know with text/plain (or a bare 500 for a body it cannot
// parse); like every other API path, these answer problem+json: an unknown action or provider
// is a 404, a body that is not a small form (or JSON object) a 4xx, read with the API's limit.

const ACTIONS: Record<"GET" | "POST", Set<string>> = {
  GET: new Set(["providers", "session", "csrf", "signin", "signout", "error", "callback"]),
  POST: new Set(["signin", "callback", "signout", "session"]),
};
const PROVIDER_ACTIONS = new Set(["signin", "callback"]);

async function checked(request: Request, method: "GET" | "POST", segments: string[]): Promise<Request> {
  const [action = "", provider, ...rest] = segments;
  const known =
    ACTIONS[method].has(action) &&
    !rest.length &&
    (provider === undefined || (PROVIDER_ACTIONS.has(action) && provider === "credentials"));
  if (!known) throw notFound("There is no sign-in endpoint at this path.");
  if (method === "GET") return request;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const form = type.startsWith("application/x-www-form-urlencoded");
  if (!form && !type.startsWith("application/json")) {
    throw new AppError(415, "Unsupported Media Type", "Send application/x-www-form-urlencoded.");
  }
  const text = await readBodyText(request);
  if (!form) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw badRequest("The body is not valid JSON.");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw badRequest("The body must be a JSON object.");
    }
  }
  return new NextRequest(request.url, { method, headers: request.headers, body: text });
}

function serve(method: "GET" | "POST") {
  return async (request: Request, context: Context): Promise<Response> => {
    try {
      const { nextauth = [] } = await context.params;
      const ready = await checked(request, method, nextauth);
      return (await NextAuth(ready as never, context as never, authOptions())) as Response;
    } catch (error) {
      const { problem, headers } = toProblem(error, new URL(request.url).pathname, crypto.randomUUID());
      return problemResponse(problem, headers);
    }
  };
}

export const GET = serve("GET");
export const POST = serve("POST");
export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");

export { preflight as OPTIONS } from "@/lib/http/cors";
