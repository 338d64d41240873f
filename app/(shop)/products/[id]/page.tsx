import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SWRFallback } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverGet, serverList } from "@/app/_lib/server-api";
import { ProductDetail } from "@/app/(shop)/products/[id]/product-detail";
import { apiKeys, relatedQuery } from "@/lib/api-client/keys";
import { productDescription } from "@/lib/rules/descriptions";
import { parseProductId } from "@/lib/rules/product-id";
import type { ProductJson } from "@/lib/validation/product";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const id = parseProductId((await params).id);
  const product = id === null ? undefined : await serverData<ProductJson>(apiKeys.product(id));
  return product ? { title: product.name, description: productDescription(product) } : { title: "Product" };
}

export default async function ProductPage({ params }: { params: Params }) {
  // Not a product id (the legacy page's rule too): a page that does not exist.
  const id = parseProductId((await params).id);
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
