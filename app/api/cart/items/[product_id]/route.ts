import { cartContext, withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseParam } from "@/lib/http/handler";
import { removeItem, setItemQuantity } from "@/lib/services/cart";
import { cartItemUpdateSchema } from "@/lib/validation/cart";
import { idParam } from "@/lib/validation/common";

export const dynamic = "force-dynamic";

export const PATCH = handle(async (request, ctx) => {
  const productId = parseParam(ctx, "product_id", idParam);
  const cartCtx = await cartContext(request);
  const { quantity } = await parseBody(request, cartItemUpdateSchema);
  const cart = await setItemQuantity(cartCtx.owner, productId, quantity);
  return withCookies(Response.json(cart), cartCtx.cookies(cart.id));
});

export const DELETE = handle(async (request, ctx) => {
  const productId = parseParam(ctx, "product_id", idParam);
  const cartCtx = await cartContext(request);
  const cart = await removeItem(cartCtx.owner, productId);
  return withCookies(Response.json(cart), cartCtx.cookies(cart.id));
});

export const OPTIONS = preflight;
