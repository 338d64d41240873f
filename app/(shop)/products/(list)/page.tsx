import type { Metadata } from "next";
import { SWRFallback } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverList } from "@/app/_lib/server-api";
import { ProductList } from "@/app/(shop)/products/product-list";
import { apiKeys, productListQueryFrom } from "@/lib/api-client/keys";
import type { CategoryJson } from "@/lib/validation/category";
import type { ProductJson } from "@/lib/validation/product";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Products" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  // The same query → key function as the client component, so the fallback is found.
  const key = apiKeys.products(productListQueryFrom(await searchParams));
  const [list, categories] = await Promise.all([
    serverList<ProductJson>(key),
    serverData<CategoryJson[]>(apiKeys.categories),
  ]);
  return (
    <SWRFallback fallback={fallbackOf({ [key]: list, [apiKeys.categories]: categories })}>
      <ProductList />
    </SWRFallback>
  );
}
