import { AppError } from "@/lib/errors";
import { requestIdOf } from "@/lib/http/access";
import { toProblem, problemResponse } from "@/lib/http/problem";
import { parseProductId } from "@/lib/rules/product-id";
import { productImageSvg } from "@/lib/rules/product-image";
import { productImageUrl } from "@/lib/rules/product-image-url";
import { getProduct } from "@/lib/services/products";

export const dynamic = "force-dynamic";

/**
 * GET /images/products/{id}.svg — the product's picture (lib/rules/product-image.ts). The URL
 * the pages use carries a version of what it is drawn from, so it may be cached for long, but
 * only when the version asked for is the one drawn: a stale read (another instance's cache) must
 * not be kept for a year under a newer version's URL.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const id = parseProductId(/^(\d+)\.svg$/.exec(file)?.[1]);
  try {
    if (id === null) throw new AppError(404, "Not Found", "No such image.");
    const product = await getProduct(id);
    const current = new URL(request.url).search === new URL(productImageUrl(product), request.url).search;
    return new Response(productImageSvg(product), {
      headers: {
        "Content-Type": "image/svg+xml; charset=utf-8",
        "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, no-cache",
        // Drawn here, but an SVG opened on its own is a document: it may run nothing.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    const { problem, headers } = toProblem(error, new URL(request.url).pathname, requestIdOf(request));
    return problemResponse(problem, headers);
  }
}
