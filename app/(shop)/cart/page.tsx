import type { Metadata } from "next";
import { CartView } from "@/app/(shop)/cart/cart-view";
import { trackSpaRender } from "@/lib/migration/track";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your cart" };

/**
 * The cart's data is already in SWR's fallback: the shop layout pre-loads /api/cart for the
 * header's count (and /api/users/me), under the same keys this view reads.
 */
export default async function CartPage() {
  await trackSpaRender();
  return <CartView />;
}
