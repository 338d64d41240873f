import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, jsonWithETag, parseBody, parseQuery } from "@/lib/http/handler";
import { pagingHeaders } from "@/lib/http/pagination";
import { createProduct, listProducts } from "@/lib/services/products";
import { productCreateSchema, productQuerySchema } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

export const GET = handle(async (request, { url }) => {
  const query = parseQuery(url, productQuerySchema);
  const page = await listProducts(query);
  return jsonWithETag(request, page.items, { headers: pagingHeaders(url, { ...query, ...page }) });
});

export const POST = handle(async (request) => {
  await requireRole(request, "admin");
  const product = await createProduct(await parseBody(request, productCreateSchema));
  return Response.json(product, { status: 201, headers: { Location: `/api/products/${product.id}` } });
});

export const OPTIONS = preflight;
