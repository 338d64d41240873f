import { useMemo, useSyncExternalStore } from "react";

// A small stand-in for next/navigation (there is no Next router in jsdom), installed with
//   jest.mock("next/navigation", () => jest.requireActual("./support/next-navigation"));
// The URL lives in jsdom's own history, so window.location (which the API client reads for
// sign-in callback URLs) and the hooks agree; push/replace are jest.fn()s tests can inspect.

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Sets the current URL as a visit (or back/forward) would, and re-renders subscribers. */
export function setLocation(href: string): void {
  window.history.replaceState(null, "", href);
  notify();
}

export function currentLocation(): string {
  return window.location.pathname + window.location.search;
}

export const router = {
  push: jest.fn((href: string) => {
    window.history.pushState(null, "", href);
    notify();
  }),
  replace: jest.fn((href: string) => {
    window.history.replaceState(null, "", href);
    notify();
  }),
  refresh: jest.fn(),
  back: jest.fn(),
  forward: jest.fn(),
  prefetch: jest.fn(),
};

export function useRouter() {
  return router;
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function useSearchParams(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return useMemo(() => new URLSearchParams(search), [search]);
}

export function redirect(href: string): never {
  throw new Error(`NEXT_REDIRECT ${href}`);
}

export function notFound(): never {
  throw new Error("NEXT_NOT_FOUND");
}
