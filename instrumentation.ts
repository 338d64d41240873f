/**
 * Once per server process, before any request: every request gets the client's address worked
 * out from its socket and the trusted proxies (lib/client-address.ts), shop pages get a
 * Cache-Control the back/forward cache accepts (lib/http/page-headers.ts), ledger page responses
 * are counted for the migration dashboard, and the periodic clean-up and rollout evaluation start.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ env }, { installClientAddressHeader, trustedProxies }] = await Promise.all([
    import("@/lib/env"),
    import("@/lib/client-address"),
  ]);
  // Fail fast: a misconfigured server stops here, naming each variable (lib/fail-fast.ts).
  (await import("@/lib/fail-fast")).exitOnInvalidConfig();
  await installClientAddressHeader(trustedProxies(env().trustedProxies));
  // Request ids, security headers and one access-log line per request.
  const { installAccess } = await import("@/lib/http/access");
  await installAccess();
  // Shop pages leave without no-store, so Back restores them from the browser's cache.
  const { installPageHeaders } = await import("@/lib/http/page-headers");
  await installPageHeaders();
  // Page views of ledger routes, per variant, counted once when each response is sent.
  const { installPageMetrics } = await import("@/lib/services/metrics");
  await installPageMetrics();
  // Expired guest carts, idempotency keys and old usage counts (one instance at a time).
  const { scheduleCleanup } = await import("@/lib/services/maintenance");
  scheduleCleanup();
  // Guarded rollouts: every ROLLOUT_EVAL_SECONDS, one instance at a time.
  const { scheduleRolloutEvaluation } = await import("@/lib/migration/rollout");
  scheduleRolloutEvaluation();
}
