import "server-only";
import { randomUUID } from "node:crypto";
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

/**
 * The owner's cart id, creating the cart if there is none. A user's cart is created with one
 * INSERT … ON CONFLICT: two first adds at once both get the same cart instead of one of them
 * failing on the unique user_id (a SELECT-then-INSERT, or Prisma's emulated upsert, races).
 */
async function findOrCreateCart(tx: Tx, owner: CartOwner): Promise<string> {
  if ("userId" in owner) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO carts (id, user_id, created_at, updated_at)
      VALUES (${randomUUID()}::uuid, ${owner.userId}::int, now(), now())
      ON CONFLICT (user_id) DO UPDATE SET updated_at = EXCLUDED.updated_at
      RETURNING id::text AS id`;
    const cart = rows[0];
    if (!cart) throw new Error(`No cart for user ${owner.userId}`);
    return cart.id;
  }
  const existing = await findCart(tx, owner);
  if (existing) return existing.id;
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
    await productStock(tx, productId);
    const cartId = await findOrCreateCart(tx, owner);
    // One statement adds to the line and checks the stock, so concurrent adds neither lose
    // an increment nor pass the stock together (a read-then-write would do both).
    const added = await tx.$queryRaw<{ quantity: number }[]>`
      INSERT INTO cart_items (cart_id, product_id, quantity, added_at)
      SELECT ${cartId}::uuid, p.id, ${quantity}::int, now()
        FROM products p
       WHERE p.id = ${productId}::int AND p.stock >= ${quantity}::int
      ON CONFLICT (cart_id, product_id) DO UPDATE
        SET quantity = cart_items.quantity + EXCLUDED.quantity
        WHERE cart_items.quantity + EXCLUDED.quantity <= (SELECT stock FROM products WHERE id = EXCLUDED.product_id)
      RETURNING quantity`;
    if (!added.length) {
      const stock = await productStock(tx, productId);
      const line = await tx.cartItem.findUnique({ where: { cartId_productId: { cartId, productId } } });
      throw tooMany(stock, (line?.quantity ?? 0) + quantity);
    }
    // A user's cart was touched by findOrCreateCart's upsert already.
    if (!("userId" in owner))
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
    // The stock check is part of the UPDATE, so it holds against a concurrent checkout.
    const { count } = await tx.cartItem.updateMany({
      where: { cartId: cart.id, productId, product: { stock: { gte: quantity } } },
      data: { quantity },
    });
    if (count === 0) {
      const line = await tx.cartItem.findUnique({
        where: { cartId_productId: { cartId: cart.id, productId } },
      });
      if (!line) throw notFound(`Product ${productId} is not in the cart.`);
      throw tooMany(await productStock(tx, productId), quantity);
    }
    return toCartJson(await tx.cart.findUnique({ where: { id: cart.id }, include: cartInclude }));
  });
}

export async function removeItem(owner: CartOwner, productId: number): Promise<CartJson> {
  const prisma = await db();
  const cart = await findCart(prisma, owner);
  // deleteMany: a parallel request may have removed the line first; that is a 404 too.
  const { count } = cart
    ? await prisma.cartItem.deleteMany({ where: { cartId: cart.id, productId } })
    : { count: 0 };
  if (count === 0) throw notFound(`Product ${productId} is not in the cart.`);
  return getCart(owner);
}

export async function clearCart(owner: CartOwner): Promise<void> {
  const prisma = await db();
  const cart = await findCart(prisma, owner);
  if (cart) await prisma.cartItem.deleteMany({ where: { cartId: cart.id } });
}

/**
 * After sign-in: the guest cart's lines move into the user's cart (quantities add up,
 * capped by stock) and the guest cart is deleted. Safe to call twice, also at once.
 */
export async function mergeGuestCart(guestCartId: string, userId: number): Promise<void> {
  if (!isCartId(guestCartId)) return;
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    // Locked: a parallel merge of the same cart waits here, then finds it deleted.
    const guest = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM carts WHERE id = ${guestCartId}::uuid AND user_id IS NULL FOR UPDATE`;
    if (!guest.length) return;
    if (await tx.cartItem.count({ where: { cartId: guestCartId } })) {
      const cartId = await findOrCreateCart(tx, { userId });
      // One statement, adding to the user's lines as they are now (not as read earlier), so
      // an add to the user's cart at the same time is not overwritten.
      await tx.$executeRaw`
        INSERT INTO cart_items (cart_id, product_id, quantity, added_at)
        SELECT ${cartId}::uuid, g.product_id, LEAST(g.quantity, GREATEST(p.stock, 1)), now()
          FROM cart_items g
          JOIN products p ON p.id = g.product_id
         WHERE g.cart_id = ${guestCartId}::uuid
         ORDER BY g.added_at, g.product_id
        ON CONFLICT (cart_id, product_id) DO UPDATE
          SET quantity = LEAST(
            cart_items.quantity + EXCLUDED.quantity,
            (SELECT GREATEST(stock, 1) FROM products WHERE id = EXCLUDED.product_id)
          )`;
    }
    await tx.cart.deleteMany({ where: { id: guestCartId } });
  });
}
