import "server-only";
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// What every response of this process's HTTP server gets, below the framework, and the one
// access-log line per request:
// - X-Request-Id: the caller's (a load balancer's), if it is a sane token, else a new one;
//   also on the request, for the app and for the old apps behind the gateway;
// - security headers (nosniff, no framing, referrer policy, HSTS behind https), unless the
//   response set its own;
// - a JSON access-log line when the response has been sent: request id, method, route
//   pattern, status, duration, variant, user id when known. Never the query string, cookies,
//   tokens or bodies.
// The app tells the log what only it knows (the API operation's pattern, the signed-in user)
// in response headers under LOG_HEADER_PREFIX, which are removed here before anything is sent.

export const REQUEST_ID_HEADER = "x-request-id";
export const LOG_HEADER_PREFIX = "x-cutover-log-";
export const LOG_ROUTE_HEADER = `${LOG_HEADER_PREFIX}route`;
export const LOG_USER_HEADER = `${LOG_HEADER_PREFIX}user`;

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when it is a sane token, else a fresh one. */
export function requestIdFrom(value: string | string[] | undefined): string {
  return typeof value === "string" && SANE_ID.test(value) ? value : randomUUID();
}

/** A request's id as the HTTP hook above checked or made it (its X-Request-Id header). */
export function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get(REQUEST_ID_HEADER) ?? undefined);
}

/** Headers every response carries unless it set its own. */
export function securityHeaders(publicUrl: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    // Only what cannot break a page an old app serves through the gateway; a response with a
    // policy of its own keeps it.
    "content-security-policy": "frame-ancestors 'none'",
  };
  if (publicUrl?.startsWith("https:")) {
    headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}

export interface AccessEntry {
  request_id: string;
  method: string;
  /** The API operation's or ledger route's pattern (told by the app), else the path (never the query). */
  route: string;
  status: number;
  ms: number;
  variant: string | null;
  user: string | null;
}

export function accessEntry(input: {
  requestId: string;
  method: string | undefined;
  url: string | undefined;
  status: number;
  ms: number;
  logRoute: unknown;
  logUser: unknown;
  variant: unknown;
}): AccessEntry {
  const path = (input.url ?? "/").split("?")[0]!;
  return {
    request_id: input.requestId,
    method: input.method ?? "GET",
    route: (typeof input.logRoute === "string" && input.logRoute) || path,
    status: input.status,
    ms: Math.round(input.ms * 10) / 10,
    variant: typeof input.variant === "string" ? input.variant : null,
    user:
      typeof input.logUser === "string" || typeof input.logUser === "number" ? String(input.logUser) : null,
  };
}

type NodeRequest = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };
type NodeResponse = {
  statusCode: number;
  headersSent: boolean;
  writeHead: (...args: unknown[]) => unknown;
  getHeader(name: string): unknown;
  getHeaderNames(): string[];
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): unknown;
};

let installed = false;

export async function installAccess(): Promise<void> {
  if (installed) return;
  installed = true;
  const { subscribe } = await import("node:diagnostics_channel");
  const security = securityHeaders(env().NEXTAUTH_URL);
  const started = new WeakMap<object, { at: number; id: string; logRoute?: unknown; logUser?: unknown }>();
  subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: NodeRequest; response: NodeResponse };
    const id = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    request.headers[REQUEST_ID_HEADER] = id;
    const state: { at: number; id: string; logRoute?: unknown; logUser?: unknown } = {
      at: performance.now(),
      id,
    };
    started.set(request, state);
    const writeHead = response.writeHead;
    response.writeHead = function (this: NodeResponse, ...args: unknown[]) {
      if (!this.headersSent) {
        this.setHeader(REQUEST_ID_HEADER, id);
        for (const [name, value] of Object.entries(security)) {
          if (this.getHeader(name) === undefined) this.setHeader(name, value);
        }
        // What the app told the log, kept here and never sent.
        state.logRoute = this.getHeader(LOG_ROUTE_HEADER);
        state.logUser = this.getHeader(LOG_USER_HEADER);
        for (const name of this.getHeaderNames()) {
          if (name.startsWith(LOG_HEADER_PREFIX)) this.removeHeader(name);
        }
      }
      return writeHead.apply(this, args);
    };
  });
  subscribe("http.server.response.finish", (message) => {
    const { request, response } = message as { request: NodeRequest; response: NodeResponse };
    const state = started.get(request);
    if (!state) return;
    log.info(
      "request",
      accessEntry({
        requestId: state.id,
        method: request.method,
        url: request.url,
        status: response.statusCode,
        ms: performance.now() - state.at,
        logRoute: state.logRoute,
        logUser: state.logUser,
        variant: response.getHeader("x-cutover-variant"),
      }) as unknown as Record<string, unknown>,
    );
  });
}
