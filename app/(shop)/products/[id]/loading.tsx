import { Loading } from "@/app/(shop)/_components/status";

// The loading boundary is also where a link prefetch stops: prefetching a product link loads
// this shell, not the product's data, so a list of links costs the server no page renders.
export default function ProductLoading() {
  return <Loading label="Loading the product…" />;
}
