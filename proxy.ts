import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import ledger, { legacyOnly } from "@/migration.config";
import { env } from "@/lib/env";
import {
  BUCKET_COOKIE,
  BUCKET_MAX_AGE,
  decodeBucket,
  encodeBucket,
  randomBucket,
} from "@/lib/migration/bucket";
import { defaultState } from "@/lib/validation/ledger";
import { secureCookies } from "@/lib/client-address";
import { LOG_ROUTE_HEADER } from "@/lib/http/access";
import { contentSecurityPolicy, newNonce } from "@/lib/http/csp";
import { forward, originForRoute } from "@/lib/migration/gateway";
import { decideVariant, legacyTarget, matchRoute } from "@/lib/migration/router";
import { internalToken, ROUTED_HEADER } from "@/lib/auth/internal-token";
import {
  renderRequestKind,
  RENDER_HEADER,
  RENDER_KIND_HEADER,
  sharedKind,
  sharedPage,
} from "@/lib/migration/page-cache";
import { routeSchema, type RouteState } from "@/lib/validation/migration";

// The strangler router. For every page request: find the route in the ledger, decide the
// variant (run-time state, sticky canary bucket, QA override) and either rewrite to the
// legacy renderer / external legacy origin or let the SPA page serve. API routes and static
// assets never reach this function (see `config.matcher`).

const STATE_TTL_MS = 1_000;
const routeStatesSchema = z.array(routeSchema);
let states: { value: RouteState[]; at: number } | null = null;
let loading: Promise<RouteState[]> | null = null;
let lastWarning = 0;

function defaults(): RouteState[] {
  return ledger.map(defaultState);
}

/** Run-time states from the app (≤1 s old); the ledger's defaults if the app cannot answer. */
async function routeStates(origin: string): Promise<RouteState[]> {
  if (states && Date.now() - states.at < STATE_TTL_MS) return states.value;
  loading ??= fetch(new URL("/api/migration/state", origin), {
    headers: { "x-cutover-internal": internalToken() },
    cache: "no-store",
    signal: AbortSignal.timeout(2_000),
  })
    .then(async (res) => {
      if (!res.ok) throw new Error(`state endpoint answered ${res.status}`);
      const value = routeStatesSchema.parse(await res.json());
      states = { value, at: Date.now() };
      return value;
    })
    .catch((error: unknown) => {
      if (Date.now() - lastWarning > 60_000) {
        lastWarning = Date.now();
        console.error(
          JSON.stringify({
            level: "warn",
            message: "route states unavailable; using ledger defaults",
            error: String(error),
          }),
        );
      }
      return states?.value ?? defaults();
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/**
 * A request from Next's client router (prefetch or navigation) rather than a document load.
 * Next strips these headers before the proxy runs unless `skipProxyUrlNormalize` is set
 * (next.config.js), which is why that option is on.
 */
function isRscRequest(request: NextRequest): boolean {
  return (
    request.headers.get("rsc") === "1" ||
    request.headers.has("next-router-prefetch") ||
    request.nextUrl.searchParams.has("_rsc")
  );
}

/**
 * On to the SPA page, rendered for this request: a fresh nonce, on the request for Next (which
 * puts it on its inline scripts) and in the policy the response carries (lib/http/csp.ts).
 */
function spaNext(requestHeaders: Headers): NextResponse {
  const policy = contentSecurityPolicy([`'nonce-${newNonce()}'`]);
  requestHeaders.set("content-security-policy", policy);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", policy);
  return res;
}

const faultDrill = (routeId: string) =>
  (env().FAULT_SPA_ROUTES ?? "")
    .split(",")
    .map((id) => id.trim())
    .includes(routeId);

export async function proxy(request: NextRequest) {
  const { pathname, search, searchParams } = request.nextUrl;
  // The app trusts x-cutover-route/variant only as set here, never as a visitor sent them.
  const forwarded = new Headers(request.headers);
  forwarded.delete("x-cutover-route");
  forwarded.delete("x-cutover-variant");
  forwarded.delete(RENDER_HEADER);
  forwarded.delete(RENDER_KIND_HEADER);
  forwarded.delete(ROUTED_HEADER);
  forwarded.delete("content-security-policy");
  if (pathname.startsWith("/legacy/")) {
    const res = NextResponse.next({ request: { headers: forwarded } });
    res.headers.set("X-Cutover-Variant", "legacy");
    return res;
  }
  if (legacyOnly.includes(pathname.replace(/\/$/, ""))) {
    const res = NextResponse.rewrite(new URL(`/legacy${pathname}${search}`, request.url));
    res.headers.set("X-Cutover-Variant", "legacy");
    return res;
  }
  const match = matchRoute(ledger, pathname);
  if (!match) {
    // Pages outside the ledger are the SPA's own (home, sign-in, admin).
    const res = spaNext(forwarded);
    res.headers.set("X-Cutover-Variant", "spa");
    return res;
  }

  const { AUTH_SECRET } = env();
  const origin = originForRoute(match.entry.id);
  const state =
    (await routeStates(env().selfOrigin)).find((s) => s.pattern === match.entry.pattern) ?? defaults()[0]!;
  // The page cache's own render of the SPA variant: no bucket, no cookie, not counted twice.
  const render = renderRequestKind(request);
  const cookieBucket = await decodeBucket(request.cookies.get(BUCKET_COOKIE)?.value, AUTH_SECRET);
  const bucket = cookieBucket ?? randomBucket();
  const decided = render
    ? ({ variant: "spa", reason: "render" } as const)
    : decideVariant(state, bucket, searchParams.get("variant"));
  const { reason } = decided;
  let variant: "legacy" | "spa" = decided.variant;

  const headers = forwarded;
  headers.set("x-cutover-route", match.entry.pattern);
  headers.set("x-cutover-variant", variant);
  // Tells the page which shared render it is making (the layout leaves out the visitor's own
  // data from a "personal" one); set only here, after the token was checked.
  if (render) headers.set(RENDER_HEADER, render);
  const kind =
    variant === "spa" && !render && !match.entry.signedIn
      ? sharedKind(
          request,
          request.cookies.getAll().map((c) => c.name),
        )
      : null;
  const shared = kind ? await sharedPage(pathname + search, kind) : null;
  let res: NextResponse;
  if (variant === "spa" && !render && faultDrill(match.entry.id)) {
    // FAULT_SPA_ROUTES: the SPA variant of this route is "broken" (a rehearsal of an abort).
    res = new NextResponse("SPA fault drill (FAULT_SPA_ROUTES)", { status: 500 });
  } else if (shared) {
    // The SPA page as rendered for every visitor of this kind since the catalogue last changed
    // (lib/migration/page-cache.ts). Counted here: no page render ran for it.
    res = new NextResponse(shared.page.body, { status: shared.page.status, headers: shared.page.headers });
    res.headers.set("X-Cutover-Cache", shared.hit ? "hit" : "miss");
    // One HTML for many visitors: its render's inline scripts by hash, never a shared nonce.
    res.headers.set("Content-Security-Policy", shared.page.policy);
  } else if (variant === "legacy" && isRscRequest(request)) {
    // The SPA's router asks for a route that is legacy for this visitor, as a prefetch or a
    // client-side navigation. There is no React payload to give: an empty 204 ends the request
    // at once, and Next's router answers a non-RSC response by loading the URL as a full page
    // (which then gets the legacy HTML). Rendering the legacy page here would be wasted, and the
    // browser would hold the connection of a prefetch open waiting for a payload that never comes.
    res = new NextResponse(null, { status: 204, headers: { "Cache-Control": "private, no-store" } });
  } else if (variant === "legacy" && origin) {
    // An old app still serves this route: forwarded with a time limit, a breaker and only the
    // headers it may see (lib/migration/gateway.ts); a hung app answers 504, never a hang.
    const answer = await forward(request, origin, match.entry.legacyPath ?? pathname, "page");
    const failed = answer.headers.get("x-cutover-origin-error");
    if (failed && state.fallback === "spa" && (request.method === "GET" || request.method === "HEAD")) {
      // The old app is down or failing and this route may fall back (ledger `fallback: "spa"`,
      // allowed only while its latest parity run passed): the visitor gets the SPA page, not the
      // error. An app's own 5xx page is not sent: let its connection go.
      void answer.body?.cancel().catch(() => undefined);
      variant = "spa";
      headers.set("x-cutover-variant", "spa");
      headers.set(ROUTED_HEADER, internalToken());
      res = spaNext(headers);
      res.headers.set("X-Cutover-Fallback", failed);
      res.headers.set("Cache-Control", "private, no-store");
    } else {
      res = new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
    }
  } else if (variant === "legacy") {
    res = NextResponse.rewrite(new URL(legacyTarget(pathname, search), request.url), {
      request: { headers },
    });
  } else {
    // Proof for the SPA page that these x-cutover-* headers are the router's: paths the router
    // does not see (a file extension, see `config.matcher`) carry only what a visitor sent.
    // Set on this branch only: it must never travel to an external legacy origin.
    headers.set(ROUTED_HEADER, internalToken());
    res = spaNext(headers);
  }
  res.headers.set("X-Cutover-Variant", variant);
  // The page view is counted for this route and variant when the response has been sent
  // (installPageMetrics); the page cache's own renders are not views.
  if (!render) res.headers.set("X-Cutover-Route", match.entry.id);
  // The access log's route pattern (lib/http/access.ts removes it before sending).
  res.headers.set(LOG_ROUTE_HEADER, match.entry.pattern);
  // A canary page is per visitor: never for a shared cache (private), always revalidated. (A
  // fallback page keeps its no-store: it stands in only while the old app is down.)
  if (reason === "canary" && !res.headers.has("X-Cutover-Fallback")) {
    res.headers.set("Cache-Control", "private, no-cache");
  }
  if (cookieBucket === null && !render) {
    res.cookies.set(BUCKET_COOKIE, await encodeBucket(bucket, AUTH_SECRET), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: BUCKET_MAX_AGE,
      secure: secureCookies(request),
    });
  }
  return res;
}

export const config = {
  // Everything but the API, Next's own assets and files with an extension.
  matcher: ["/((?!api/|_next/|docs|favicon\\.ico|.*\\.[a-zA-Z0-9]+$).*)"],
};
