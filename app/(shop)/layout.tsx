import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ShopFooter } from "@/app/(shop)/_components/shop-footer";
import { ShopHeader } from "@/app/(shop)/_components/shop-header";
import { ShopSWRProvider } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverMe } from "@/app/_lib/server-api";
import { apiKeys } from "@/lib/api-client/keys";
import type { CartJson } from "@/lib/validation/cart";
import type { UserJson } from "@/lib/validation/user";
import "./shop.css";

export const dynamic = "force-dynamic";

/**
 * The SPA shop: header with who is signed in and the cart count, both pre-loaded via the API —
 * except in the page cache's shared render for visitors with a session or a cart (proxy.ts,
 * lib/migration/page-cache.ts), which must hold nobody's data: their browser asks for both.
 */
export default async function ShopLayout({ children }: { children: ReactNode }) {
  const personal = (await headers()).get("x-cutover-render") === "personal";
  const [me, cart] = personal
    ? [undefined, undefined]
    : await Promise.all([serverMe<UserJson>(apiKeys.me), serverData<CartJson>(apiKeys.cart)]);
  return (
    <ShopSWRProvider fallback={fallbackOf({ [apiKeys.me]: me, [apiKeys.cart]: cart })}>
      <div className="shop">
        <ShopHeader />
        <main id="main" tabIndex={-1} className="shop-main">
          {children}
        </main>
        <ShopFooter />
      </div>
    </ShopSWRProvider>
  );
}
