import { cartContext, withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody } from "@/lib/http/handler";
import { addItem } from "@/lib/services/cart";
import { cartItemCreateSchema } from "@/lib/validation/cart";

export const dynamic = "force-dynamic";

/** Add a product (quantities add up to at most the stock). Guests get a cart cookie. */
export const POST = handle(async (request) => {
  const ctx = await cartContext(request);
  const { product_id, quantity } = await parseBody(request, cartItemCreateSchema);
  const cart = await addItem(ctx.owner, product_id, quantity);
  const response = Response.json(cart, {
    status: 201,
    headers: { Location: `/api/cart/items/${product_id}` },
  });
  return withCookies(response, ctx.cookies(cart.id));
});

export const OPTIONS = preflight;
