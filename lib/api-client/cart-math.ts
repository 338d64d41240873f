import { cartTotals, isLineAvailable, lineTotal } from "@/lib/rules/cart-totals";
import type { CartJson, CartLineJson } from "@/lib/validation/cart";
import type { ProductJson } from "@/lib/validation/product";

// What the cart will look like once a change lands, added up by the rule lib/services/cart.ts
// uses (lib/rules/cart-totals.ts), so an optimistic update shows the totals the server then confirms.

function line(l: CartLineJson, quantity: number): CartLineJson {
  return {
    ...l,
    quantity,
    line_total: lineTotal(l.unit_price, quantity),
    available: isLineAvailable(l.stock, quantity),
  };
}

function totals(cart: CartJson, items: CartLineJson[]): CartJson {
  return { ...cart, items, ...cartTotals(items) };
}

export function withQuantity(cart: CartJson, productId: number, quantity: number): CartJson {
  return totals(
    cart,
    cart.items.map((l) => (l.product_id === productId ? line(l, quantity) : l)),
  );
}

export function withoutLine(cart: CartJson, productId: number): CartJson {
  return totals(
    cart,
    cart.items.filter((l) => l.product_id !== productId),
  );
}

/** Adding adds up, as the API does; a new line goes last (the API orders by when added). */
export function withAdded(cart: CartJson, product: ProductJson, quantity: number): CartJson {
  const existing = cart.items.find((l) => l.product_id === product.id);
  if (existing) return withQuantity(cart, product.id, existing.quantity + quantity);
  const added = line(
    {
      product_id: product.id,
      name: product.name,
      slug: product.slug,
      unit_price: product.price,
      quantity,
      line_total: 0,
      stock: product.stock,
      available: true,
    },
    quantity,
  );
  return totals(cart, [...cart.items, added]);
}

export const EMPTY_CART: CartJson = { id: null, items: [], ...cartTotals([]) };
