import "server-only";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { memoryStore, redisStore, testPrefix, type CacheStore } from "@/lib/cache/store";

export type { CacheStore } from "@/lib/cache/store";

const holder = globalThis as typeof globalThis & {
  __cutoverCache?: Promise<CacheStore>;
  __cutoverPendingTags?: Set<string>;
};

/** The process's cache store, created on first use. */
export function getCache(): Promise<CacheStore> {
  if (!holder.__cutoverCache) {
    const { REDIS_URL, REDIS_PREFIX, NODE_ENV } = env();
    holder.__cutoverCache = REDIS_URL
      ? redisStore(REDIS_URL, NODE_ENV === "test" ? testPrefix() : REDIS_PREFIX)
      : Promise.resolve(memoryStore());
  }
  return holder.__cutoverCache;
}

export function installCache(store: CacheStore): void {
  holder.__cutoverCache = Promise.resolve(store);
}

export async function closeCache(): Promise<void> {
  const current = holder.__cutoverCache;
  holder.__cutoverCache = undefined;
  pendingTags.clear();
  if (current) await (await current).close();
}

export async function cacheStatus(): Promise<{ kind: CacheStore["kind"]; ok: boolean }> {
  const store = await getCache();
  return { kind: store.kind, ok: await store.ping() };
}

const tagKey = (tag: string) => `tag:${tag}`;

// Tags whose invalidation failed (Redis down, frozen or split off). Until a bump of each
// succeeds, this instance reads around the cache for them (the entries under the old version
// may be stale), and it retries the bump: on the next read of the tag, and every second in
// the background, so other instances stop serving the old value soon after the link returns.
// On globalThis: proxy.ts and the route handlers may be separate bundles in one process.
const pendingTags = (holder.__cutoverPendingTags ??= new Set<string>());
const PENDING_RETRY_MS = 1_000;
let retrying: Promise<void> | null = null;
let retryTimer: NodeJS.Timeout | null = null;

function scheduleRetry(): void {
  if (retryTimer || !pendingTags.size) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void retryPending().finally(scheduleRetry);
  }, PENDING_RETRY_MS);
  retryTimer.unref();
}

/** Bumps the tags whose invalidation failed (one attempt at a time). */
function retryPending(): Promise<void> {
  if (!pendingTags.size) return Promise.resolve();
  retrying ??= (async () => {
    try {
      const store = await getCache();
      for (const tag of [...pendingTags]) {
        await store.incr(tagKey(tag), TAG_TTL_SECONDS);
        pendingTags.delete(tag);
      }
      log.info("pending cache invalidations applied");
    } catch {
      // still unreachable: keep reading around the cache for these tags
    } finally {
      retrying = null;
    }
  })();
  return retrying;
}

async function bypassed(tags: string[]): Promise<boolean> {
  if (!tags.some((t) => pendingTags.has(t))) return false;
  await retryPending();
  return tags.some((t) => pendingTags.has(t));
}

const TAG_TTL_SECONDS = 7 * 86_400;

export interface TaggedEntry {
  /** What is stored under the key at its tags' current versions, or null. */
  value: string | null;
  /** Stores a value under the same versions (a write meanwhile makes it unreachable). */
  put(value: string, ttlSeconds: number): Promise<void>;
}

/**
 * One key at the current version of each of its tags. The versions are read before the value
 * is made, so a value built while a write happens lands under the old versions, where nobody
 * reads any more. null when the cache cannot be reached (the caller works uncached).
 */
export async function taggedEntry(key: string, tags: string[]): Promise<TaggedEntry | null> {
  try {
    if (await bypassed(tags)) return null;
    const store = await getCache();
    const versions = await store.getMany(tags.map(tagKey));
    const fullKey = `v:${key}|${versions.map((v) => v ?? "0").join(".")}`;
    return {
      value: await store.get(fullKey),
      put: (value, ttlSeconds) => store.set(fullKey, value, ttlSeconds),
    };
  } catch (error) {
    log.debug("cache read failed", errorFields(error));
    return null;
  }
}

/**
 * Read-through cache with tag invalidation. A cached value's key includes the current
 * version of each of its tags; bumping a tag's version (shared in Redis) makes every
 * instance miss at once, with nothing to broadcast. If the cache is down, the loader runs.
 */
export async function cached<T>(
  key: string,
  options: {
    tags: string[];
    ttlSeconds: number;
    /** Kept with READ_CACHE=off too: a memo of an aggregate (a list's total), not a response. */
    always?: boolean;
  },
  load: () => Promise<T>,
): Promise<T> {
  if (!options.always && env().READ_CACHE === "off") return load();
  const entry = await taggedEntry(key, options.tags);
  if (entry?.value != null) return JSON.parse(entry.value) as T;
  const value = await load();
  entry?.put(JSON.stringify(value), options.ttlSeconds).catch(() => undefined);
  return value;
}

export async function invalidateTags(...tags: string[]): Promise<void> {
  const failed: string[] = [];
  const store = await getCache().catch(() => null);
  await Promise.all(
    tags.map(async (tag) => {
      try {
        if (!store) throw new Error("cache unavailable");
        await store.incr(tagKey(tag), TAG_TTL_SECONDS);
        pendingTags.delete(tag);
      } catch {
        failed.push(tag);
      }
    }),
  );
  if (failed.length) {
    // A write must not fail because the cache is down, and the invalidation must not be lost:
    // the entries under the old version would be served again once Redis answers.
    for (const tag of failed) pendingTags.add(tag);
    log.warn("cache invalidation failed; reading around the cache until it is retried", { tags: failed });
    scheduleRetry();
  }
}
