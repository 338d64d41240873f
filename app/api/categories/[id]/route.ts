import { preflight } from "@/lib/http/cors";
import { handle, jsonWithETag, parseParam } from "@/lib/http/handler";
import { getCategory } from "@/lib/services/categories";
import { categoryRefParam } from "@/lib/validation/category";

export const dynamic = "force-dynamic";

/** A category by id (`/api/categories/3`) or slug (`/api/categories/phones`). */
export const GET = handle(async (request, ctx) => {
  return jsonWithETag(request, await getCategory(parseParam(ctx, "id", categoryRefParam)));
});

export const OPTIONS = preflight;
