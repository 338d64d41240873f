import { preflight } from "@/lib/http/cors";
import { handle, jsonWithETag } from "@/lib/http/handler";
import { listCategories } from "@/lib/services/categories";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const categories = await listCategories();
  return jsonWithETag(request, categories, { headers: { "X-Total-Count": String(categories.length) } });
});

export const OPTIONS = preflight;
