import { AppError } from "@/lib/errors";
import { cartContext, withCookies } from "@/lib/http/cart-context";
import { preflight } from "@/lib/http/cors";
import { parseWith } from "@/lib/http/handler";
import { legacyShim } from "@/lib/http/legacy-shim";
import { addItem } from "@/lib/services/cart";
import { legacyCartAddSchema } from "@/lib/validation/cart";

export const dynamic = "force-dynamic";

async function legacyBody(request: Request): Promise<unknown> {
  // The old inline scripts sent JSON, sometimes without a Content-Type; old forms sent urlencoded.
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "Bad Request", "The body is not valid JSON.");
  }
}

/** Deprecated: the legacy product page's "add to cart". Successor: POST /api/cart/items. */
export const POST = legacyShim("POST /api/cart/add/", "/api/cart/items", async (request) => {
  const ctx = await cartContext(request);
  const { product_id, quantity } = parseWith(legacyCartAddSchema, await legacyBody(request));
  const cart = await addItem(ctx.owner, product_id, quantity);
  return withCookies(
    Response.json({ ok: true, cart_count: cart.total_quantity, cart }),
    ctx.cookies(cart.id),
  );
});

export const OPTIONS = preflight;
