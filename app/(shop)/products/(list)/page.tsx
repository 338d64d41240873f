import type { Metadata } from "next";
import { SWRFallback } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverList } from "@/app/_lib/server-api";
import { ProductList } from "@/app/(shop)/products/product-list";
import { apiKeys, productListQueryFrom } from "@/lib/api-client/keys";
import { productListDescription, SHOP_DESCRIPTION } from "@/lib/rules/descriptions";
import type { CategoryJson } from "@/lib/validation/category";
import type { ProductJson } from "@/lib/validation/product";

export const dynamic = "force-dynamic";
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  // The page's own read (memoised per request): the count the page shows.
  const query = productListQueryFrom(await searchParams);
  const list = await serverList<ProductJson>(apiKeys.products(query));
  return {
    title: "Products",
    description: list ? productListDescription(list.total, query.search) : SHOP_DESCRIPTION,
  };
}

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
