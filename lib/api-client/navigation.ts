import { AFTER_SIGN_IN, safeRedirectPath } from "@/lib/rules/safe-redirect";

// Where the API client sends people, kept in one object so tests can watch it (jsdom cannot
// navigate). Which callback URLs are acceptable is lib/rules/safe-redirect.ts, the rule the
// legacy sign-in page's `next` follows too.

export const browserNavigation = {
  /** A full page load: after a 401 every cached response is suspect. */
  assign(url: string): void {
    window.location.assign(url);
  },
  currentPath(): string {
    return window.location.pathname + window.location.search;
  },
};

/**
 * A callback URL we are willing to send people to after signing in: a path on this site
 * only. Anything else ("//evil.example", "https://…", "/\\evil", "javascript:…") falls back,
 * as do the sign-in pages themselves (which would loop).
 */
export function safeCallbackUrl(raw: string | null | undefined, fallback = AFTER_SIGN_IN): string {
  return safeRedirectPath(raw) ?? fallback;
}

export function signInUrl(callbackUrl: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeCallbackUrl(callbackUrl))}`;
}

/** On a 401: to the sign-in page, coming back here afterwards. Never from the sign-in pages. */
export function redirectToSignIn(): void {
  const here = browserNavigation.currentPath();
  const path = here.split("?")[0];
  if (path === "/signin" || path === "/signup") return;
  browserNavigation.assign(signInUrl(here));
}
