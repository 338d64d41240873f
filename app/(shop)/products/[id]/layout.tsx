import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { serverGet } from "@/app/_lib/server-api";
import { apiKeys } from "@/lib/api-client/keys";
import { parseProductId } from "@/lib/rules/product-id";

/**
 * A document request for a product that does not exist answers 404, as the legacy page does.
 * The page below streams behind its loading boundary, so by the time it knows, the status has
 * been sent; this layout asks first (the page reuses the answer: serverGet is memoised per
 * request). Client-side navigations and prefetches (RSC) skip it: they stop at the loading
 * boundary without product data, and the page shows "not found" itself.
 */
export default async function ProductLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}) {
  if ((await headers()).get("rsc") !== "1") {
    const id = parseProductId((await params).id);
    if (id === null || (await serverGet(apiKeys.product(id)))?.status === 404) notFound();
  }
  return children;
}
