import "server-only";
import { taggedEntry } from "@/lib/cache";
import { env } from "@/lib/env";
import { contentSecurityPolicy, inlineScriptHashes } from "@/lib/http/csp";
import { SESSION_COOKIES } from "@/lib/auth/session";
import { internalToken, isInternalToken } from "@/lib/auth/internal-token";

// The shared page cache: what a reverse proxy's cache (nginx proxy_cache, a CDN) does in front
// of an app, done by the router so that it knows when a page changes. An SPA page of a public
// route (the product list and pages) shows the same catalogue to everyone, so its HTML is
// rendered once and served from the shared cache until the catalogue changes: the key carries
// the catalogue's tag versions, and every product or category write bumps them, so the next
// request after a change renders afresh on every instance.
//
// Two shared renders per page, never one visitor's:
// - "anonymous", for a visitor with no session and no guest cart: complete, the header says
//   "Sign in" and the cart is empty, exactly what such a visitor's own render would say;
// - "personal", for a visitor with a session or a guest cart: the same page without the
//   header's who-is-signed-in and cart count, which that visitor's browser then asks the API
//   for (GET /api/session/user and /api/cart, which are theirs alone and never cached here).
// A request with a bearer token, from Next's client router, or not a GET is never served here.

export type SharedKind = "anonymous" | "personal";

/** What the pages read: a write to any of these makes every cached page miss. */
const PAGE_TAGS = ["products", "categories"];
const TTL_SECONDS = 30;
const RENDER_TIMEOUT_MS = 10_000;
/** The router's own render request (a cache fill), proven by the internal token. */
export const RENDER_HEADER = "x-cutover-render";
/** Which shared render the router asks for (anonymous or personal). */
export const RENDER_KIND_HEADER = "x-cutover-render-kind";
/** Guest carts ride on this cookie (lib/http/cart-context.ts). */
const CART_COOKIE = "cutover_cart";

interface StoredPage {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Its Content-Security-Policy: the render's own inline scripts by hash (lib/http/csp.ts). */
  policy: string;
}

/** The rendered response's headers that belong to the page itself (not to one visitor). */
const PAGE_HEADERS = ["content-type", "cache-control", "vary", "link"];

/**
 * Which shared render a document request can be served from, or null when none: not a GET,
 * a bearer token, or a request of Next's client router (an RSC payload, not a document).
 */
export function sharedKind(request: Request, cookieNames: string[]): SharedKind | null {
  if (request.method !== "GET") return null;
  const h = request.headers;
  if (h.has("authorization") || h.get("rsc") === "1" || h.has("next-router-prefetch")) return null;
  if (new URL(request.url).searchParams.has("_rsc")) return null;
  const personal = cookieNames.some(
    (name) => name === CART_COOKIE || SESSION_COOKIES.some((s) => name === s || name.startsWith(`${s}.`)),
  );
  return personal ? "personal" : "anonymous";
}

/** The kind of shared render this request is the router's own fill of, or null (any visitor's claim). */
export function renderRequestKind(request: Request): SharedKind | null {
  if (!isInternalToken(request.headers.get(RENDER_HEADER))) return null;
  return request.headers.get(RENDER_KIND_HEADER) === "personal" ? "personal" : "anonymous";
}

const inFlight = new Map<string, Promise<StoredPage | null>>();

/**
 * The shared render of `pathAndQuery`'s SPA variant: from the cache, or rendered once by this
 * server (concurrent misses share one render) and stored when it is a 200. null when the cache
 * is unavailable or the render failed: the caller serves the request normally, uncached.
 */
export async function sharedPage(
  pathAndQuery: string,
  kind: SharedKind,
): Promise<{ page: StoredPage; hit: boolean } | null> {
  if (env().READ_CACHE === "off") return null;
  const key = `page:${env().buildId}:${kind}:${pathAndQuery}`;
  const entry = await taggedEntry(key, PAGE_TAGS);
  if (!entry) return null;
  if (entry.value !== null) {
    try {
      const page = JSON.parse(entry.value) as StoredPage;
      if (typeof page.policy === "string") return { page, hit: true };
    } catch {
      // unreadable entry: render afresh and overwrite it
    }
  }
  let render = inFlight.get(key);
  if (!render) {
    render = renderPage(pathAndQuery, kind, entry.put).finally(() => inFlight.delete(key));
    inFlight.set(key, render);
  }
  const page = await render;
  return page ? { page, hit: false } : null;
}

async function renderPage(
  pathAndQuery: string,
  kind: SharedKind,
  put: (value: string, ttlSeconds: number) => Promise<void>,
): Promise<StoredPage | null> {
  try {
    // No cookie and no credentials: the render cannot see anyone's data.
    const response = await fetch(new URL(pathAndQuery, env().selfOrigin), {
      headers: { accept: "text/html", [RENDER_HEADER]: internalToken(), [RENDER_KIND_HEADER]: kind },
      cache: "no-store",
      redirect: "manual",
      signal: AbortSignal.timeout(RENDER_TIMEOUT_MS),
    });
    // The render's nonce (the router gave it one, proxy.ts): the scripts it emitted carry it.
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    if (!nonce || !(response.headers.get("content-type") ?? "").startsWith("text/html")) {
      await response.body?.cancel();
      return null;
    }
    const headers: Record<string, string> = {};
    for (const name of PAGE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const body = await response.text();
    const policy = contentSecurityPolicy(inlineScriptHashes(body, nonce));
    const page = { status: response.status, headers, body, policy };
    if (page.status === 200) await put(JSON.stringify(page), TTL_SECONDS).catch(() => undefined);
    return page;
  } catch {
    return null;
  }
}
