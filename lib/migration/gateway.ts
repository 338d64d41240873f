import "server-only";
import { circuitBreaker, type Breaker } from "@/lib/cache/store";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import { env, type OriginConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requestIdOf } from "@/lib/http/access";
import { readBodyBytes } from "@/lib/http/body";
import { recordBreaker, recordForward } from "@/lib/migration/origin-health";
import { problemResponse, toProblem } from "@/lib/http/problem";
import { errorFields, log } from "@/lib/log";

// Cutover as the gateway in front of old apps (ORIGINS, LEGACY_ORIGIN): each legacy route or
// unimplemented /api prefix is forwarded to the origin that owns it — with a time limit, a
// circuit breaker per origin, and only the headers the origin is meant to see.

/** The origin serving a ledger route's legacy variant: the one that claims it, else "legacy". */
export function originForRoute(routeId: string): OriginConfig | null {
  const { origins } = env();
  return origins.find((o) => o.routes.includes(routeId)) ?? origins.find((o) => o.name === "legacy") ?? null;
}

/** The origin owning an /api path Cutover does not serve itself, if any. */
export function originForApi(pathname: string): OriginConfig | null {
  return (
    env().origins.find((o) =>
      o.apiPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`)),
    ) ?? null
  );
}

// Checked by name: proxy.ts and the route handlers are separate bundles sharing the breakers
// (on globalThis), so the class an error was made from may not be this module's.
class OriginUnavailable extends Error {
  override name = "OriginUnavailable";
}

// One breaker per origin per process, on globalThis: the router (pages) and the /api catch-all
// are separate bundles and share it.
const BREAKER = { threshold: 3, openMs: 5_000 };
const holder = globalThis as typeof globalThis & { __cutoverOriginBreakers?: Map<string, Breaker> };
const breakers = (holder.__cutoverOriginBreakers ??= new Map<string, Breaker>());

function breakerFor(origin: OriginConfig): Breaker {
  let breaker = breakers.get(origin.name);
  if (!breaker) {
    breaker = circuitBreaker({
      ...BREAKER,
      openError: () =>
        new OriginUnavailable(`${origin.name} keeps failing; not asking it for ${BREAKER.openMs / 1000} s`),
      onOpen: () => {
        log.warn("origin circuit open", { origin: origin.name });
        void recordBreaker(origin.name, true, BREAKER.openMs);
      },
      onClose: () => {
        log.info("origin circuit closed", { origin: origin.name });
        void recordBreaker(origin.name, false, 0);
      },
    });
    breakers.set(origin.name, breaker);
  }
  return breaker;
}

/** What an origin may see of the visitor's request: content negotiation, caching validators. */
const BASE_HEADERS = [
  "accept",
  "accept-language",
  "content-type",
  "user-agent",
  "if-none-match",
  "if-modified-since",
  "referer",
  // the request id Cutover logs this request under (lib/http/access.ts), for tracing across apps
  "x-request-id",
];
/** Never passed back: hop-by-hop, and what fetch already decoded. */
const DROPPED_RESPONSE_HEADERS = [
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-encoding",
  "content-length",
];

function forwardedHeaders(request: Request, origin: OriginConfig): Headers {
  const out = new Headers();
  for (const name of [...BASE_HEADERS, ...origin.headers]) {
    const value = request.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  // Only the origin's own cookies, by name: never Cutover's session, CSRF or canary cookies.
  const cookies = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter((c) => origin.cookies.includes(c.slice(0, c.indexOf("=")).trim()));
  if (cookies.length) out.set("cookie", cookies.join("; "));
  // Who asked and where, as Cutover knows it: the trusted client address and the public URL,
  // never what the visitor wrote in X-Forwarded-* or Host.
  const client = request.headers.get(CLIENT_ADDRESS_HEADER);
  if (client && client !== "unknown") out.set("x-forwarded-for", client);
  const publicUrl = new URL(env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`);
  out.set("x-forwarded-host", publicUrl.host);
  out.set("x-forwarded-proto", publicUrl.protocol.replace(":", ""));
  return out;
}

/** Each path segment decoded and encoded again, so the origin sees one spelling of it. */
export function reencodePath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      try {
        return encodeURIComponent(decodeURIComponent(segment));
      } catch {
        return encodeURIComponent(segment);
      }
    })
    .join("/");
}

/** Next's proxyClientMaxBodySize (10 MB): what proxy.ts can see of a page request's body. */
const PROXY_BODY_LIMIT = 10 * 1024 * 1024;

const PAGE = (title: string, message: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p>${message}</p><p><a href="/products">Products</a></p></body></html>`;

type Failure = "timeout" | "unreachable" | "circuit-open";

/** An origin answered 5xx: a failure for its breaker and health, its answer kept to pass on. */
class OriginServerError extends Error {
  constructor(readonly response: Response) {
    super(`answered ${response.status}`);
    this.name = "OriginServerError";
  }
}

/**
 * An origin's response as the client may see it: hop-by-hop headers dropped, Cutover's own
 * headers Cutover's to set (an old app must not trigger the fallback or a metric), and only the
 * old app's own cookies, never Cutover's session or bucket.
 */
function fromOrigin(response: Response, origin: OriginConfig, extra: Record<string, string> = {}): Response {
  const headers = new Headers(response.headers);
  for (const name of DROPPED_RESPONSE_HEADERS) headers.delete(name);
  for (const name of [...headers.keys()]) if (name.startsWith("x-cutover-")) headers.delete(name);
  const cookies = headers.getSetCookie();
  headers.delete("set-cookie");
  for (const cookie of cookies) {
    const name = cookie.slice(0, cookie.indexOf("=")).trim();
    if (origin.cookies.includes(name)) headers.append("set-cookie", cookie);
  }
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function failure(kind: "page" | "api", why: Failure, detail: string, request: Request): Response {
  const status = why === "timeout" ? 504 : 502;
  if (kind === "api") {
    const title = status === 504 ? "Gateway Timeout" : "Bad Gateway";
    const { problem, headers } = toProblem(
      new AppError(status, title, detail),
      new URL(request.url).pathname,
      requestIdOf(request),
    );
    return problemResponse(problem, { ...headers, "X-Cutover-Origin-Error": why });
  }
  const [title, message] =
    status === 504
      ? ["Taking too long", "This page did not answer in time. Please try again in a moment."]
      : ["Temporarily unavailable", "This page cannot be reached right now. Please try again in a moment."];
  return new Response(PAGE(title, message), {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": "5",
      "cache-control": "no-store",
      "x-cutover-origin-error": why,
    },
  });
}

/**
 * Forwards a request to an origin and answers with its response, or with 504 when it takes
 * longer than the origin's timeout, 502 when it cannot be reached (at once while its breaker
 * is open), 413 when the body is over the origin's `maxBodyBytes`. `path` is the origin's path
 * (already chosen for the route); the query is kept. Each forward is counted for the origin's
 * health (lib/migration/origin-health.ts).
 */
export async function forward(
  request: Request,
  origin: OriginConfig,
  path: string,
  kind: "page" | "api",
): Promise<Response> {
  const url = new URL(request.url);
  const target = new URL(reencodePath(path) + url.search, origin.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== null;
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (hasBody) {
    // Read whole, with the origin's limit, before anything is sent: a body cut short must never
    // reach the old app, and a refused one must not count against its breaker. The framework
    // hands the router at most PROXY_BODY_LIMIT of a page request's body and silently drops the
    // rest, so for pages a body that fills that view is taken as cut short.
    const limit = kind === "page" ? Math.min(origin.maxBodyBytes, PROXY_BODY_LIMIT - 1) : origin.maxBodyBytes;
    try {
      body = await readBodyBytes(request, limit);
    } catch (error) {
      if (kind === "api") {
        const { problem, headers } = toProblem(error, url.pathname, requestIdOf(request));
        return problemResponse(problem, headers);
      }
      const status = error instanceof AppError ? error.status : 400;
      const [title, message] =
        status === 413
          ? ["Too large", "What you sent is larger than this page accepts."]
          : ["Bad request", "What you sent could not be read."];
      return new Response(PAGE(title, message), {
        status,
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      });
    }
  }
  const started = performance.now();
  let outcome: "ok" | "error" | "timeout" | "unreachable" | null = null;
  try {
    const response = await breakerFor(origin).run(async () => {
      const answer = await fetch(target, {
        method: request.method,
        headers: forwardedHeaders(request, origin),
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(origin.timeoutMs),
      });
      if (answer.status >= 500) throw new OriginServerError(answer);
      return answer;
    });
    outcome = "ok";
    return fromOrigin(response, origin);
  } catch (error) {
    if (error instanceof OriginServerError) {
      // Its own answer goes to the client, marked so the router may fall back to the SPA page
      // (proxy.ts) as it does for a timeout; the breaker has counted it.
      outcome = "error";
      log.warn("origin failed", { origin: origin.name, status: error.response.status });
      return fromOrigin(error.response, origin, { "x-cutover-origin-error": "error" });
    }
    if (error instanceof Error && error.name === "OriginUnavailable") {
      return failure(kind, "circuit-open", error.message, request);
    }
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    outcome = timedOut ? "timeout" : "unreachable";
    log.warn("origin failed", { origin: origin.name, timedOut, error: errorFields(error).error });
    if (timedOut) {
      return failure(
        kind,
        "timeout",
        `${origin.name} did not answer within ${origin.timeoutMs} ms.`,
        request,
      );
    }
    return failure(kind, "unreachable", `${origin.name} could not be reached.`, request);
  } finally {
    if (outcome) void recordForward(origin.name, outcome, performance.now() - started);
  }
}
