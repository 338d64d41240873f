import { withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { removeItem, setItemQuantity } from "@/lib/services/cart";
import { cartOperations as ops } from "@/lib/validation/cart";

export const dynamic = "force-dynamic";

export const PATCH = endpoint(ops.updateCartItem, async ({ cart: ctx, params, body }) => {
  const cart = await setItemQuantity(ctx.owner, params.product_id, body.quantity);
  return withCookies(Response.json(cart), ctx.cookies(cart.id));
});

export const DELETE = endpoint(ops.removeCartItem, async ({ cart: ctx, params }) => {
  const cart = await removeItem(ctx.owner, params.product_id);
  return withCookies(Response.json(cart), ctx.cookies(cart.id));
});

export const { GET, POST, PUT } = methodsNotAllowed("PATCH", "DELETE");

export const OPTIONS = preflight;
