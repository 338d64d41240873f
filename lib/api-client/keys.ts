import { DEFAULT_PRODUCT_ORDERING } from "@/lib/rules/orderings";
import { DEFAULT_LIMIT, parseCount } from "@/lib/rules/paging";

// SWR keys are the API paths themselves, built the same way by the hooks (in the browser)
// and by the server pages that pre-load SWR's fallback, so the two always agree. Pure: no
// browser or server APIs, importable from both.

/** The product-list parameters the shop's URLs and the API share, as they appear in a URL. */
export const PRODUCT_LIST_PARAMS = [
  "search",
  "category",
  "min_price",
  "max_price",
  "in_stock",
  "ordering",
  "skip",
  "limit",
] as const;
export type ProductListParam = (typeof PRODUCT_LIST_PARAMS)[number];
export type ProductListQuery = Partial<Record<ProductListParam, string>>;

/** Values that mean "not set": leaving them out keeps one URL (and one SWR key) per list. */
const DEFAULTS: ProductListQuery = { ordering: DEFAULT_PRODUCT_ORDERING, skip: "0" };

type ParamSource =
  URLSearchParams | { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function read(source: ParamSource, name: string): string | undefined {
  if (typeof (source as URLSearchParams).get === "function") {
    return (source as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/** From the page's query string (useSearchParams() or a server page's searchParams). */
export function productListQueryFrom(source: ParamSource): ProductListQuery {
  const query: ProductListQuery = {};
  for (const name of PRODUCT_LIST_PARAMS) {
    const value = read(source, name)?.trim();
    if (value && value !== DEFAULTS[name]) query[name] = value;
  }
  // The API reads true/1/yes and false/0/no (false: only sold-out products); keep the
  // meaning of a link written either way, in one spelling. Anything else is no filter.
  if (query.in_stock !== undefined) {
    const v = query.in_stock.toLowerCase();
    if (["true", "1", "yes"].includes(v)) query.in_stock = "true";
    else if (["false", "0", "no"].includes(v)) query.in_stock = "false";
    else delete query.in_stock;
  }
  return query;
}

/** "search=phone&ordering=-price": fixed parameter order, no empty or default values. */
export function productListSearch(query: ProductListQuery): string {
  const params = new URLSearchParams();
  for (const name of PRODUCT_LIST_PARAMS) {
    const value = query[name];
    if (value !== undefined && value !== "" && value !== DEFAULTS[name]) params.set(name, value);
  }
  return params.toString();
}

export interface ListPaging {
  skip?: number;
  limit?: number;
}

function pagingSearch({ skip, limit }: ListPaging): string {
  const params = new URLSearchParams();
  if (skip) params.set("skip", String(skip));
  if (limit !== undefined) params.set("limit", String(limit));
  const s = params.toString();
  return s ? `?${s}` : "";
}

export const apiKeys = {
  products(query: ProductListQuery): string {
    const search = productListSearch(query);
    return search ? `/api/products?${search}` : "/api/products";
  },
  product(id: number): string {
    return `/api/products/${id}`;
  },
  categories: "/api/categories",
  cart: "/api/cart",
  /** Who is signed in (WhoAmI, unwrapped to the user or null by useMe and serverMe). */
  me: "/api/session/user",
  orders(userId: number, paging: ListPaging = {}): string {
    return `/api/users/${userId}/orders${pagingSearch(paging)}`;
  },
} as const;

/** Every product-list and product key: what to revalidate after a catalogue write. */
export function isProductKey(key: unknown): boolean {
  return (
    typeof key === "string" &&
    (key === "/api/products" || key.startsWith("/api/products?") || key.startsWith("/api/products/"))
  );
}

/** The API's own default page size (lib/rules/paging.ts, which its schemas use too). */
export const API_DEFAULT_LIMIT: number = DEFAULT_LIMIT;

/** A non-negative integer from a URL value, or the fallback (the API answers 422 for junk). */
export function intParam(value: string | null | undefined, fallback: number): number {
  return parseCount(value) ?? fallback;
}

/** Products of the same category for a detail page: one more than shown, as the page drops itself. */
export function relatedQuery(categorySlug: string): ProductListQuery {
  return { category: categorySlug, limit: "6" };
}

/** The orders page's paging from its URL (skip/limit, as the legacy page); defaults left out. */
export function ordersPagingFrom(params: { get(name: string): string | null }): ListPaging {
  const skip = intParam(params.get("skip"), 0);
  const limit = params.get("limit");
  return { skip, ...(limit && /^\d{1,3}$/.test(limit) ? { limit: Number(limit) } : {}) };
}

/** The admin product table: by id, a bigger page, optional search; skip from the URL. */
export const ADMIN_PAGE_SIZE = "20";
export function adminProductQueryFrom(source: ParamSource): ProductListQuery {
  const { search, skip } = productListQueryFrom(source);
  return { search, skip, limit: ADMIN_PAGE_SIZE };
}
