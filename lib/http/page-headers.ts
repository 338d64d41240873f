// Response headers this process's HTTP server puts right on pages, below the framework: Next
// sends every dynamic page with `Cache-Control: private, no-cache, no-store, …`, and a page
// response's Cache-Control cannot be set from the app. `no-store` keeps a page out of the
// browser's back/forward cache, so going back to a shop page would load it again from the
// server. Shop pages are sent `private, no-cache` instead: never kept by a shared cache,
// revalidated on every ordinary load, restorable on Back. Restored pages ask again who is
// signed in and what is in the cart (app/(shop)/_components/swr-fallback.tsx,
// public/scripts/legacy-restore.js). Admin pages and the API keep `no-store`.

/** What Next sends with every dynamic page; a no-store anything else set is kept. */
export const NEXT_DYNAMIC_CACHE_CONTROL = "private, no-cache, no-store, max-age=0, must-revalidate";

/** Paths whose pages keep the framework's no-store. */
const KEEP_NO_STORE = /^\/(?:api|admin|docs|_next)(?:[/?#]|$)/;

export const SHOP_PAGE_CACHE_CONTROL = "private, no-cache";

/** The Cache-Control a response should leave with, or null to leave it alone. */
export function pageCacheControl(
  method: string | undefined,
  url: string | undefined,
  contentType: unknown,
  cacheControl: unknown,
): string | null {
  if (method !== "GET" && method !== "HEAD") return null;
  if (!url || KEEP_NO_STORE.test(url)) return null;
  if (typeof contentType !== "string" || !contentType.startsWith("text/html")) return null;
  // Only the framework's blanket default: a no-store that a page, the router or an old app
  // behind the gateway chose on purpose stays.
  if (cacheControl !== NEXT_DYNAMIC_CACHE_CONTROL) return null;
  return SHOP_PAGE_CACHE_CONTROL;
}

let installed = false;

/** Rewrites shop pages' Cache-Control just before their head is sent (see above). */
export async function installPageHeaders(): Promise<void> {
  if (installed) return;
  installed = true;
  const { subscribe } = await import("node:diagnostics_channel");
  subscribe("http.server.request.start", (message) => {
    const { request, response } = message as {
      request: { method?: string; url?: string };
      response: {
        writeHead: (...args: unknown[]) => unknown;
        getHeader(name: string): unknown;
        setHeader(name: string, value: string): unknown;
        headersSent: boolean;
      };
    };
    const writeHead = response.writeHead;
    // Node calls writeHead itself for a response whose head is sent implicitly (first write).
    response.writeHead = function (this: typeof response, ...args: unknown[]) {
      const value = pageCacheControl(
        request.method,
        request.url,
        this.getHeader("content-type"),
        this.getHeader("cache-control"),
      );
      if (value && !this.headersSent) this.setHeader("cache-control", value);
      return writeHead.apply(this, args);
    };
  });
}
