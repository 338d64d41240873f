import type { Metadata } from "next";
import { CartView } from "@/app/(shop)/cart/cart-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your cart" };

/**
 * The cart's data is already in SWR's fallback: the shop layout pre-loads /api/cart for the
 * header's count (and who is signed in), under the same keys this view reads.
 */
export default async function CartPage() {
  return <CartView />;
}
