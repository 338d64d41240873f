import type { ReactNode } from "react";
import { ShopHeader } from "@/app/(shop)/_components/shop-header";
import { ShopSWRProvider } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverMe } from "@/app/_lib/server-api";
import { apiKeys } from "@/lib/api-client/keys";
import type { CartJson } from "@/lib/validation/cart";
import type { UserJson } from "@/lib/validation/user";
import "./shop.css";

export const dynamic = "force-dynamic";

/** The SPA shop: header with who is signed in and the cart count, both pre-loaded via the API. */
export default async function ShopLayout({ children }: { children: ReactNode }) {
  const [me, cart] = await Promise.all([serverMe<UserJson>(apiKeys.me), serverData<CartJson>(apiKeys.cart)]);
  return (
    <ShopSWRProvider fallback={fallbackOf({ [apiKeys.me]: me, [apiKeys.cart]: cart })}>
      <div className="shop">
        <ShopHeader />
        <main id="main" tabIndex={-1} className="shop-main">
          {children}
        </main>
      </div>
    </ShopSWRProvider>
  );
}
