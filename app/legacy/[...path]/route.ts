import { notFound } from "@/lib/errors";
import { legacyView } from "@/lib/legacy/page";

export const dynamic = "force-dynamic";

/** Any other /legacy/… path: the shop's own 404 page rather than the framework's. */
export async function GET(request: Request) {
  return legacyView(request, async () => {
    throw notFound("There is no page at this address.");
  });
}
