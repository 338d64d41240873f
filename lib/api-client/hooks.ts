"use client";

import { useCallback } from "react";
import useSWR, { useSWRConfig } from "swr";
import { api, apiGet, apiRequest } from "@/lib/api-client/client";
import { EMPTY_CART, withAdded, withoutLine, withQuantity } from "@/lib/api-client/cart-math";
import type { ApiError } from "@/lib/api-client/errors";
import { apiKeys } from "@/lib/api-client/keys";
import { useFreshFallback } from "@/lib/api-client/read-hooks";
import type { CartJson } from "@/lib/validation/cart";
import type { OrderJson } from "@/lib/validation/order";
import type { ProductJson } from "@/lib/validation/product";

// The cart with its writes (optimistic add, update, remove, checkout). The hooks that only read
// are in read-hooks.ts and re-exported here.

export * from "@/lib/api-client/read-hooks";

// ---- cart ------------------------------------------------------------------------------------

export interface CartActions {
  /** Adds to the line (quantities add up). Throws ApiError after rolling back. */
  add(product: ProductJson, quantity: number): Promise<void>;
  update(productId: number, quantity: number): Promise<void>;
  remove(productId: number): Promise<void>;
  /** Places the order from the cart; the key makes a retried attempt safe. */
  checkout(idempotencyKey: string): Promise<OrderJson>;
}

export function useCart() {
  const swr = useSWR<CartJson, ApiError>(apiKeys.cart, apiGet<CartJson>, useFreshFallback(apiKeys.cart));
  const { mutate } = swr;
  const { mutate: mutateAny } = useSWRConfig();

  /**
   * Shows `optimistic` at once, then the cart the API answers with. On failure SWR puts the
   * previous cart back and rethrows; a fresh read then picks up whatever changed meanwhile
   * (the stock that made it fail, say).
   */
  const change = useCallback(
    async (optimistic: (cart: CartJson) => CartJson, request: () => Promise<CartJson>) => {
      try {
        await mutate(request, {
          optimisticData: (current) => optimistic(current ?? EMPTY_CART),
          rollbackOnError: true,
          populateCache: true,
          revalidate: false,
        });
      } catch (error) {
        void mutate();
        throw error;
      }
    },
    [mutate],
  );

  const add = useCallback(
    (product: ProductJson, quantity: number) =>
      change(
        (cart) => withAdded(cart, product, quantity),
        () => api.post<CartJson>("/api/cart/items", { product_id: product.id, quantity }),
      ),
    [change],
  );
  const update = useCallback(
    (productId: number, quantity: number) =>
      change(
        (cart) => withQuantity(cart, productId, quantity),
        () => api.patch<CartJson>(`/api/cart/items/${productId}`, { quantity }),
      ),
    [change],
  );
  const remove = useCallback(
    (productId: number) =>
      change(
        (cart) => withoutLine(cart, productId),
        async () => (await apiRequest<CartJson>(`/api/cart/items/${productId}`, { method: "DELETE" })).data,
      ),
    [change],
  );
  const checkout = useCallback(
    async (idempotencyKey: string) => {
      const order = await api.post<OrderJson>("/api/checkout", undefined, {
        "Idempotency-Key": idempotencyKey,
      });
      // The API emptied the cart in the same transaction; show that, then confirm it.
      await mutate((cart) => ({ ...(cart ?? EMPTY_CART), ...EMPTY_CART, id: cart?.id ?? null }), {
        revalidate: true,
      });
      await mutateAny((key) => typeof key === "string" && /^\/api\/users\/\d+\/orders/.test(key));
      return order;
    },
    [mutate, mutateAny],
  );

  const actions: CartActions = { add, update, remove, checkout };
  return {
    cart: swr.data,
    error: swr.error,
    isLoading: !swr.data && !swr.error,
    retry: useCallback(() => void mutate(), [mutate]),
    ...actions,
  };
}
