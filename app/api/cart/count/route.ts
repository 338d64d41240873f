import { cartContext, withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { legacyShim } from "@/lib/http/legacy-shim";
import { getCart } from "@/lib/services/cart";

export const dynamic = "force-dynamic";

/** Deprecated: the legacy nav badge's poll. Successor: GET /api/cart (total_quantity). */
export const GET = legacyShim("GET /api/cart/count/", "/api/cart", async (request) => {
  const ctx = await cartContext(request);
  const cart = await getCart(ctx.owner);
  return withCookies(
    Response.json({ count: cart.total_quantity }, { headers: { "Cache-Control": "private, no-store" } }),
    ctx.cookies(cart.id),
  );
});

export const OPTIONS = preflight;
