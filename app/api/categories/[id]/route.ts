import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { jsonWithETag } from "@/lib/http/handler";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { getCategory } from "@/lib/services/categories";
import { categoryOperations as ops } from "@/lib/validation/category";

export const dynamic = "force-dynamic";

/** A category by id (`/api/categories/3`) or slug (`/api/categories/phones`). */
export const GET = endpoint(ops.getCategory, async ({ request, params }) =>
  jsonWithETag(request, await getCategory(params.id)),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
