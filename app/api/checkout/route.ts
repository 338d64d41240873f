import { withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { storedResponse } from "@/lib/http/handler";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { idempotent } from "@/lib/services/idempotency";
import { checkoutCart } from "@/lib/services/orders";
import { orderOperations as ops } from "@/lib/validation/order";

export const dynamic = "force-dynamic";

/** Turns the caller's cart into an order (one transaction; the cart is emptied). */
export const POST = endpoint(ops.checkout, async ({ request, user, cart: ctx }) => {
  const key = request.headers.get("idempotency-key");
  const result = await idempotent(`checkout:user:${user.id}`, key, null, async () => ({
    status: 201,
    body: await checkoutCart(user.id),
  }));
  const body = result.body as { id?: number };
  const headers: Record<string, string> =
    result.status === 201 && body.id ? { Location: `/api/orders/${body.id}` } : {};
  return withCookies(storedResponse(result, headers), ctx.cookies(null));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
