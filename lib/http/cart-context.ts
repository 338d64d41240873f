import { secureCookies } from "@/lib/client-address";
import "server-only";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { optionalUser, type Identity } from "@/lib/auth/guards";
import { readCookie } from "@/lib/auth/session";
import { isCartId, mergeGuestCart, type CartOwner } from "@/lib/services/cart";

export const CART_COOKIE = "cutover_cart";
const THIRTY_DAYS = 30 * 24 * 60 * 60;

export interface CartContext {
  user: Identity | null;
  owner: CartOwner;
  /** Sets or clears the guest-cart cookie on a response, as the cart now requires. */
  cookies(cartId: string | null): string[];
}

/**
 * Who owns the cart of this request: the signed-in user, or the guest whose cookie names a
 * cart. The first request after signing in merges the guest cart into the user's and
 * clears the cookie. Used by the API, the legacy shims and the legacy pages alike.
 */
export async function cartContext(request: Request): Promise<CartContext> {
  const user = await optionalUser(request);
  const guestCartId = readCookie(request.headers.get("cookie"), CART_COOKIE);
  const secure = secureCookies(request) ? "; Secure" : "";
  const set = (value: string, maxAge: number) =>
    `${CART_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;

  if (user) {
    // Guest-role accounts only read: their sign-in does not take over (write into) a cookie cart.
    const merge = isCartId(guestCartId) && user.role !== "guest";
    if (merge) await mergeGuestCart(guestCartId, user.id);
    return { user, owner: { userId: user.id }, cookies: () => (merge ? [set("", 0)] : []) };
  }
  // A guest's cart rides on a cookie, so guest writes get the same CSRF check as sessions.
  assertSameOrigin(request);
  return {
    user: null,
    owner: { guestCartId: isCartId(guestCartId) ? guestCartId : null },
    cookies: (cartId) => (cartId && cartId !== guestCartId ? [set(cartId, THIRTY_DAYS)] : []),
  };
}

export function withCookies(response: Response, cookies: string[]): Response {
  for (const cookie of cookies) response.headers.append("Set-Cookie", cookie);
  return response;
}
