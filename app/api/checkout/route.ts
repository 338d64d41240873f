import { forbidden, unauthorized } from "@/lib/errors";
import { cartContext, withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { handle, storedResponse } from "@/lib/http/handler";
import { idempotent } from "@/lib/services/idempotency";
import { checkoutCart } from "@/lib/services/orders";

export const dynamic = "force-dynamic";

/** Turns the caller's cart into an order (one transaction; the cart is emptied). */
export const POST = handle(async (request) => {
  const ctx = await cartContext(request);
  if (!ctx.user) throw unauthorized();
  if (ctx.user.role === "guest") throw forbidden("Guest accounts can only read.");
  const userId = ctx.user.id;
  const key = request.headers.get("idempotency-key");
  const result = await idempotent(`checkout:user:${userId}`, key, null, async () => ({
    status: 201,
    body: await checkoutCart(userId),
  }));
  const body = result.body as { id?: number };
  const headers: Record<string, string> =
    result.status === 201 && body.id ? { Location: `/api/orders/${body.id}` } : {};
  return withCookies(storedResponse(result, headers), ctx.cookies(null));
});

export const OPTIONS = preflight;
