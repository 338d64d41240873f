import { notFound } from "@/lib/errors";
import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { changeOrderStatus, getOrder } from "@/lib/services/orders";
import { orderOperations as ops } from "@/lib/validation/order";

export const dynamic = "force-dynamic";

/** An order, for its owner or an admin. Anyone else gets the same 404 as for a missing order. */
export const GET = endpoint(ops.getOrder, async ({ params, user }) => {
  const order = await getOrder(params.id);
  if (order.user_id !== user.id && user.role !== "admin")
    throw notFound(`Order ${params.id} does not exist.`);
  return Response.json(order, { headers: { "Cache-Control": "private, no-store" } });
});

/** Admin: move an order along pending → paid → shipped, or cancel it (stock is restored). */
export const PATCH = endpoint(ops.changeOrderStatus, async ({ params, body }) =>
  Response.json(await changeOrderStatus(params.id, body.status)),
);

export const { POST, PUT, DELETE } = methodsNotAllowed("GET", "PATCH");

export const OPTIONS = preflight;
