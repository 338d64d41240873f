import { notFound } from "@/lib/errors";
import { legacyView } from "@/lib/legacy/page";
import { renderProductDetail } from "@/lib/legacy/views";
import { parseProductId } from "@/lib/rules/product-id";
import { getProduct } from "@/lib/services/products";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return legacyView(request, async (page) => {
    // /products/abc is a page that does not exist, not a malformed request (the SPA page's rule too).
    const id = parseProductId((await params).id);
    if (id === null) throw notFound("There is no such product.");
    const product = await getProduct(id);
    return renderProductDetail(page, product, { added: page.url.searchParams.get("added") === "1" });
  });
}
