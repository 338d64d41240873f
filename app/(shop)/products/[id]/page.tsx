import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SWRFallback } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverGet, serverList } from "@/app/_lib/server-api";
import { ProductDetail } from "@/app/(shop)/products/[id]/product-detail";
import { apiKeys, relatedQuery } from "@/lib/api-client/keys";
import type { ProductJson } from "@/lib/validation/product";
import { trackSpaRender } from "@/lib/migration/track";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

/** "12" → 12; anything else is a page that does not exist (as on the legacy side). */
function productId(raw: string): number | null {
  return /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const id = productId((await params).id);
  const product = id === null ? undefined : await serverData<ProductJson>(apiKeys.product(id));
  return { title: product?.name ?? "Product" };
}

export default async function ProductPage({ params }: { params: Params }) {
  await trackSpaRender();
  const id = productId((await params).id);
  if (id === null) notFound();
  const response = await serverGet<ProductJson>(apiKeys.product(id));
  // A real 404 status for a product the API does not have, as the legacy page answers.
  if (response?.status === 404) notFound();
  const product = response?.status === 200 ? response.data : undefined;
  const relatedKey = product?.category ? apiKeys.products(relatedQuery(product.category.slug)) : null;
  const related = relatedKey ? await serverList<ProductJson>(relatedKey) : undefined;
  return (
    <SWRFallback
      fallback={fallbackOf({
        [apiKeys.product(id)]: product,
        ...(relatedKey ? { [relatedKey]: related } : {}),
      })}
    >
      <ProductDetail productId={id} />
    </SWRFallback>
  );
}
