"use client";

import { useCallback, useState } from "react";
import useSWR, { useSWRConfig, type SWRConfiguration } from "swr";
import { apiGet, apiGetOrNull, apiRequest } from "@/lib/api-client/client";
import { ApiError } from "@/lib/api-client/errors";
import { apiKeys, type ListPaging, type ProductListQuery } from "@/lib/api-client/keys";
import { listPageFromResponse, pagingOf, type ListPage, type Paging } from "@/lib/api-client/paging";
import type { CartJson } from "@/lib/validation/cart";
import type { CategoryJson } from "@/lib/validation/category";
import type { OrderJson } from "@/lib/validation/order";
import type { ProductJson } from "@/lib/validation/product";
import type { UserJson } from "@/lib/validation/user";

// SWR hooks that read: every key is an API path (keys.ts), which is also how the server pages
// name their pre-loaded fallback data. The cart's writes live in hooks.ts: pages that only read
// (the product list, the header on every page) do not ship them (the SPA's JavaScript budget).

/**
 * Retry what may succeed next time (no answer, 5xx) a few times with backoff; never a 4xx,
 * which will only fail again. Installed by the shop layout's SWRConfig.
 */
export const swrDefaults: SWRConfiguration = {
  onErrorRetry(error: unknown, _key, _config, revalidate, { retryCount }) {
    if (error instanceof ApiError && error.status > 0 && error.status < 500) return;
    if (retryCount >= 3) return;
    setTimeout(() => void revalidate({ retryCount }), 1_000 * 2 ** retryCount);
  },
};

/**
 * Data that came with the page is not fetched again on hydration: when the server page put
 * this key in SWR's fallback and nothing is cached under it yet, the first mount does not
 * revalidate. Data that may be stale still is: anything already cached (an earlier page's
 * copy) revalidates on mount as usual, and focus, reconnect and mutations revalidate always.
 */
export function useFreshFallback(key: string | null): SWRConfiguration {
  const { cache, fallback } = useSWRConfig();
  const [fresh] = useState(
    () => key !== null && fallback[key] !== undefined && cache.get(key)?.data === undefined,
  );
  return fresh ? { revalidateOnMount: false } : {};
}

async function fetchList<T>(path: string): Promise<ListPage<T>> {
  const { data, headers } = await apiRequest<T[]>(path);
  return listPageFromResponse(path, data, headers);
}

export interface ListResult<T> {
  items: T[];
  total: number;
  paging: Paging | null;
  error: ApiError | undefined;
  /** Nothing to show yet for this key. */
  isLoading: boolean;
  /** Showing the previous list while this one loads (keepPreviousData). */
  isStale: boolean;
  isValidating: boolean;
  retry: () => void;
}

// ---- catalogue ---------------------------------------------------------------------------

export function useProducts(
  query: ProductListQuery,
  options: { enabled?: boolean } = {},
): ListResult<ProductJson> {
  const key = options.enabled === false ? null : apiKeys.products(query);
  const swr = useSWR<ListPage<ProductJson>, ApiError>(key, fetchList<ProductJson>, {
    ...useFreshFallback(key),
    // Changing a filter or page keeps the old cards up (marked as updating) instead of a blank.
    keepPreviousData: true,
  });
  const { mutate } = swr;
  const retry = useCallback(() => void mutate(), [mutate]);
  return {
    items: swr.data?.items ?? [],
    total: swr.data?.total ?? 0,
    paging: swr.data ? pagingOf(swr.data) : null,
    error: swr.error,
    isLoading: !swr.data && !swr.error && key !== null,
    isStale: swr.isLoading && swr.data !== undefined,
    isValidating: swr.isValidating,
    retry,
  };
}

export function useProduct(id: number | null) {
  const key = id === null ? null : apiKeys.product(id);
  const swr = useSWR<ProductJson, ApiError>(key, apiGet<ProductJson>, useFreshFallback(key));
  const { mutate } = swr;
  return {
    product: swr.data,
    error: swr.error,
    isLoading: !swr.data && !swr.error && id !== null,
    retry: useCallback(() => void mutate(), [mutate]),
  };
}

export function useCategories() {
  const swr = useSWR<CategoryJson[], ApiError>(
    apiKeys.categories,
    apiGet<CategoryJson[]>,
    useFreshFallback(apiKeys.categories),
  );
  const { mutate } = swr;
  return {
    categories: swr.data ?? [],
    error: swr.error,
    isLoading: !swr.data && !swr.error,
    retry: useCallback(() => void mutate(), [mutate]),
  };
}

// ---- who is signed in ----------------------------------------------------------------------

/** GET /api/session/user, unwrapped; a 401 (a token no longer valid) also means nobody. */
const whoAmI = async (path: string): Promise<UserJson | null> =>
  (await apiGetOrNull<{ user: UserJson | null }>(path))?.user ?? null;

/** The signed-in user, null when nobody is (a 401 here is an answer, not a redirect). */
export function useMe() {
  const swr = useSWR<UserJson | null, ApiError>(
    apiKeys.me,
    whoAmI,
    useFreshFallback(apiKeys.me),
  );
  const { mutate } = swr;
  return {
    /** undefined while unknown, null when signed out */
    user: swr.data,
    error: swr.error,
    isLoading: swr.data === undefined && !swr.error,
    retry: useCallback(() => void mutate(), [mutate]),
  };
}

export function useOrders(paging: ListPaging = {}): ListResult<OrderJson> & { signedOut: boolean } {
  const me = useMe();
  const key = me.user ? apiKeys.orders(me.user.id, paging) : null;
  const swr = useSWR<ListPage<OrderJson>, ApiError>(key, fetchList<OrderJson>, {
    ...useFreshFallback(key),
    keepPreviousData: true,
  });
  const { mutate } = swr;
  const retryMe = me.retry;
  const retry = useCallback(() => {
    if (me.error) retryMe();
    else void mutate();
  }, [me.error, retryMe, mutate]);
  return {
    items: swr.data?.items ?? [],
    total: swr.data?.total ?? 0,
    paging: swr.data ? pagingOf(swr.data) : null,
    error: me.error ?? swr.error,
    isLoading: me.isLoading || (key !== null && !swr.data && !swr.error),
    isStale: swr.isLoading && swr.data !== undefined,
    isValidating: swr.isValidating,
    signedOut: me.user === null,
    retry,
  };
}

// ---- the cart, as data ------------------------------------------------------------------------

/**
 * The cart as data only (the header's count): the same SWR entry as useCart(), without the
 * actions, so pages that only show the count do not ship the cart's write code.
 */
export function useCartSummary(): CartJson | undefined {
  return useSWR<CartJson, ApiError>(apiKeys.cart, apiGet<CartJson>, useFreshFallback(apiKeys.cart)).data;
}
