import { AppError } from "@/lib/errors";
import { assertMayWrite } from "@/lib/legacy/forms";
import { legacyForm } from "@/lib/legacy/page";
import { loginUrl, url, withQuery } from "@/lib/legacy/urls";
import { renderCart } from "@/lib/legacy/views";
import { getCart } from "@/lib/services/cart";
import { checkoutCart } from "@/lib/services/orders";

export const dynamic = "force-dynamic";

/** Turns the signed-in visitor's cart into an order. */
export async function POST(request: Request) {
  return legacyForm(request, async (page) => {
    const user = page.user;
    if (!user) return page.redirect(loginUrl(url("cart")));
    assertMayWrite(user);
    const cart = await getCart(page.owner);
    if (cart.items.length === 0) return renderCart(page, { error: "Your cart is empty.", status: 409 }, cart);
    try {
      const order = await checkoutCart(user.id);
      return page.redirect(withQuery(url("orders"), { placed: order.id }));
    } catch (error) {
      // Sold out or short of stock since the cart was filled, or submitted twice: show the cart and why.
      if (!(error instanceof AppError) || error.status !== 409) throw error;
      return renderCart(page, { error: error.message, status: 409 });
    }
  });
}
