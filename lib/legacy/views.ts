import "server-only";
import type { LegacyPage } from "@/lib/legacy/page";
import { getCart } from "@/lib/services/cart";
import { relatedProducts } from "@/lib/services/products";
import type { CartJson } from "@/lib/validation/cart";
import type { ProductJson } from "@/lib/validation/product";

// Pages that both a GET and a failed POST render (the form re-shown with its message).

export interface Notice {
  /** Shown above the content (role="alert"). */
  error?: string;
  status?: number;
}

export async function renderProductDetail(
  page: LegacyPage,
  product: ProductJson,
  notice: Notice & { added?: boolean } = {},
): Promise<Response> {
  const related = await relatedProducts(product);
  return page.render(
    "product_detail.html",
    {
      product,
      related_products: related,
      added: notice.added ?? false,
      error: notice.error,
      // Everything the inline script needs, embedded with json_script (never {{ }} in <script>).
      add_to_cart: { product_id: product.id, name: product.name },
    },
    { status: notice.status },
  );
}

export async function renderCart(page: LegacyPage, notice: Notice = {}, cart?: CartJson): Promise<Response> {
  const current = cart ?? (await getCart(page.owner));
  return page.render(
    "cart.html",
    { cart: current, error: notice.error },
    { status: notice.status, cart: current },
  );
}

export function renderLogin(
  page: LegacyPage,
  form: { email?: string; next?: string | null; error?: string; status?: number; headers?: HeadersInit },
): Promise<Response> {
  return page.render(
    "login.html",
    { email: form.email ?? "", next: form.next ?? "", error: form.error },
    { status: form.status, headers: form.headers },
  );
}
