import type { Variant } from "@/lib/validation/ledger";

export { matchRoute, type RouteMatch } from "@/lib/validation/ledger";
import type { RouteState } from "@/lib/validation/migration";

// Pure routing decisions, shared by proxy.ts and the tests.

/** 0–9999: the visitor's fixed place in line for every canary. */
export type Bucket = number;

export function decideVariant(
  state: Pick<RouteState, "state" | "percent">,
  bucket: Bucket,
  override?: string | null,
): { variant: Variant; reason: "override" | "state" | "canary" } {
  if (override === "legacy" || override === "spa") return { variant: override, reason: "override" };
  if (state.state === "legacy" || state.state === "spa") return { variant: state.state, reason: "state" };
  // Buckets are uniform over 0..9999, so `percent`% of visitors land below the threshold, and
  // raising the percent only ever moves visitors legacy → SPA (nobody flips back and forth).
  return { variant: bucket < state.percent * 100 ? "spa" : "legacy", reason: "canary" };
}

/** Where a legacy request goes when no origin serves it: the built-in renderer under /legacy. */
export function legacyTarget(pathname: string, search: string): string {
  return `/legacy${pathname}${search}`;
}
