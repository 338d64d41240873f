import { AppError } from "@/lib/errors";
import { assertMayWrite, cartFormSchema, describeIssues } from "@/lib/legacy/forms";
import { legacyForm, legacyView } from "@/lib/legacy/page";
import { url } from "@/lib/legacy/urls";
import { renderCart, renderProductDetail } from "@/lib/legacy/views";
import { addItem, removeItem, setItemQuantity } from "@/lib/services/cart";
import { getProduct } from "@/lib/services/products";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return legacyView(request, (page) => renderCart(page));
}

/** The no-JS cart form: action=add|update|remove, product_id, quantity. */
export async function POST(request: Request) {
  return legacyForm(request, async (page, form) => {
    assertMayWrite(page.user);
    const parsed = cartFormSchema.safeParse(form.filled());
    if (!parsed.success) return renderCart(page, { error: describeIssues(parsed.error), status: 422 });
    const input = parsed.data;

    if (input.action === "add") {
      try {
        const cart = await addItem(page.owner, input.product_id, input.quantity);
        return page.redirect(`${url("product_detail", input.product_id)}?added=1`, { cart });
      } catch (error) {
        // Sold out or not enough left: the product page again, with the reason.
        if (!(error instanceof AppError) || error.status === 404) throw error;
        const product = await getProduct(input.product_id);
        return renderProductDetail(page, product, { error: error.message, status: error.status });
      }
    }

    try {
      const cart =
        input.action === "remove" || input.quantity === 0
          ? await removeItem(page.owner, input.product_id)
          : await setItemQuantity(page.owner, input.product_id, input.quantity);
      return page.redirect(url("cart"), { cart });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return renderCart(page, { error: error.message, status: error.status });
    }
  });
}
