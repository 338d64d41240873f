import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { jsonWithETag } from "@/lib/http/handler";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { deleteProduct, getProduct, updateProduct } from "@/lib/services/products";
import { productOperations as ops } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

export const GET = endpoint(ops.getProduct, async ({ request, params }) =>
  jsonWithETag(request, await getProduct(params.id)),
);

export const PUT = endpoint(ops.replaceProduct, async ({ params, body }) =>
  Response.json(await updateProduct(params.id, body)),
);

export const PATCH = endpoint(ops.updateProduct, async ({ params, body }) =>
  Response.json(await updateProduct(params.id, body)),
);

export const DELETE = endpoint(ops.deleteProduct, async ({ params }) => {
  await deleteProduct(params.id);
  return new Response(null, { status: 204 });
});

export const { POST } = methodsNotAllowed("GET", "PUT", "PATCH", "DELETE");

export const OPTIONS = preflight;
