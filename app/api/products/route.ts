import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { jsonWithETag } from "@/lib/http/handler";
import { pagingHeaders } from "@/lib/http/pagination";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { createProduct, listProducts } from "@/lib/services/products";
import { productOperations as ops } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

export const GET = endpoint(ops.listProducts, async ({ request, ctx, query }) => {
  const page = await listProducts(query);
  return jsonWithETag(request, page.items, { headers: pagingHeaders(ctx.url, { ...query, ...page }) });
});

export const POST = endpoint(ops.createProduct, async ({ body }) => {
  const product = await createProduct(body);
  return Response.json(product, { status: 201, headers: { Location: `/api/products/${product.id}` } });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");

export const OPTIONS = preflight;
