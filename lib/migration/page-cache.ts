import "server-only";
import { taggedEntry } from "@/lib/cache";
import { env } from "@/lib/env";
import { SESSION_COOKIES } from "@/lib/auth/session";
import { internalToken, isInternalToken } from "@/lib/migration/internal-token";

// The anonymous page cache: what a reverse proxy's cache (nginx proxy_cache, a CDN) does in
// front of an app, done by the router so that it knows when a page changes. A signed-out
// visitor without a cart sees exactly what every other such visitor sees on an SPA page of a
// public route, so that HTML is rendered once and served from the shared cache until the
// catalogue changes: the key carries the catalogue's tag versions, and every product or
// category write bumps them, so the next request after a change renders afresh on every
// instance. Anything personal (a session, a bearer token, a guest cart) skips the cache.

/** What the pages read: a write to any of these makes every cached page miss. */
const PAGE_TAGS = ["products", "categories"];
const TTL_SECONDS = 30;
const RENDER_TIMEOUT_MS = 10_000;
/** The router's own render request (a cache fill), proven by the internal token. */
export const RENDER_HEADER = "x-cutover-render";
/** Guest carts ride on this cookie (lib/http/cart-context.ts). */
const CART_COOKIE = "cutover_cart";

interface StoredPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The rendered response's headers that belong to the page itself (not to one visitor). */
const PAGE_HEADERS = ["content-type", "cache-control", "vary", "link"];

/** A document request (not Next's client router) that carries nothing personal. */
export function isAnonymousDocumentRequest(request: Request, cookieNames: string[]): boolean {
  if (request.method !== "GET") return false;
  const h = request.headers;
  if (h.has("authorization") || h.get("rsc") === "1" || h.has("next-router-prefetch")) return false;
  if (new URL(request.url).searchParams.has("_rsc")) return false;
  return !cookieNames.some(
    (name) => name === CART_COOKIE || SESSION_COOKIES.some((s) => name === s || name.startsWith(`${s}.`)),
  );
}

/** True when this request is the router's own cache-fill render (and not a visitor's claim to be). */
export function isRenderRequest(request: Request): boolean {
  return isInternalToken(request.headers.get(RENDER_HEADER));
}

const inFlight = new Map<string, Promise<StoredPage | null>>();

/**
 * The page at `pathAndQuery` as a signed-out visitor gets its SPA variant: from the cache, or
 * rendered once by this server (concurrent misses share one render) and stored when it is a
 * 200. null when the cache is unavailable or the render failed: the caller serves the request
 * normally, uncached.
 */
export async function anonymousPage(
  pathAndQuery: string,
): Promise<{ page: StoredPage; hit: boolean } | null> {
  if (env().READ_CACHE === "off") return null;
  const entry = await taggedEntry(`page:${env().buildId}:${pathAndQuery}`, PAGE_TAGS);
  if (!entry) return null;
  if (entry.value !== null) {
    try {
      return { page: JSON.parse(entry.value) as StoredPage, hit: true };
    } catch {
      // unreadable entry: render afresh and overwrite it
    }
  }
  let render = inFlight.get(pathAndQuery);
  if (!render) {
    render = renderPage(pathAndQuery, entry.put).finally(() => inFlight.delete(pathAndQuery));
    inFlight.set(pathAndQuery, render);
  }
  const page = await render;
  return page ? { page, hit: false } : null;
}

async function renderPage(
  pathAndQuery: string,
  put: (value: string, ttlSeconds: number) => Promise<void>,
): Promise<StoredPage | null> {
  try {
    const response = await fetch(new URL(pathAndQuery, env().selfOrigin), {
      headers: { accept: "text/html", [RENDER_HEADER]: internalToken() },
      cache: "no-store",
      redirect: "manual",
      signal: AbortSignal.timeout(RENDER_TIMEOUT_MS),
    });
    const contentType = response.headers.get("content-type") ?? "";
    if (!contentType.startsWith("text/html")) {
      await response.body?.cancel();
      return null;
    }
    const headers: Record<string, string> = {};
    for (const name of PAGE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const page = { status: response.status, headers, body: await response.text() };
    if (page.status === 200) await put(JSON.stringify(page), TTL_SECONDS).catch(() => undefined);
    return page;
  } catch {
    return null;
  }
}
