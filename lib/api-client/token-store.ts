// API-token users (scripts in the browser console, embedded tools) may hold a bearer token
// from POST /api/login; shoppers rely on the next-auth session cookie and never store one.
// localStorage can throw (Safari private mode, storage disabled) and does not exist while
// client components render on the server: every access is guarded.

const KEY = "cutover.access_token";

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export const tokenStore = {
  get(): string | null {
    try {
      return storage()?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
  },
  set(token: string): void {
    try {
      storage()?.setItem(KEY, token);
    } catch {
      // Without storage the token lasts as long as the caller keeps it; nothing to do.
    }
  },
  clear(): void {
    try {
      storage()?.removeItem(KEY);
    } catch {
      // Same as above.
    }
  },
};
