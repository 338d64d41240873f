import "server-only";
import { db } from "@/lib/db";
import { withLease } from "@/lib/db/lease";
import { errorFields, log } from "@/lib/log";
import { IDEMPOTENCY_KEY_HOURS } from "@/lib/services/idempotency";
import { flushLegacyCalls } from "@/lib/services/legacy-usage";

// Tables that visitors make grow: guest carts (one per cookie-less add), idempotency keys (one
// per keyed write) and the per-day usage counts of deprecated endpoints. Each has a lifetime;
// one instance at a time deletes what outlived it, in small batches so no lock is held long.

/** A guest cart nobody touched for this long is gone (the cookie lives as long). */
export const GUEST_CART_DAYS = 30;
/** An empty guest cart (a visitor who added and removed, or a bot) goes after a day. */
export const EMPTY_GUEST_CART_HOURS = 24;
/** Daily usage counts of deprecated endpoints are kept this long (the dashboard shows 7 days). */
export const LEGACY_USAGE_DAYS = 90;
export const CLEANUP_INTERVAL_MS = 10 * 60_000;
const BATCH = 5_000;

export interface CleanupResult {
  guest_carts: number;
  idempotency_keys: number;
  legacy_usage_rows: number;
}

async function inBatches(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await run();
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Deletes what outlived its lifetime as of `now`. */
export async function cleanUp(now = new Date()): Promise<CleanupResult> {
  const tx = await db();
  const hours = (n: number) => new Date(now.getTime() - n * 3_600_000);
  const guestCarts = await inBatches(
    () => tx.$executeRaw`
      DELETE FROM carts WHERE id IN (
        SELECT c.id FROM carts c
        WHERE c.user_id IS NULL AND (
          c.updated_at < ${hours(GUEST_CART_DAYS * 24)}
          OR (c.updated_at < ${hours(EMPTY_GUEST_CART_HOURS)}
              AND NOT EXISTS (SELECT 1 FROM cart_items i WHERE i.cart_id = c.id))
        )
        LIMIT ${BATCH})`,
  );
  const keys = await inBatches(
    () => tx.$executeRaw`
      DELETE FROM idempotency_keys WHERE ctid IN (
        SELECT ctid FROM idempotency_keys WHERE created_at < ${hours(IDEMPOTENCY_KEY_HOURS)} LIMIT ${BATCH})`,
  );
  const usage = await tx.legacyEndpointCall.deleteMany({
    where: { day: { lt: new Date(now.getTime() - LEGACY_USAGE_DAYS * 86_400_000) } },
  });
  return { guest_carts: guestCarts, idempotency_keys: keys, legacy_usage_rows: usage.count };
}

/** One clean-up across all instances (whoever takes the lease); null if another is at it. */
export async function runCleanup(now = new Date()): Promise<CleanupResult | null> {
  await flushLegacyCalls();
  const result = await withLease("cleanup", () => cleanUp(now));
  if (!result.ran) return null;
  const { value } = result;
  if (value.guest_carts || value.idempotency_keys || value.legacy_usage_rows)
    log.info("cleaned up", { ...value });
  return value;
}

let timer: NodeJS.Timeout | null = null;

/** Starts the periodic clean-up in this process (the server calls it once at start). */
export function scheduleCleanup(intervalMs = CLEANUP_INTERVAL_MS): void {
  if (timer) return;
  timer = setInterval(() => {
    runCleanup().catch((error) => log.warn("clean-up failed; next attempt later", errorFields(error)));
  }, intervalMs);
  timer.unref();
}
