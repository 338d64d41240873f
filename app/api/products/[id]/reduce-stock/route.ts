import { requireRole } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseParam } from "@/lib/http/handler";
import { reduceStock } from "@/lib/services/products";
import { idParam } from "@/lib/validation/common";
import { reduceStockSchema } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

/** DRF-style action: take `quantity` off the stock atomically; 409 when there is not enough. */
export const POST = handle(async (request, ctx) => {
  const id = parseParam(ctx, "id", idParam);
  await requireRole(request, "admin");
  const { quantity } = await parseBody(request, reduceStockSchema);
  return Response.json(await reduceStock(id, quantity));
});

export const OPTIONS = preflight;
