"use client";

import type { ReactNode } from "react";
import { SWRConfig } from "swr";
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
  return <SWRConfig value={{ ...swrDefaults, fallback }}>{children}</SWRConfig>;
}
