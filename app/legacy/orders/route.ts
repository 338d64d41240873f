import { describeIssues } from "@/lib/legacy/forms";
import { paginate } from "@/lib/legacy/pagination";
import { legacyView } from "@/lib/legacy/page";
import { loginUrl, url } from "@/lib/legacy/urls";
import { listUserOrders } from "@/lib/services/orders";
import { orderQuerySchema } from "@/lib/validation/order";

export const dynamic = "force-dynamic";

/** The signed-in visitor's orders, newest first. */
export async function GET(request: Request) {
  return legacyView(request, async (page) => {
    const user = page.user;
    if (!user) return page.redirect(loginUrl(url("orders")));
    const params = page.url.searchParams;
    const parsed = orderQuerySchema.safeParse({
      skip: params.get("skip") || undefined,
      limit: params.get("limit") || undefined,
    });
    if (!parsed.success) {
      return page.render("orders.html", { orders: [], error: describeIssues(parsed.error) }, { status: 400 });
    }
    const { skip, limit } = parsed.data;
    const result = await listUserOrders(user.id, { skip, limit });
    const placed = params.get("placed");
    return page.render("orders.html", {
      orders: result.items,
      total: result.total,
      placed: placed && /^\d{1,10}$/.test(placed) ? placed : null,
      pagination: paginate({
        path: url("orders"),
        params: {},
        total: result.total,
        skip,
        limit,
        shown: result.items.length,
      }),
    });
  });
}
