import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { decodablePath } from "@/lib/client-address";

// A small in-process router over the real route handlers in app/api: tests (and the
// component tests' fetch) call `apiFetch("/api/products/3")` and get exactly what the
// running app would answer, without a server.

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response> | Response;
type Module = Partial<Record<string, Handler>>;

export interface RouteFile {
  /** e.g. /api/products/[id] */
  route: string;
  file: string;
  segments: string[];
}

const APP_DIR = path.join(process.cwd(), "app");

export function apiRouteFiles(): RouteFile[] {
  const found: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const route = "/" + path.relative(APP_DIR, dir).split(path.sep).join("/");
        found.push({ route, file: full, segments: route.split("/").filter(Boolean) });
      }
    }
  };
  walk(path.join(APP_DIR, "api"));
  // Static segments win over dynamic ones, as in Next.
  const rank = (s: string) => (s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0);
  return found.sort((a, b) => {
    for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
      const d = rank(a.segments[i] ?? "") - rank(b.segments[i] ?? "");
      if (d) return d;
    }
    return b.segments.length - a.segments.length;
  });
}

function match(route: RouteFile, pathname: string): Record<string, string | string[]> | null {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i]!;
    if (seg.startsWith("[...")) {
      if (i >= parts.length) return null;
      params[seg.slice(4, -1)] = parts.slice(i);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg.startsWith("[")) params[seg.slice(1, -1)] = part;
    else if (seg !== part) return null;
  }
  return parts.length === route.segments.length ? params : null;
}

export function routeFor(
  pathname: string,
): { route: RouteFile; params: Record<string, string | string[]> } | null {
  for (const route of apiRouteFiles()) {
    const params = match(route, pathname.replace(/\/$/, "") || "/");
    if (params) return { route, params };
  }
  return null;
}

export const BASE = "http://localhost:3000";

export async function apiFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(new URL(String(input), BASE), init);
  const url = new URL(request.url);
  // Legacy endpoints keep their trailing slash (/api/cart/add/); route folders have none.
  // As the server does before the app sees a request (lib/client-address.ts): a path that is
  // not valid percent-encoding ("%E0%A4%A", "%ED%A0%80") names nothing, so goes to the 404.
  const found = routeFor(decodablePath(url.pathname) ?? url.pathname);
  if (!found) return new Response("Not Found", { status: 404 });
  const mod = (await import(found.route.file)) as Module;
  const method = request.method.toUpperCase();
  const handler = mod[method] ?? (method === "HEAD" ? mod.GET : undefined);
  if (!handler) return new Response(null, { status: 405 });
  return handler(request, { params: Promise.resolve(found.params) });
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

/** apiFetch with JSON and auth conveniences. */
export function api(method: string, pathname: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/json");
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  return apiFetch(pathname, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
}
