import { withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { addItem } from "@/lib/services/cart";
import { cartOperations as ops } from "@/lib/validation/cart";

export const dynamic = "force-dynamic";

/** Deprecated: the legacy product page's "add to cart". Successor: POST /api/cart/items. */
export const POST = endpoint(ops.legacyCartAdd, async ({ cart: ctx, body }) => {
  const cart = await addItem(ctx.owner, body.product_id, body.quantity);
  return withCookies(
    Response.json({ ok: true, cart_count: cart.total_quantity, cart }),
    ctx.cookies(cart.id),
  );
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

export const OPTIONS = preflight;
