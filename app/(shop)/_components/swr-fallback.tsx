"use client";

import { useEffect, type ReactNode } from "react";
import { SWRConfig, useSWRConfig } from "swr";
import { apiKeys } from "@/lib/api-client/keys";
import { swrDefaults } from "@/lib/api-client/read-hooks";

/**
 * Data a server page loaded through the API, handed to SWR so the first paint has it; SWR
 * still revalidates on mount. Nested fallbacks merge (SWR merges `fallback` objects), so the
 * layout's (who is signed in, the cart) and a page's (its own data) both apply.
 */
export function SWRFallback({
  fallback,
  children,
}: {
  fallback: Record<string, unknown>;
  children: ReactNode;
}) {
  return <SWRConfig value={{ fallback }}>{children}</SWRConfig>;
}

/** The shop's SWR settings (retry policy) plus the layout's fallback. */
export function ShopSWRProvider({
  fallback,
  children,
}: {
  fallback: Record<string, unknown>;
  children: ReactNode;
}) {
  return (
    <SWRConfig value={{ ...swrDefaults, fallback }}>
      <RevalidateOnRestore />
      {children}
    </SWRConfig>
  );
}

/**
 * A page brought back by Back/Forward (from the back/forward cache, or the HTTP cache) is as
 * the visitor left it: ask again
 * who is signed in and what is in the cart (the legacy pages do the same,
 * public/scripts/legacy-restore.js).
 */
function RevalidateOnRestore() {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    const refresh = () => {
      void mutate(apiKeys.me);
      void mutate(apiKeys.cart);
    };
    // Loaded by Back/Forward from the HTTP cache: the page's own data may be old too.
    const entry =
      typeof performance.getEntriesByType === "function"
        ? (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)
        : undefined;
    if (entry?.type === "back_forward") refresh();
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) refresh();
    };
    window.addEventListener("pageshow", onShow);
    return () => window.removeEventListener("pageshow", onShow);
  }, [mutate]);
  return null;
}
