import { fromCents, sumMoney, toCents } from "@/lib/rules/money";

// A cart's sums, as the server computes them (lib/services/cart.ts) and as the browser
// predicts them for an optimistic update (lib/api-client/cart-math.ts): one definition, so
// the totals a shopper sees never jump when the server's answer lands.

export interface CartTotals {
  total_quantity: number;
  total: number;
  /** true when there is something to buy and every line can be bought as it stands */
  checkout_ready: boolean;
}

/** Unit price × quantity, in whole cents: 0.1 × 3 → 0.3, not 0.30000000000000004. */
export function lineTotal(unitPrice: number, quantity: number): number {
  return fromCents(toCents(unitPrice) * quantity);
}

/** A line can be bought while the stock covers its quantity. */
export function isLineAvailable(stock: number, quantity: number): boolean {
  return stock >= quantity;
}

export function cartTotals(
  lines: readonly { quantity: number; line_total: number; available: boolean }[],
): CartTotals {
  return {
    total_quantity: lines.reduce((sum, l) => sum + l.quantity, 0),
    total: sumMoney(lines.map((l) => l.line_total)),
    checkout_ready: lines.length > 0 && lines.every((l) => l.available),
  };
}
