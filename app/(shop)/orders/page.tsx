import type { Metadata } from "next";
import { PAGE_DESCRIPTIONS } from "@/lib/rules/descriptions";
import { redirect } from "next/navigation";
import { SWRFallback } from "@/app/(shop)/_components/swr-fallback";
import { fallbackOf, serverList, serverMe } from "@/app/_lib/server-api";
import { OrdersView } from "@/app/(shop)/orders/orders-view";
import { apiKeys, ordersPagingFrom } from "@/lib/api-client/keys";
import { signInUrl } from "@/lib/api-client/navigation";
import type { OrderJson } from "@/lib/validation/order";
import type { UserJson } from "@/lib/validation/user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your orders", description: PAGE_DESCRIPTIONS.orders };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(name, first);
  }
  const me = await serverMe<UserJson>(apiKeys.me);
  // The API says nobody is signed in: straight to sign-in, before any HTML is sent.
  if (me === null) redirect(signInUrl(`/orders${params.size ? `?${params.toString()}` : ""}`));
  const key = me ? apiKeys.orders(me.id, ordersPagingFrom(params)) : null;
  const orders = key ? await serverList<OrderJson>(key) : undefined;
  // The layout pre-loads the user too; repeating it here (one request, memoised) keeps the
  // page whole on its own.
  return (
    <SWRFallback fallback={fallbackOf({ [apiKeys.me]: me, ...(key ? { [key]: orders } : {}) })}>
      <OrdersView />
    </SWRFallback>
  );
}
