import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { storedResponse } from "@/lib/http/handler";
import { pagingHeaders } from "@/lib/http/pagination";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { idempotent } from "@/lib/services/idempotency";
import { listUserOrders, placeOrder } from "@/lib/services/orders";
import { getUser } from "@/lib/services/users";
import { orderOperations as ops } from "@/lib/validation/order";

export const dynamic = "force-dynamic";

/** A user's orders, newest first: the owner or an admin only. */
export const GET = endpoint(ops.listUserOrders, async ({ ctx, params, query }) => {
  const page = await listUserOrders(params.id, query);
  return Response.json(page.items, {
    headers: {
      ...Object.fromEntries(pagingHeaders(ctx.url, { ...query, ...page, nextCursor: null })),
      "Cache-Control": "private, no-store",
    },
  });
});

/** Place an order for the user (the owner, or an admin on their behalf). Idempotency-Key supported. */
export const POST = endpoint(ops.createUserOrder, async ({ request, params, body }) => {
  const userId = params.id;
  await getUser(userId); // 404 for an admin naming a user who does not exist
  const key = request.headers.get("idempotency-key");
  const result = await idempotent(`orders:user:${userId}`, key, body, async () => ({
    status: 201,
    body: await placeOrder(userId, body.items),
  }));
  const order = result.body as { id?: number };
  return storedResponse(
    result,
    result.status === 201 && order.id ? { Location: `/api/orders/${order.id}` } : {},
  );
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");

export const OPTIONS = preflight;
