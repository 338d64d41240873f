import { requireUser } from "@/lib/auth/guards";
import { conflict } from "@/lib/errors";
import { cartContext, withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { handle, storedResponse } from "@/lib/http/handler";
import { getCart } from "@/lib/services/cart";
import { idempotent } from "@/lib/services/idempotency";
import { placeOrder } from "@/lib/services/orders";

export const dynamic = "force-dynamic";

/** Turns the caller's cart into an order (one transaction; the cart is emptied). */
export const POST = handle(async (request) => {
  await requireUser(request);
  const ctx = await cartContext(request);
  const user = ctx.user!;
  const key = request.headers.get("idempotency-key");
  const result = await idempotent(`checkout:user:${user.id}`, key, null, async () => {
    const cart = await getCart(ctx.owner);
    if (cart.items.length === 0) throw conflict("The cart is empty.");
    const order = await placeOrder(
      user.id,
      cart.items.map((i) => ({ product_id: i.product_id, quantity: i.quantity })),
      ctx.owner,
    );
    return { status: 201, body: order };
  });
  const body = result.body as { id?: number };
  const headers: Record<string, string> =
    result.status === 201 && body.id ? { Location: `/api/orders/${body.id}` } : {};
  return withCookies(storedResponse(result, headers), ctx.cookies(null));
});

export const OPTIONS = preflight;
