import { cartContext, withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { handle } from "@/lib/http/handler";
import { getCart } from "@/lib/services/cart";

export const dynamic = "force-dynamic";

/** The caller's cart: a signed-in user's, or a guest's by cookie. Empty if there is none yet. */
export const GET = handle(async (request) => {
  const ctx = await cartContext(request);
  const cart = await getCart(ctx.owner);
  return withCookies(
    Response.json(cart, { headers: { "Cache-Control": "private, no-store" } }),
    ctx.cookies(cart.id),
  );
});

export const OPTIONS = preflight;
