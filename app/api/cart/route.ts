import { withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getCart } from "@/lib/services/cart";
import { cartOperations as ops } from "@/lib/validation/cart";

export const dynamic = "force-dynamic";

/** The caller's cart: a signed-in user's, or a guest's by cookie. Empty if there is none yet. */
export const GET = endpoint(ops.getCart, async ({ cart: ctx }) => {
  const cart = await getCart(ctx.owner);
  return withCookies(
    Response.json(cart, { headers: { "Cache-Control": "private, no-store" } }),
    ctx.cookies(cart.id),
  );
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
