import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { jsonWithETag } from "@/lib/http/handler";
import { pagingHeaders } from "@/lib/http/pagination";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { listProducts } from "@/lib/services/products";
import { productOperations as ops } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

/** DRF-style list action: the product list with in_stock=true fixed. */
export const GET = endpoint(ops.listProductsInStock, async ({ request, ctx, query }) => {
  const inStock = { ...query, in_stock: true };
  const page = await listProducts(inStock);
  return jsonWithETag(request, page.items, { headers: pagingHeaders(ctx.url, { ...inStock, ...page }) });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
