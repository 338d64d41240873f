import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import ledger from "@/migration.config";
import { isInternalToken, ROUTED_HEADER } from "@/lib/auth/internal-token";
import { recordRequest } from "@/lib/services/metrics";

/**
 * Called at the top of an SPA page that stands for a ledger route: once the response has
 * been sent, records its server time against the route's SPA variant (proxy.ts names the
 * route in x-cutover-route). Render failures are counted by instrumentation.ts.
 */
export async function trackSpaRender(): Promise<void> {
  const started = performance.now();
  const h = await headers();
  // proxy.ts names the route's pattern on the request and its id on the response, and Next
  // copies the proxy's response headers onto the request the page sees: accept either.
  const route = h.get("x-cutover-route");
  const entry = ledger.find((e) => e.pattern === route || e.id === route);
  // Only what the router itself set counts (a visitor can send x-cutover-* headers to a path
  // the router never sees); the page cache's own renders are counted by the router.
  if (!isInternalToken(h.get(ROUTED_HEADER))) return;
  if (h.get("x-cutover-variant") !== "spa" || !entry || h.has("x-cutover-render")) return;
  after(() => recordRequest(entry.pattern, "spa", 200, performance.now() - started));
}
