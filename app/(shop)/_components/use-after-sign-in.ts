"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { useSWRConfig } from "swr";

/**
 * After signing in, everything cached was fetched as somebody else (or nobody): the user,
 * the cart (the guest cart merges into the user's on the next request), orders. Revalidate
 * it all, then go on, and let the server components (layout fallback) render afresh.
 */
export function useAfterSignIn() {
  const router = useRouter();
  const { mutate } = useSWRConfig();
  return useCallback(
    async (callbackUrl: string) => {
      await mutate(() => true);
      router.replace(callbackUrl);
      router.refresh();
    },
    [mutate, router],
  );
}
