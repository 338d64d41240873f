import "server-only";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { memoryStore, redisStore, testPrefix, type CacheStore } from "@/lib/cache/store";

export type { CacheStore } from "@/lib/cache/store";

const holder = globalThis as typeof globalThis & { __cutoverCache?: Promise<CacheStore> };

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
  if (current) await (await current).close();
}

export async function cacheStatus(): Promise<{ kind: CacheStore["kind"]; ok: boolean }> {
  const store = await getCache();
  return { kind: store.kind, ok: await store.ping() };
}

const tagKey = (tag: string) => `tag:${tag}`;

/**
 * Read-through cache with tag invalidation. A cached value's key includes the current
 * version of each of its tags; bumping a tag's version (shared in Redis) makes every
 * instance miss at once, with nothing to broadcast. If the cache is down, the loader runs.
 */
export async function cached<T>(
  key: string,
  options: { tags: string[]; ttlSeconds: number },
  load: () => Promise<T>,
): Promise<T> {
  let store: CacheStore;
  let fullKey: string;
  try {
    store = await getCache();
    const versions = await store.getMany(options.tags.map(tagKey));
    fullKey = `v:${key}|${versions.map((v) => v ?? "0").join(".")}`;
    const hit = await store.get(fullKey);
    if (hit !== null) return JSON.parse(hit) as T;
  } catch (error) {
    log.debug("cache read failed", errorFields(error));
    return load();
  }
  const value = await load();
  store.set(fullKey, JSON.stringify(value), options.ttlSeconds).catch(() => undefined);
  return value;
}

export async function invalidateTags(...tags: string[]): Promise<void> {
  try {
    const store = await getCache();
    await Promise.all(tags.map((tag) => store.incr(tagKey(tag), 7 * 86_400)));
  } catch (error) {
    // Entries expire by TTL anyway; a write must not fail because the cache is down.
    log.warn("cache invalidation failed", { tags, ...errorFields(error) });
  }
}
