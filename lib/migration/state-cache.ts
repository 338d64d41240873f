import "server-only";
import { getCache } from "@/lib/cache";
import type { RouteState } from "@/lib/validation/migration";
import { routeStates } from "@/lib/services/migration";
import { errorFields, log } from "@/lib/log";

// The effective ledger as this instance serves it. With Redis, a change anywhere is
// announced on a channel and every instance drops its copy at once; without Redis (one
// instance), the copy simply expires after a second. proxy.ts polls it once a second, so a
// change is live everywhere within about two seconds, without a deploy or restart.

const CHANNEL = "route-states";
const holder = globalThis as typeof globalThis & {
  __cutoverStates?: { value: RouteState[]; at: number } | null;
  __cutoverStatesSubscribed?: boolean;
  __cutoverStatesSubscribeTried?: number;
};

export async function currentRouteStates(): Promise<RouteState[]> {
  const store = await getCache();
  const retryDue = Date.now() - (holder.__cutoverStatesSubscribeTried ?? 0) > 30_000;
  if (store.kind === "redis" && !holder.__cutoverStatesSubscribed && retryDue) {
    holder.__cutoverStatesSubscribeTried = Date.now();
    // Marked only once the subscription is live (within 2 s); until then the short expiry holds.
    const subscribed = store.subscribe(CHANNEL, () => {
      holder.__cutoverStates = null;
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("timed out")), 2_000).unref(),
    );
    await Promise.race([subscribed, timeout])
      .then(() => {
        holder.__cutoverStatesSubscribed = true;
      })
      .catch((error: unknown) => {
        log.warn("route-state subscription not live; falling back to short expiry", errorFields(error));
      });
  }
  const ttl = store.kind === "redis" && holder.__cutoverStatesSubscribed ? 30_000 : 1_000;
  const cached = holder.__cutoverStates;
  if (cached && Date.now() - cached.at < ttl) return cached.value;
  const value = await routeStates();
  holder.__cutoverStates = { value, at: Date.now() };
  return value;
}

export async function announceRouteChange(): Promise<void> {
  holder.__cutoverStates = null;
  try {
    await (await getCache()).publish(CHANNEL, String(Date.now()));
  } catch (error) {
    log.warn("could not announce a route change; other instances pick it up on expiry", errorFields(error));
  }
}
