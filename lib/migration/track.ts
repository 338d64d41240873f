import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import ledger from "@/migration.config";
import { recordRequest } from "@/lib/migration/metrics";

/**
 * Called at the top of an SPA page that stands for a ledger route: once the response has
 * been sent, records its server time against the route's SPA variant (proxy.ts names the
 * route in x-cutover-route). Render failures are counted by instrumentation.ts.
 */
export async function trackSpaRender(): Promise<void> {
  const started = performance.now();
  const h = await headers();
  const pattern = h.get("x-cutover-route");
  if (h.get("x-cutover-variant") !== "spa" || !ledger.some((e) => e.pattern === pattern)) return;
  after(() => recordRequest(pattern!, "spa", 200, performance.now() - started));
}
