import { Loading } from "@/app/(shop)/_components/status";

// Where a prefetch of the list stops (see products/[id]/loading.tsx). In a route group of its
// own so that it does not also wrap the product pages: their layout must be able to answer 404
// before anything streams.
export default function ProductsLoading() {
  return <Loading label="Loading products…" skeleton={6} />;
}
