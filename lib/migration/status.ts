import "server-only";
import { routeMetrics } from "@/lib/services/metrics";
import { currentRouteStates } from "@/lib/migration/state-cache";
import { originHealth } from "@/lib/migration/origin-health";
import { legacyUsage } from "@/lib/services/legacy-usage";
import { latestParity, ledgerEntries, routeHistory } from "@/lib/services/migration";
import type { MigrationStatus } from "@/lib/validation/migration";

/** Everything the dashboard and `cutover status` show, in one read. */
export async function migrationStatus(): Promise<MigrationStatus> {
  const entries = ledgerEntries();
  const [states, parity, metrics, usage, history, origins] = await Promise.all([
    currentRouteStates(),
    latestParity(),
    routeMetrics(entries.map((e) => e.pattern)),
    legacyUsage(7),
    routeHistory(50),
    originHealth(),
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
    origins,
    legacy_endpoints: usage,
    history,
    generated_at: new Date().toISOString(),
  };
}
