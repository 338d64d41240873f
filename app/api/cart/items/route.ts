import { withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { addItem } from "@/lib/services/cart";
import { cartOperations as ops } from "@/lib/validation/cart";

export const dynamic = "force-dynamic";

/** Add a product (quantities add up to at most the stock). Guests get a cart cookie. */
export const POST = endpoint(ops.addCartItem, async ({ cart: ctx, body }) => {
  const cart = await addItem(ctx.owner, body.product_id, body.quantity);
  const response = Response.json(cart, {
    status: 201,
    headers: { Location: `/api/cart/items/${body.product_id}` },
  });
  return withCookies(response, ctx.cookies(cart.id));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
