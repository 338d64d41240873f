import { ApiError } from "@/lib/api-client/errors";
import { redirectToSignIn } from "@/lib/api-client/navigation";
import { tokenStore } from "@/lib/api-client/token-store";

// The one place the SPA talks HTTP, doing what the seed article's axios interceptors do:
// a bearer token when one is held (else the same-origin session cookie), JSON in and out,
// problem+json turned into ApiError, and a 401 sending the visitor to sign in.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  method?: Method;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * What a 401 means here. "redirect" (default): not signed in, go and sign in.
   * "throw": the caller handles it (a form that explains itself).
   */
  onUnauthorized?: "redirect" | "throw";
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const token = tokenStore.get();
  let response = await send(path, options, token);
  if (response.status === 401 && token) {
    // The stored token expired or was revoked. Drop it, and ask once more as the browser
    // session (a 401 means nothing was done, so repeating even a write is safe): someone
    // signed in with the cookie should not be sent to sign in again over a stale token.
    tokenStore.clear();
    await response.body?.cancel().catch(() => undefined);
    response = await send(path, options, null);
  }

  const body = await readBody(response);
  if (!response.ok) {
    const error = ApiError.fromProblem(response.status, response.statusText, body);
    if (response.status === 401 && (options.onUnauthorized ?? "redirect") === "redirect") redirectToSignIn();
    throw error;
  }
  return { data: body as T, status: response.status, headers: response.headers };
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers = new Headers({ Accept: "application/json, application/problem+json" });
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  if (token) headers.set("Authorization", `Bearer ${token}`);
  try {
    // Looked up on every call (not captured at import) so tests can route it in-process.
    return await globalThis.fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 304) return undefined;
  const text = await response.text().catch(() => "");
  if (!text) return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!/\bjson\b/i.test(type)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** GET and unwrap the JSON body; the type comes from the zod schemas (see hooks.ts). */
export async function apiGet<T>(path: string): Promise<T> {
  return (await apiRequest<T>(path)).data;
}

/**
 * GET, but a 401 is an answer rather than an error: "nobody is signed in" → null.
 * Used by useMe(), which every page header calls, signed in or not.
 */
export async function apiGetOrNull<T>(path: string): Promise<T | null> {
  try {
    return (await apiRequest<T>(path, { onUnauthorized: "throw" })).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const api = {
  get: apiGet,
  post: async <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    (await apiRequest<T>(path, { method: "POST", body, headers })).data,
  put: async <T>(path: string, body: unknown) => (await apiRequest<T>(path, { method: "PUT", body })).data,
  patch: async <T>(path: string, body: unknown) =>
    (await apiRequest<T>(path, { method: "PATCH", body })).data,
  delete: async (path: string) => {
    await apiRequest<undefined>(path, { method: "DELETE" });
  },
};

/** A fresh Idempotency-Key; randomUUID is missing outside secure contexts (plain http on a LAN). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
