import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { GET as getCart } from "@/app/api/cart/route";
import { GET as getCategories } from "@/app/api/categories/route";
import { GET as getRollouts } from "@/app/api/migration/rollouts/route";
import { GET as getMigrationStatus } from "@/app/api/migration/routes/route";
import { GET as getProduct } from "@/app/api/products/[id]/route";
import { GET as getProducts } from "@/app/api/products/route";
import { GET as getUserOrders } from "@/app/api/users/[id]/orders/route";
import { GET as getWhoAmI } from "@/app/api/session/user/route";
import { listPageFromResponse, type ListPage } from "@/lib/api-client/paging";
import { env } from "@/lib/env";
import { log, errorFields } from "@/lib/log";

// First paint with data, without the SPA touching the database or a socket: a server page
// calls the REST API's own route handlers in-process, with a real Request carrying the
// visitor's cookie, and hands the JSON to SWR as fallback under the same key (the API path)
// the client hooks use. Same JSON, same status codes, same auth as the browser would get.
// Anything going wrong here only means the client loads the data itself: never throws.

export interface ServerResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/**
 * The API reads server pages make, each matched to its route handler. A path not listed here
 * is refused loudly in development (a page asking for data the SPA could not get the same way).
 */
const ROUTES: { pattern: RegExp; params: string[]; handler: RouteHandler }[] = [
  { pattern: /^\/api\/products$/, params: [], handler: getProducts },
  { pattern: /^\/api\/products\/([^/]+)$/, params: ["id"], handler: getProduct },
  { pattern: /^\/api\/categories$/, params: [], handler: getCategories },
  { pattern: /^\/api\/cart$/, params: [], handler: getCart },
  { pattern: /^\/api\/session\/user$/, params: [], handler: getWhoAmI },
  { pattern: /^\/api\/users\/([^/]+)\/orders$/, params: ["id"], handler: getUserOrders },
  { pattern: /^\/api\/migration\/routes$/, params: [], handler: getMigrationStatus },
  { pattern: /^\/api\/migration\/rollouts$/, params: [], handler: getRollouts },
];

/** The route handler for an API path, with its path parameters; null when none serves it. */
export function resolveApiGet(
  pathname: string,
): { handler: RouteHandler; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] ?? "")));
    return { handler: route.handler, params };
  }
  return null;
}

/**
 * GET an API path as the visitor. null when it could not be asked or did not answer JSON.
 * Memoised per request (React cache): the layout and the page both ask who is signed in.
 */
export const serverGet = cache(serverGetOnce) as <T>(path: string) => Promise<ServerResponse<T> | null>;

async function serverGetOnce(path: string): Promise<ServerResponse<unknown> | null> {
  try {
    // The request names this server's own address, never the visitor's Host header.
    const url = new URL(path, env().selfOrigin);
    const route = resolveApiGet(url.pathname);
    if (!route) {
      log.error("server page asked for an API path with no in-process route", { path });
      return null;
    }
    const cookie = (await headers()).get("cookie");
    const request = new Request(url, {
      headers: { accept: "application/json", ...(cookie ? { cookie } : {}) },
    });
    const response = await route.handler(request, { params: Promise.resolve(route.params) });
    if (!/\bjson\b/i.test(response.headers.get("content-type") ?? "")) return null;
    return { status: response.status, data: (await response.json()) as unknown, headers: response.headers };
  } catch (error) {
    log.warn("server page data unavailable", { path, ...errorFields(error) });
    return null;
  }
}

/** The JSON of a 200, else undefined (no fallback: the client loads it and shows any error). */
export async function serverData<T>(path: string): Promise<T | undefined> {
  const response = await serverGet<T>(path);
  return response?.status === 200 ? response.data : undefined;
}

/** A list as the hooks keep it (body plus paging headers), else undefined. */
export async function serverList<T>(path: string): Promise<ListPage<T> | undefined> {
  const response = await serverGet<T[]>(path);
  if (response?.status !== 200 || !Array.isArray(response.data)) return undefined;
  return listPageFromResponse(path, response.data, response.headers);
}

/**
 * The signed-in user (apiKeys.me: WhoAmI, unwrapped), null when nobody is, undefined when unknown.
 * Both null and a user are worth pre-loading: the header renders right on first paint.
 */
export async function serverMe<T>(path: string): Promise<T | null | undefined> {
  const response = await serverGet<{ user: T | null }>(path);
  if (response?.status === 200) return response.data.user;
  if (response?.status === 401) return null;
  return undefined;
}

/** SWR fallback without the entries that could not be loaded. */
export function fallbackOf(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}
