import { assertOwnerOrAdmin, requireRole, requireUser } from "@/lib/auth/guards";
import { preflight } from "@/lib/http/cors";
import { handle, parseBody, parseParam, parseQuery, storedResponse } from "@/lib/http/handler";
import { pagingHeaders } from "@/lib/http/pagination";
import { idempotent } from "@/lib/services/idempotency";
import { listUserOrders, placeOrder } from "@/lib/services/orders";
import { getUser } from "@/lib/services/users";
import { idParam } from "@/lib/validation/common";
import { orderCreateSchema, orderQuerySchema } from "@/lib/validation/order";

export const dynamic = "force-dynamic";

/** A user's orders, newest first: the owner or an admin only. */
export const GET = handle(async (request, ctx) => {
  const userId = parseParam(ctx, "id", idParam);
  assertOwnerOrAdmin(await requireUser(request), userId);
  const query = parseQuery(ctx.url, orderQuerySchema);
  const page = await listUserOrders(userId, query);
  return Response.json(page.items, {
    headers: {
      ...Object.fromEntries(pagingHeaders(ctx.url, { ...query, ...page, nextCursor: null })),
      "Cache-Control": "private, no-store",
    },
  });
});

/** Place an order for the user (the owner, or an admin on their behalf). Idempotency-Key supported. */
export const POST = handle(async (request, ctx) => {
  const userId = parseParam(ctx, "id", idParam);
  const caller = await requireRole(request, "user");
  assertOwnerOrAdmin(caller, userId);
  const body = await parseBody(request, orderCreateSchema);
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

export const OPTIONS = preflight;
