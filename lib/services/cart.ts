import "server-only";
import { db, type Prisma } from "@/lib/db";
import { notFound, conflict } from "@/lib/errors";
import { cartTotals, isLineAvailable, lineTotal } from "@/lib/rules/cart-totals";
import { toMoney } from "@/lib/services/products";
import type { CartJson } from "@/lib/validation/cart";

// Carts belong to a signed-in user (user_id) or to a guest (the cart id lives in the
// visitor's cookie). Prices are never stored in the cart: lines always show today's price.

export type CartOwner = { userId: number } | { guestCartId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isCartId = (value: string | null | undefined): value is string => !!value && UUID.test(value);

const cartInclude = {
  items: {
    orderBy: { addedAt: "asc" },
    include: { product: { select: { id: true, name: true, slug: true, price: true, stock: true } } },
  },
} as const;
type CartRow = Prisma.CartGetPayload<{ include: typeof cartInclude }>;

const EMPTY: CartJson = { id: null, items: [], ...cartTotals([]) };

export function toCartJson(cart: CartRow | null): CartJson {
  if (!cart) return EMPTY;
  const items = cart.items.map((i) => {
    const unit = toMoney(i.product.price);
    return {
      product_id: i.productId,
      name: i.product.name,
      slug: i.product.slug,
      unit_price: unit,
      quantity: i.quantity,
      line_total: lineTotal(unit, i.quantity),
      stock: i.product.stock,
      available: isLineAvailable(i.product.stock, i.quantity),
    };
  });
  // The browser's optimistic cart (lib/api-client/cart-math.ts) adds up with the same rule.
  return { id: cart.id, items, ...cartTotals(items) };
}

type Tx = Prisma.TransactionClient;

async function findCart(tx: Tx, owner: CartOwner): Promise<CartRow | null> {
  if ("userId" in owner) return tx.cart.findUnique({ where: { userId: owner.userId }, include: cartInclude });
  if (!isCartId(owner.guestCartId)) return null;
  return tx.cart.findFirst({ where: { id: owner.guestCartId, userId: null }, include: cartInclude });
}

async function findOrCreateCart(tx: Tx, owner: CartOwner): Promise<string> {
  const existing = await findCart(tx, owner);
  if (existing) return existing.id;
  if ("userId" in owner) {
    const cart = await tx.cart.upsert({
      where: { userId: owner.userId },
      update: {},
      create: { userId: owner.userId },
    });
    return cart.id;
  }
  return (await tx.cart.create({ data: {} })).id;
}

export async function getCart(owner: CartOwner): Promise<CartJson> {
  const prisma = await db();
  return toCartJson(await findCart(prisma, owner));
}

async function productStock(tx: Tx, productId: number): Promise<number> {
  const product = await tx.product.findUnique({ where: { id: productId }, select: { stock: true } });
  if (!product) throw notFound(`Product ${productId} does not exist.`);
  return product.stock;
}

function tooMany(stock: number, wanted: number) {
  return conflict(
    stock === 0 ? "This product is sold out." : `Only ${stock} left in stock; the cart would hold ${wanted}.`,
    [{ field: "quantity", message: `must be at most ${stock}` }],
  );
}

/** Adds to the line (quantities add up), never beyond the stock. Returns the cart. */
export async function addItem(owner: CartOwner, productId: number, quantity: number): Promise<CartJson> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const stock = await productStock(tx, productId);
    const cartId = await findOrCreateCart(tx, owner);
    const line = await tx.cartItem.findUnique({ where: { cartId_productId: { cartId, productId } } });
    const wanted = (line?.quantity ?? 0) + quantity;
    if (wanted > stock) throw tooMany(stock, wanted);
    await tx.cartItem.upsert({
      where: { cartId_productId: { cartId, productId } },
      update: { quantity: wanted },
      create: { cartId, productId, quantity: wanted },
    });
    await tx.cart.update({ where: { id: cartId }, data: { updatedAt: new Date() } });
    return toCartJson(await tx.cart.findUnique({ where: { id: cartId }, include: cartInclude }));
  });
}

export async function setItemQuantity(
  owner: CartOwner,
  productId: number,
  quantity: number,
): Promise<CartJson> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const cart = await findCart(tx, owner);
    if (!cart?.items.some((i) => i.productId === productId)) {
      throw notFound(`Product ${productId} is not in the cart.`);
    }
    const stock = await productStock(tx, productId);
    if (quantity > stock) throw tooMany(stock, quantity);
    await tx.cartItem.update({
      where: { cartId_productId: { cartId: cart.id, productId } },
      data: { quantity },
    });
    return toCartJson(await tx.cart.findUnique({ where: { id: cart.id }, include: cartInclude }));
  });
}

export async function removeItem(owner: CartOwner, productId: number): Promise<CartJson> {
  const prisma = await db();
  const cart = await findCart(prisma, owner);
  if (!cart?.items.some((i) => i.productId === productId)) {
    throw notFound(`Product ${productId} is not in the cart.`);
  }
  await prisma.cartItem.delete({ where: { cartId_productId: { cartId: cart.id, productId } } });
  return getCart(owner);
}

export async function clearCart(owner: CartOwner): Promise<void> {
  const prisma = await db();
  const cart = await findCart(prisma, owner);
  if (cart) await prisma.cartItem.deleteMany({ where: { cartId: cart.id } });
}

/**
 * After sign-in: the guest cart's lines move into the user's cart (quantities add up,
 * capped by stock) and the guest cart is deleted. Safe to call twice.
 */
export async function mergeGuestCart(guestCartId: string, userId: number): Promise<void> {
  if (!isCartId(guestCartId)) return;
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const guest = await findCart(tx, { guestCartId });
    if (!guest) return;
    if (guest.items.length) {
      const cartId = await findOrCreateCart(tx, { userId });
      for (const line of guest.items) {
        const existing = await tx.cartItem.findUnique({
          where: { cartId_productId: { cartId, productId: line.productId } },
        });
        const quantity = Math.min((existing?.quantity ?? 0) + line.quantity, Math.max(line.product.stock, 1));
        await tx.cartItem.upsert({
          where: { cartId_productId: { cartId, productId: line.productId } },
          update: { quantity },
          create: { cartId, productId: line.productId, quantity },
        });
      }
    }
    // deleteMany: a parallel request may have merged (and deleted) it first.
    await tx.cart.deleteMany({ where: { id: guest.id } });
  });
}
