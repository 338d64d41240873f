import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { jsonWithETag } from "@/lib/http/handler";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { listCategories } from "@/lib/services/categories";
import { categoryOperations as ops } from "@/lib/validation/category";

export const dynamic = "force-dynamic";

export const GET = endpoint(ops.listCategories, async ({ request }) => {
  const categories = await listCategories();
  return jsonWithETag(request, categories, { headers: { "X-Total-Count": String(categories.length) } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
