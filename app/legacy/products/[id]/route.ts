import { notFound } from "@/lib/errors";
import { legacyView } from "@/lib/legacy/page";
import { renderProductDetail } from "@/lib/legacy/views";
import { getProduct } from "@/lib/services/products";
import { idParam } from "@/lib/validation/common";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return legacyView(request, async (page) => {
    const raw = (await params).id;
    const id = /^\d+$/.test(raw) ? idParam.safeParse(raw) : null;
    // /products/abc is a page that does not exist, not a malformed request.
    if (!id?.success) throw notFound("There is no such product.");
    const product = await getProduct(id.data);
    return renderProductDetail(page, product, { added: page.url.searchParams.get("added") === "1" });
  });
}
