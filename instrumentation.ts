/**
 * Once per server process, before any request: every request gets the client's address worked
 * out from its socket and the trusted proxies (lib/client-address.ts), and the periodic
 * clean-up starts.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ env }, { installClientAddressHeader, trustedProxies }] = await Promise.all([
    import("@/lib/env"),
    import("@/lib/client-address"),
  ]);
  await installClientAddressHeader(trustedProxies(env().trustedProxies));
  // Expired guest carts, idempotency keys and old usage counts (one instance at a time).
  const { scheduleCleanup } = await import("@/lib/services/maintenance");
  scheduleCleanup();
}

// Next calls this for errors thrown while rendering a page or running a handler. SPA page
// failures count as 5xx of the route's SPA variant on the migration dashboard.
export async function onRequestError(
  error: unknown,
  request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
  context: { routeType: string },
) {
  // NEXT_RUNTIME is a build-time constant Next inlines (not configuration): it keeps the
  // Node-only metrics code out of the edge bundle Next also compiles this file for.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (context.routeType !== "render" || request.headers["x-cutover-variant"] !== "spa") return;
  // trackSpaRender() already counted the request; this adds its failure.
  const { recordPageError } = await import("@/lib/services/metrics");
  await recordPageError(new URL(request.path, "http://app").pathname, "spa");
}
