import { Loading } from "@/app/(shop)/_components/status";

// Where a prefetch of the list stops (see products/[id]/loading.tsx).
export default function ProductsLoading() {
  return <Loading label="Loading products…" skeleton={6} />;
}
