import { requireRole, requireUser } from "@/lib/auth/guards";
import { notFound } from "@/lib/errors";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseParam } from "@/lib/http/handler";
import { changeOrderStatus, getOrder } from "@/lib/services/orders";
import { idParam } from "@/lib/validation/common";
import { orderStatusPatchSchema } from "@/lib/validation/order";

export const dynamic = "force-dynamic";

/** An order, for its owner or an admin. Anyone else gets the same 404 as for a missing order. */
export const GET = handle(async (request, ctx) => {
  const id = parseParam(ctx, "id", idParam);
  const user = await requireUser(request);
  const order = await getOrder(id);
  if (order.user_id !== user.id && user.role !== "admin") throw notFound(`Order ${id} does not exist.`);
  return Response.json(order, { headers: { "Cache-Control": "private, no-store" } });
});

/** Admin: move an order along pending → paid → shipped, or cancel it (stock is restored). */
export const PATCH = handle(async (request, ctx) => {
  const id = parseParam(ctx, "id", idParam);
  await requireRole(request, "admin");
  const { status } = await parseBody(request, orderStatusPatchSchema);
  return Response.json(await changeOrderStatus(id, status));
});

export const OPTIONS = preflight;
