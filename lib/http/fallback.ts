import "server-only";
import { AppError, notFound } from "@/lib/errors";
import { handle } from "@/lib/http/handler";

// Answers for requests no operation serves, in problem+json like every other API error
// (Next's own would be an HTML 404 or an empty 405). They carry `fallback` instead of an
// operation spec: they document nothing, and the route tests skip them by that mark.

export type FallbackHandler = ((request: Request) => Promise<Response>) & {
  fallback: "not-found" | "method-not-allowed";
};

// Neither answer reads the path's parameters, so neither takes Next's context (a catch-all's
// params are string arrays, which the handler wrapper's context type does not allow).
const fallback = (kind: FallbackHandler["fallback"], fn: (request: Request) => never): FallbackHandler => {
  const route = handle(fn);
  return Object.assign((request: Request) => route(request), { fallback: kind });
};

/** 404 for any /api path that no route file serves (app/api/[...path]). */
export function notFoundHandler(): FallbackHandler {
  return fallback("not-found", () => {
    throw notFound("There is no API endpoint at this path; see /api/openapi.json.");
  });
}

type Verb = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * 405 problem+json with an Allow header, for the methods a route file does not serve (Next's
 * own 405 is empty). Each route file exports the ones it lacks:
 * `export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");`
 */
export function methodsNotAllowed(...served: Verb[]): Record<Verb, FallbackHandler> {
  const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const handler = fallback("method-not-allowed", (request) => {
    throw new AppError(
      405,
      "Method Not Allowed",
      `${request.method.toUpperCase()} is not served here; use ${allow}.`,
      undefined,
      { Allow: allow },
    );
  });
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
