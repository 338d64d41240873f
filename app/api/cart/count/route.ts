import { withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getCart } from "@/lib/services/cart";
import { cartOperations as ops } from "@/lib/validation/cart";

export const dynamic = "force-dynamic";

/** Deprecated: the legacy nav badge's poll. Successor: GET /api/cart (total_quantity). */
export const GET = endpoint(ops.legacyCartCount, async ({ cart: ctx }) => {
  const cart = await getCart(ctx.owner);
  return withCookies(
    Response.json({ count: cart.total_quantity }, { headers: { "Cache-Control": "private, no-store" } }),
    ctx.cookies(cart.id),
  );
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
