import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, jsonWithETag, parseBody, parseParam } from "@/lib/http/handler";
import { deleteProduct, getProduct, updateProduct } from "@/lib/services/products";
import { idParam } from "@/lib/validation/common";
import { productPatchSchema, productReplaceSchema } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

export const GET = handle(async (request, ctx) => {
  const product = await getProduct(parseParam(ctx, "id", idParam));
  return jsonWithETag(request, product);
});

export const PUT = handle(async (request, ctx) => {
  const id = parseParam(ctx, "id", idParam);
  await requireRole(request, "admin");
  return Response.json(await updateProduct(id, await parseBody(request, productReplaceSchema)));
});

export const PATCH = handle(async (request, ctx) => {
  const id = parseParam(ctx, "id", idParam);
  await requireRole(request, "admin");
  return Response.json(await updateProduct(id, await parseBody(request, productPatchSchema)));
});

export const DELETE = handle(async (request, ctx) => {
  const id = parseParam(ctx, "id", idParam);
  await requireRole(request, "admin");
  await deleteProduct(id);
  return new Response(null, { status: 204 });
});

export const OPTIONS = preflight;
