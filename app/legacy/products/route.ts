import { describeIssues } from "@/lib/legacy/forms";
import { paginate } from "@/lib/legacy/pagination";
import { legacyView } from "@/lib/legacy/page";
import { url, withQuery } from "@/lib/legacy/urls";
import { PRODUCT_ORDERING_CHOICES as ORDERINGS } from "@/lib/rules/orderings";
import { listCategories } from "@/lib/services/categories";
import { listProducts } from "@/lib/services/products";
import { productQuerySchema } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

const FILTERS = ["search", "category", "min_price", "max_price", "in_stock"] as const;

/** The catalogue: category filter, search, ordering, skip/limit pages. */
export async function GET(request: Request) {
  return legacyView(request, async (page) => {
    const raw: Record<string, string> = {};
    for (const [key, value] of page.url.searchParams) if (!(key in raw) && value !== "") raw[key] = value;
    // These pages page with skip/limit; cursors belong to the API.
    delete raw.cursor;
    const form = {
      search: raw.search,
      category: raw.category,
      ordering: raw.ordering,
      limit: raw.limit,
      min_price: raw.min_price,
      max_price: raw.max_price,
      in_stock: raw.in_stock,
    };
    // The SPA list's links, same targets (app/(shop)/products/product-list.tsx).
    const filtered = FILTERS.some((name) => raw[name] !== undefined);
    const clearUrl = withQuery(url("product_list"), { ordering: raw.ordering, limit: raw.limit });
    const categories = await listCategories();
    const parsed = productQuerySchema.safeParse(raw);
    if (!parsed.success) {
      return page.render(
        "product_list.html",
        {
          products: [],
          total: 0,
          categories,
          query: form,
          orderings: ORDERINGS,
          filtered,
          clear_url: clearUrl,
          error: describeIssues(parsed.error),
        },
        { status: 400 },
      );
    }
    const query = parsed.data;
    const result = await listProducts(query);
    const pagination = paginate({
      path: url("product_list"),
      params: {
        search: query.search,
        category: query.category,
        ordering: query.ordering === "id" ? undefined : query.ordering,
        in_stock: raw.in_stock,
        min_price: raw.min_price,
        max_price: raw.max_price,
      },
      total: result.total,
      skip: query.skip,
      limit: query.limit,
      shown: result.items.length,
    });
    return page.render("product_list.html", {
      products: result.items,
      total: result.total,
      categories,
      query: { ...form, limit: String(query.limit) },
      orderings: ORDERINGS,
      pagination,
      filtered,
      clear_url: clearUrl,
      // Asked for a page after the last one: the way back to the first.
      first_page_url: query.skip > 0 && result.total > 0 ? withQuery(url("product_list"), form) : null,
    });
  });
}
