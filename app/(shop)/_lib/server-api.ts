import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { listPageFromResponse, type ListPage } from "@/lib/api-client/paging";
import { env } from "@/lib/env";

// First paint with data, without the SPA touching the database: a server page asks the
// shop's own REST API over HTTP, as the visitor (their cookie forwarded), and hands the JSON
// to SWR as fallback under the same key the client hooks use. Anything going wrong here
// only means the client loads the data itself: these helpers never throw.

const TIMEOUT_MS = 5_000;

export interface ServerResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

/**
 * This server's own address (lib/env: INTERNAL_ORIGIN, or 127.0.0.1 on Next's port) and the
 * visitor's cookie. Never the visitor's Host header: that would let a visitor point the
 * server's requests anywhere (SSRF), and behind TLS termination it names the wrong scheme.
 */
async function ownOrigin(): Promise<{ origin: string; cookie: string | null }> {
  const h = await headers();
  return { origin: env().selfOrigin, cookie: h.get("cookie") };
}

/**
 * GET an API path as the visitor. null when it could not be asked or did not answer JSON.
 * Memoised per request (React cache): the layout and the page both ask for /api/users/me.
 */
export const serverGet = cache(serverGetOnce) as <T>(path: string) => Promise<ServerResponse<T> | null>;

async function serverGetOnce(path: string): Promise<ServerResponse<unknown> | null> {
  try {
    const own = await ownOrigin();
    const response = await fetch(new URL(path, own.origin), {
      cache: "no-store",
      headers: { accept: "application/json", ...(own.cookie ? { cookie: own.cookie } : {}) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!/\bjson\b/i.test(response.headers.get("content-type") ?? "")) return null;
    return { status: response.status, data: (await response.json()) as unknown, headers: response.headers };
  } catch {
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
 * The signed-in user, null when the API says nobody is (401), undefined when unknown.
 * Both null and a user are worth pre-loading: the header renders right on first paint.
 */
export async function serverMe<T>(path: string): Promise<T | null | undefined> {
  const response = await serverGet<T>(path);
  if (response?.status === 200) return response.data;
  if (response?.status === 401) return null;
  return undefined;
}

/** SWR fallback without the entries that could not be loaded. */
export function fallbackOf(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}
