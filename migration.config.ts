import { parseLedger } from "@/lib/validation/ledger";

// The route ledger: every page route being migrated from the legacy templates to the SPA.
// `state` is the default; the dashboard or `npm run cutover -- set` overrides it at run
// time (stored in the database) without a deploy.
const ledger = parseLedger([
  {
    id: "product-list",
    pattern: "/products",
    legacy: "product_list.html",
    spa: "app/(shop)/products",
    state: "spa",
    parity: ["name", "price"],
  },
  {
    id: "product-detail",
    pattern: "/products/[id]",
    legacy: "product_detail.html",
    spa: "app/(shop)/products/[id]",
    state: "canary",
    percent: 25,
    parity: ["name", "price", "in_stock", "description"],
    samples: "products",
  },
  {
    id: "cart",
    pattern: "/cart",
    legacy: "cart.html",
    spa: "app/(shop)/cart",
    state: "legacy",
    parity: ["line-name", "line-quantity", "line-total", "cart-total"],
    signedIn: true,
    // While an old app serving the legacy cart is down, serve the SPA cart (once parity passed).
    fallback: "spa",
  },
  {
    id: "orders",
    pattern: "/orders",
    legacy: "orders.html",
    spa: "app/(shop)/orders",
    state: "legacy",
    parity: ["order-id", "order-status", "order-total"],
    signedIn: true,
  },
]);

/** Public pages that exist only in the legacy app (the SPA's twin lives at another path: /signin). */
export const legacyOnly = ["/login"];

export default ledger;
