import { formatMoney } from "@/lib/rules/money";
import { truncateWords } from "@/lib/rules/text";

// Each page's meta description, one rule for both shapes: the SPA pages' metadata and the
// legacy templates (`{% block description %}`, globals of the same names) call these.

export const SHOP_DESCRIPTION =
  "Cutover shop: laptops, phones, audio and more, with prices and stock at a glance.";

export const PAGE_DESCRIPTIONS = {
  home: "The newest arrivals at Cutover shop, with prices and stock at a glance.",
  cart: "Your cart at Cutover shop: what is in it, what it costs, and checkout.",
  orders: "Your orders at Cutover shop: when you placed them, their status, items and totals.",
  signin: "Sign in to Cutover shop to see your cart and orders.",
  signup: "Create a Cutover shop account to keep your cart and see your orders.",
} as const;

export function productListDescription(total: number, search?: string | null): string {
  const matching = search ? ` matching “${search}”` : "";
  return `${total} product${total === 1 ? "" : "s"}${matching} at Cutover shop, with prices, stock and categories.`;
}

export function productDescription(product: {
  name: string;
  price: number;
  description?: string | null;
}): string {
  const about = product.description ? `: ${truncateWords(product.description, 20)}` : "";
  return `${product.name}, ${formatMoney(product.price)}${about}`;
}
