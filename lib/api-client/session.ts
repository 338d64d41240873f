import { ApiError } from "@/lib/api-client/errors";
import { browserNavigation } from "@/lib/api-client/navigation";
import { tokenStore } from "@/lib/api-client/token-store";

// Signing out of the browser session is two small requests to next-auth's own endpoints, the
// same ones next-auth/react's signOut() makes. Done here so the shop header (on every SPA
// page) does not ship next-auth's client bundle for one button.

async function send(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await globalThis.fetch(path, { credentials: "same-origin", ...init });
  } catch (cause) {
    throw ApiError.network(cause);
  }
}

/**
 * Ends the next-auth session (its CSRF token, then the sign-out POST that clears the cookie),
 * drops any bearer token, and loads `callbackUrl` afresh so no signed-in data stays cached.
 */
export async function signOutSession(callbackUrl: string): Promise<void> {
  tokenStore.clear();
  const csrf = await send("/api/auth/csrf", { headers: { accept: "application/json" } });
  const { csrfToken } = ((await csrf.json().catch(() => ({}))) ?? {}) as { csrfToken?: unknown };
  if (!csrf.ok || typeof csrfToken !== "string") {
    throw new ApiError({ status: csrf.status, title: "Could not sign out", detail: "Please try again." });
  }
  const response = await send("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }).toString(),
  });
  if (!response.ok) {
    throw new ApiError({ status: response.status, title: "Could not sign out", detail: "Please try again." });
  }
  browserNavigation.assign(callbackUrl);
}
