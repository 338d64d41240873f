import "server-only";
import { parseProductId } from "@/lib/rules/product-id";
import { safeRedirectPath } from "@/lib/rules/safe-redirect";

// Django's reverse() for the templates: `{{ url("product_detail", product.id) }}`.
// Pages link to PUBLIC paths (the router in front picks the legacy or SPA variant);
// forms post to the legacy form handlers, which answer with 303 to public paths.

const id = (args: unknown[], name: string): string => {
  const [value] = args;
  const parsed = parseProductId(value);
  if (parsed === null) throw new Error(`NoReverseMatch: ${name} needs a numeric id, got ${String(value)}`);
  return String(parsed);
};

const ROUTES: Record<string, (args: unknown[]) => string> = {
  home: () => "/",
  product_list: () => "/products",
  product_detail: (args) => `/products/${id(args, "product_detail")}`,
  cart: () => "/cart",
  orders: () => "/orders",
  login: () => "/login",
  // form handlers
  cart_form: () => "/legacy/cart",
  checkout: () => "/legacy/checkout",
  login_form: () => "/legacy/login",
  logout: () => "/legacy/logout",
};

/** An unknown name is a template bug, so it fails loudly as Django's NoReverseMatch does. */
export function url(name: string, ...args: unknown[]): string {
  const route = ROUTES[name];
  if (!route) throw new Error(`NoReverseMatch: no route named ${JSON.stringify(name)}`);
  return route(args);
}

/** `/products` plus a query string of the non-empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The sign-in page, coming back to `next` afterwards: /login?next=/orders (slashes kept readable). */
export function loginUrl(next?: string | null): string {
  return next ? `${url("login")}?next=${encodeURIComponent(next).replace(/%2F/gi, "/")}` : url("login");
}

/** The public path this legacy request stands for: /legacy/products/5 → /products/5. */
export function publicPath(url: URL): string {
  return (url.pathname.replace(/^\/legacy(?=\/|$)/, "") || "/") + url.search;
}

/** A redirect target from a `next` parameter, only if it stays on this site (the SPA's rule too). */
export const safeNext: (value: unknown) => string | null = safeRedirectPath;
