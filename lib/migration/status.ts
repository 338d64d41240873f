import "server-only";
import { routeMetrics, type RouteMetrics } from "@/lib/migration/metrics";
import type { RouteState } from "@/lib/migration/ledger-schema";
import { currentRouteStates } from "@/lib/migration/state-cache";
import { legacyUsage, type LegacyUsage } from "@/lib/services/legacy-usage";
import {
  latestParity,
  ledgerEntries,
  routeHistory,
  type ParityRunJson,
  type RouteChange,
} from "@/lib/services/migration";

export interface MigrationStatus {
  routes: (RouteState & {
    legacy: string;
    spa: string;
    parity_fields: string[];
    parity: ParityRunJson | null;
    metrics: RouteMetrics | null;
  })[];
  legacy_endpoints: LegacyUsage[];
  history: RouteChange[];
  generated_at: string;
}

/** Everything the dashboard and `cutover status` show, in one read. */
export async function migrationStatus(): Promise<MigrationStatus> {
  const entries = ledgerEntries();
  const [states, parity, metrics, usage, history] = await Promise.all([
    currentRouteStates(),
    latestParity(),
    routeMetrics(entries.map((e) => e.pattern)),
    legacyUsage(7),
    routeHistory(50),
  ]);
  return {
    routes: states.map((s) => {
      const entry = entries.find((e) => e.pattern === s.pattern)!;
      return {
        ...s,
        legacy: entry.legacy,
        spa: entry.spa,
        parity_fields: entry.parity,
        parity: parity[s.pattern] ?? null,
        metrics: metrics.find((m) => m.pattern === s.pattern) ?? null,
      };
    }),
    legacy_endpoints: usage,
    history,
    generated_at: new Date().toISOString(),
  };
}
