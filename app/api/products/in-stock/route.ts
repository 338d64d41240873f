import { preflight } from "@/lib/http/cors";
import { handle, jsonWithETag, parseQuery } from "@/lib/http/handler";
import { pagingHeaders } from "@/lib/http/pagination";
import { listProducts } from "@/lib/services/products";
import { productQuerySchema } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

/** DRF-style list action: the product list with in_stock=true fixed. */
export const GET = handle(async (request, { url }) => {
  const query = { ...parseQuery(url, productQuerySchema), in_stock: true };
  const page = await listProducts(query);
  return jsonWithETag(request, page.items, { headers: pagingHeaders(url, { ...query, ...page }) });
});

export const OPTIONS = preflight;
