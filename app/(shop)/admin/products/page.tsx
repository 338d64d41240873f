import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SWRFallback } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverData, serverList, serverMe } from "@/app/_lib/server-api";
import { ProductAdmin } from "@/app/(shop)/admin/products/product-admin";
import { adminProductQueryFrom, apiKeys } from "@/lib/api-client/keys";
import { signInUrl } from "@/lib/api-client/navigation";
import type { CategoryJson } from "@/lib/validation/category";
import type { ProductJson } from "@/lib/validation/product";
import type { UserJson } from "@/lib/validation/user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Products admin" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Deliberately no page or layout at /admin itself: /admin/migration (app/admin) shares the prefix.
export default async function ProductAdminPage({ searchParams }: { searchParams: SearchParams }) {
  const me = await serverMe<UserJson>(apiKeys.me);
  if (me === null) redirect(signInUrl("/admin/products"));
  if (me && me.role !== "admin") {
    return (
      <SWRFallback fallback={{ [apiKeys.me]: me }}>
        <ProductAdmin />
      </SWRFallback>
    );
  }
  const key = apiKeys.products(adminProductQueryFrom(await searchParams));
  const [list, categories] = await Promise.all([
    serverList<ProductJson>(key),
    serverData<CategoryJson[]>(apiKeys.categories),
  ]);
  return (
    <SWRFallback fallback={fallbackOf({ [apiKeys.me]: me, [key]: list, [apiKeys.categories]: categories })}>
      <ProductAdmin />
    </SWRFallback>
  );
}
