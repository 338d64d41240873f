import { AppError } from "@/lib/errors";
import { toProblem, problemResponse } from "@/lib/http/problem";
import { parseProductId } from "@/lib/rules/product-id";
import { productImageSvg } from "@/lib/rules/product-image";
import { getProduct } from "@/lib/services/products";

export const dynamic = "force-dynamic";

/**
 * GET /images/products/{id}.svg — the product's picture (lib/rules/product-image.ts). The URL
 * the pages use carries a version of what it is drawn from, so it may be cached for long.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const id = parseProductId(/^(\d+)\.svg$/.exec(file)?.[1]);
  try {
    if (id === null) throw new AppError(404, "Not Found", "No such image.");
    const svg = productImageSvg(await getProduct(id));
    return new Response(svg, {
      headers: {
        "Content-Type": "image/svg+xml; charset=utf-8",
        "Cache-Control": "public, max-age=31536000, immutable",
        // Drawn here, but an SVG opened on its own is a document: it may run nothing.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    const { problem, headers } = toProblem(error, new URL(request.url).pathname, crypto.randomUUID());
    return problemResponse(problem, headers);
  }
}
