import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { badRequest, unprocessable, AppError } from "@/lib/errors";
import { readBodyText } from "@/lib/http/body";
import { applyCors } from "@/lib/http/cors";
import { requestIdOf } from "@/lib/http/access";
import { problemResponse, toProblem, zodFieldErrors, type Problem } from "@/lib/http/problem";

export interface HandlerContext {
  params: Record<string, string>;
  url: URL;
  requestId: string;
}

type NextRouteContext = { params: Promise<Record<string, string>> };

/**
 * Wraps a route handler: request id, CORS, and every thrown error mapped to problem+json.
 * Handlers stay thin — parse, call a service, return.
 */
export function handle(fn: (request: Request, ctx: HandlerContext) => Promise<Response> | Response) {
  return async (request: Request, context?: NextRouteContext): Promise<Response> => {
    // Already checked (or made) by the HTTP hook, lib/http/access.ts; the same rule here for
    // a handler called in-process.
    const requestId = requestIdOf(request);
    const url = new URL(request.url);
    let response: Response;
    try {
      const params = (await context?.params) ?? {};
      response = await fn(request, { params, url, requestId });
    } catch (error) {
      const { problem, headers } = toProblem(error, url.pathname, requestId);
      response = problemResponse(problem, headers);
    }
    // Responses from Response.json() have immutable headers in some runtimes; copy once.
    const headers = new Headers(response.headers);
    headers.set("X-Request-Id", requestId);
    applyCors(request, headers);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw unprocessable("The request has invalid fields.", zodFieldErrors(result.error, prefix));
  }
  return result.data;
}

export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  return parseWith(schema, query);
}

export function parseParam<S extends z.ZodType>(ctx: HandlerContext, name: string, schema: S): z.infer<S> {
  return parseWith(schema, ctx.params[name], name);
}

/** Reads a JSON body. Bad JSON → 400, wrong fields → 422 naming each field. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError(415, "Unsupported Media Type", "Send the body as application/json.");
  }
  const text = await readBodyText(request);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
  if (body === undefined) throw badRequest("The request needs a JSON body.");
  return parseWith(schema, body);
}

/** JSON with a weak ETag; answers 304 when the client already has this representation. */
export function jsonWithETag(request: Request, data: unknown, init: ResponseInit = {}): Response {
  const body = JSON.stringify(data);
  const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = new Headers(init.headers);
  headers.set("ETag", etag);
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-cache");
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", "application/json");
  return new Response(body, { ...init, headers });
}

/** Answers a stored (idempotent) result: JSON for successes, problem+json for errors. */
export function storedResponse(
  stored: { status: number; body: unknown; replayed: boolean },
  headers: Record<string, string> = {},
): Response {
  const h = new Headers(headers);
  if (stored.replayed) h.set("Idempotent-Replayed", "true");
  if (stored.status >= 400) return problemResponse(stored.body as Problem, h);
  return Response.json(stored.body, { status: stored.status, headers: h });
}
