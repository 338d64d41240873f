import type { Metadata } from "next";
import { PAGE_DESCRIPTIONS } from "@/lib/rules/descriptions";
import { CartView } from "@/app/(shop)/cart/cart-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your cart", description: PAGE_DESCRIPTIONS.cart };

/**
 * The cart's data is already in SWR's fallback: the shop layout pre-loads /api/cart for the
 * header's count (and who is signed in), under the same keys this view reads.
 */
export default async function CartPage() {
  return <CartView />;
}
