import type { LedgerEntry, RouteState, Variant } from "@/lib/migration/ledger-schema";

// Pure routing decisions, shared by proxy.ts and the tests.

export interface RouteMatch {
  entry: LedgerEntry;
  params: Record<string, string>;
}

export function matchRoute(ledger: LedgerEntry[], pathname: string): RouteMatch | null {
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  for (const entry of ledger) {
    const segs = entry.pattern.split("/").filter(Boolean);
    if (segs.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++) {
      const seg = segs[i]!;
      const part = parts[i]!;
      if (seg.startsWith("[")) params[seg.slice(1, -1)] = part;
      else ok = seg === part;
    }
    if (ok) return { entry, params };
  }
  return null;
}

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

/** Where a legacy request goes: the built-in renderer under /legacy, or the external origin. */
export function legacyTarget(
  entry: LedgerEntry,
  pathname: string,
  search: string,
  legacyOrigin?: string,
): string {
  if (legacyOrigin) {
    const path = entry.legacyPath ?? pathname;
    return new URL(path + search, legacyOrigin).toString();
  }
  return `/legacy${pathname}${search}`;
}
