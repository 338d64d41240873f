import "server-only";
import { db, type Prisma } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { lineTotal } from "@/lib/rules/cart-totals";
import { sumMoney } from "@/lib/rules/money";
import { productsChanged, toMoney } from "@/lib/services/products";
import type { OrderJson } from "@/lib/validation/order";

const orderInclude = { items: { orderBy: { id: "asc" } } } as const;
type OrderRow = Prisma.OrderGetPayload<{ include: typeof orderInclude }>;

export function toOrderJson(o: OrderRow): OrderJson {
  return {
    id: o.id,
    user_id: o.userId,
    status: o.status,
    total: toMoney(o.total),
    items: o.items.map((i) => ({
      product_id: i.productId,
      name: i.productName,
      unit_price: toMoney(i.unitPrice),
      quantity: i.quantity,
      line_total: lineTotal(toMoney(i.unitPrice), i.quantity),
    })),
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
  };
}

interface Line {
  product_id: number;
  quantity: number;
}

type Tx = Prisma.TransactionClient;

/**
 * Inside a transaction: each line takes its stock with a guarded UPDATE (stock >= quantity),
 * and prices and names are frozen into the order. Any line short of stock throws 409 and so
 * rolls the whole transaction back. Lines are locked in product-id order so concurrent
 * orders cannot deadlock.
 */
async function createOrder(tx: Tx, userId: number, lines: Line[]) {
  const sorted = [...lines].sort((a, b) => a.product_id - b.product_id);
  for (const line of sorted) {
    const { count } = await tx.product.updateMany({
      where: { id: line.product_id, stock: { gte: line.quantity } },
      data: { stock: { decrement: line.quantity } },
    });
    if (count === 0) {
      const product = await tx.product.findUnique({
        where: { id: line.product_id },
        select: { stock: true, name: true },
      });
      if (!product) {
        throw conflict(`Product ${line.product_id} no longer exists.`, [
          { field: "items", message: `product ${line.product_id} does not exist` },
        ]);
      }
      throw conflict(
        product.stock === 0
          ? `${product.name} is sold out.`
          : `Only ${product.stock} of ${product.name} left; the order asks for ${line.quantity}.`,
        [{ field: "items", message: `product ${line.product_id}: only ${product.stock} in stock` }],
      );
    }
  }
  const products = await tx.product.findMany({
    where: { id: { in: sorted.map((l) => l.product_id) } },
    select: { id: true, name: true, price: true },
  });
  const byId = new Map(products.map((p) => [p.id, p]));
  const items = lines.map((l) => {
    const p = byId.get(l.product_id)!;
    return { productId: p.id, productName: p.name, unitPrice: p.price, quantity: l.quantity };
  });
  // The cart's rule (lib/rules/cart-totals.ts), so an order totals what its cart showed.
  const total = sumMoney(items.map((i) => lineTotal(toMoney(i.unitPrice), i.quantity)));
  return tx.order.create({
    data: { userId, status: "pending", total: total.toFixed(2), items: { create: items } },
    include: orderInclude,
  });
}

/** An order from explicit lines (POST /api/users/{id}/orders), in one transaction. */
export async function placeOrder(userId: number, lines: Line[]): Promise<OrderJson> {
  const prisma = await db();
  const order = await prisma.$transaction((tx) => createOrder(tx, userId, lines));
  await productsChanged();
  return toOrderJson(order);
}

/**
 * The user's cart becomes an order, in one transaction. The cart's lines are claimed
 * (deleted) first: a second checkout of the same cart running at the same time (a double
 * submit) waits on those rows, then finds them gone and gets a 409 instead of a duplicate
 * order. A failed order rolls the claim back, so the cart is left as it was.
 */
export async function checkoutCart(userId: number): Promise<OrderJson> {
  const prisma = await db();
  const order = await prisma.$transaction(async (tx) => {
    const cart = await tx.cart.findUnique({ where: { userId }, include: { items: true } });
    if (!cart?.items.length) throw conflict("The cart is empty.");
    const { count } = await tx.cartItem.deleteMany({
      where: { cartId: cart.id, productId: { in: cart.items.map((i) => i.productId) } },
    });
    if (count !== cart.items.length) {
      throw conflict(
        "The cart changed while checking out (was it submitted twice?); review it and try again.",
      );
    }
    return createOrder(
      tx,
      userId,
      cart.items.map((i) => ({ product_id: i.productId, quantity: i.quantity })),
    );
  });
  await productsChanged();
  return toOrderJson(order);
}

export async function listUserOrders(
  userId: number,
  q: { skip: number; limit: number; status?: OrderJson["status"] },
): Promise<{ items: OrderJson[]; total: number }> {
  const prisma = await db();
  const where = { userId, ...(q.status ? { status: q.status } : {}) };
  const [rows, total] = await Promise.all([
    prisma.order.findMany({
      where,
      include: orderInclude,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: q.skip,
      take: q.limit,
    }),
    prisma.order.count({ where }),
  ]);
  return { items: rows.map(toOrderJson), total };
}

export async function getOrder(id: number): Promise<OrderJson> {
  const prisma = await db();
  const order = await prisma.order.findUnique({ where: { id }, include: orderInclude });
  if (!order) throw notFound(`Order ${id} does not exist.`);
  return toOrderJson(order);
}

const TRANSITIONS: Record<OrderJson["status"], OrderJson["status"][]> = {
  pending: ["paid", "cancelled"],
  paid: ["shipped", "cancelled"],
  shipped: [],
  cancelled: [],
};

/** pending → paid → shipped; pending or paid → cancelled, which puts the stock back. */
export async function changeOrderStatus(id: number, status: OrderJson["status"]): Promise<OrderJson> {
  const prisma = await db();
  const order = await prisma.$transaction(async (tx) => {
    const current = await tx.order.findUnique({ where: { id }, include: orderInclude });
    if (!current) throw notFound(`Order ${id} does not exist.`);
    if (!TRANSITIONS[current.status].includes(status)) {
      throw conflict(`An order that is ${current.status} cannot become ${status}.`, [
        {
          field: "status",
          message: `allowed from ${current.status}: ${TRANSITIONS[current.status].join(", ") || "none"}`,
        },
      ]);
    }
    // Guarded on the old status, so two concurrent changes cannot both apply.
    const { count } = await tx.order.updateMany({ where: { id, status: current.status }, data: { status } });
    if (count === 0) throw conflict("The order changed meanwhile; reload and try again.");
    if (status === "cancelled") {
      for (const item of current.items) {
        if (item.productId === null) continue;
        await tx.product.updateMany({
          where: { id: item.productId },
          data: { stock: { increment: item.quantity } },
        });
      }
    }
    return tx.order.findUniqueOrThrow({ where: { id }, include: orderInclude });
  });
  if (status === "cancelled") await productsChanged();
  return toOrderJson(order);
}
