import "server-only";
import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Redis as RedisClient } from "ioredis";
import { errorFields, log } from "@/lib/log";

/** The one cache interface: Redis when configured, an in-process LRU otherwise. */
export interface CacheStore {
  readonly kind: "redis" | "memory";
  get(key: string): Promise<string | null>;
  getMany(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Atomic counter; the TTL is set when the key is created. */
  incr(key: string, ttlSeconds: number, by?: number): Promise<number>;
  /** Adds to several counters of one hash at once (one key per minute of metrics). */
  hincr(key: string, fields: Record<string, number>, ttlSeconds: number): Promise<void>;
  /** Many hashes in one round trip; missing keys come back as {}. */
  hgetallMany(keys: string[]): Promise<Record<string, number>[]>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Thrown without contacting Redis while the circuit breaker is open. */
export class CacheUnavailableError extends Error {
  constructor() {
    super("cache unavailable (circuit open)");
    this.name = "CacheUnavailableError";
  }
}

// A frozen Redis answers nothing: each command waits out commandTimeout. After this many
// failures in a row, calls fail at once for BREAKER_OPEN_MS, then one probe is let through;
// its success closes the breaker, its failure opens it again. Loopback Redis answers in
// well under a millisecond, so 500 ms is a hung server, not a slow one.
export const COMMAND_TIMEOUT_MS = 500;
export const BREAKER_THRESHOLD = 3;
export const BREAKER_OPEN_MS = 2_000;

export interface Breaker {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly open: boolean;
}

export function circuitBreaker(
  options: {
    threshold?: number;
    openMs?: number;
    onOpen?: () => void;
    /** Called when a probe succeeds after the breaker had opened. */
    onClose?: () => void;
    openError?: () => Error;
  } = {},
): Breaker {
  const threshold = options.threshold ?? BREAKER_THRESHOLD;
  const openMs = options.openMs ?? BREAKER_OPEN_MS;
  let failures = 0;
  let openUntil = 0;
  let probing = false;
  return {
    get open() {
      return failures >= threshold && (Date.now() < openUntil || probing);
    },
    async run(work) {
      const tripped = failures >= threshold;
      if (tripped && (Date.now() < openUntil || probing)) {
        throw options.openError?.() ?? new CacheUnavailableError();
      }
      const probe = tripped;
      if (probe) probing = true;
      try {
        const result = await work();
        failures = 0;
        if (tripped) options.onClose?.();
        return result;
      } catch (error) {
        failures++;
        if (failures >= threshold) {
          if (failures === threshold || probe) options.onOpen?.();
          openUntil = Date.now() + openMs;
        }
        throw error;
      } finally {
        if (probe) probing = false;
      }
    },
  };
}

/** What the in-process cache may hold in cached values (responses), by default. */
export const MEMORY_CACHE_BYTES = 64 * 1024 * 1024;
/** How many counters (sign-in and sign-up throttles, tag versions) it keeps. */
export const MEMORY_COUNTERS = 200_000;

/**
 * The in-process store for a single instance without Redis. Cached values are bounded by
 * their size in bytes (visitors choose the keys: every distinct list query is an entry), and
 * live apart from the counters, so a flood of cheap reads can evict other reads but never a
 * sign-in throttle or a tag version.
 */
export function memoryStore(options: { maxBytes?: number; maxCounters?: number } = {}): CacheStore {
  const maxBytes = options.maxBytes ?? MEMORY_CACHE_BYTES;
  const values = new LRUCache<string, string>({
    maxSize: maxBytes,
    // UTF-16 in memory: two bytes per code unit, the key too.
    sizeCalculation: (value, key) => (value.length + key.length) * 2 || 1,
    maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
    ttlAutopurge: false,
  });
  const counters = new LRUCache<string, number>({
    max: options.maxCounters ?? MEMORY_COUNTERS,
    ttlAutopurge: false,
  });
  const hashes = new LRUCache<string, Record<string, number>>({ max: 50_000, ttlAutopurge: false });
  const listeners = new Map<string, Set<(message: string) => void>>();
  const read = (key: string): string | null => {
    const value = values.get(key);
    if (value !== undefined) return value;
    const count = counters.get(key);
    return count === undefined ? null : String(count);
  };
  return {
    kind: "memory",
    async get(key) {
      return read(key);
    },
    async getMany(keys) {
      return keys.map(read);
    },
    async set(key, value, ttlSeconds) {
      values.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    async del(key) {
      values.delete(key);
      counters.delete(key);
    },
    async incr(key, ttlSeconds, by = 1) {
      const current = counters.get(key);
      const next = (current ?? 0) + by;
      if (current === undefined) counters.set(key, next, { ttl: ttlSeconds * 1000 });
      else counters.set(key, next, { noUpdateTTL: true });
      return next;
    },
    async hincr(key, fields, ttlSeconds) {
      const hash = hashes.get(key);
      if (!hash) {
        hashes.set(key, { ...fields }, { ttl: ttlSeconds * 1000 });
        return;
      }
      for (const [f, n] of Object.entries(fields)) hash[f] = (hash[f] ?? 0) + n;
    },
    async hgetallMany(keys) {
      return keys.map((k) => ({ ...(hashes.get(k) ?? {}) }));
    },
    async publish(channel, message) {
      for (const listener of listeners.get(channel) ?? []) listener(message);
    },
    async subscribe(channel, onMessage) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage);
      listeners.set(channel, set);
      return () => set.delete(onMessage);
    },
    async ping() {
      return true;
    },
    async close() {
      values.clear();
      counters.clear();
      hashes.clear();
      listeners.clear();
    },
  };
}

export async function redisStore(url: string, prefix: string): Promise<CacheStore> {
  const { Redis } = await import("ioredis");
  const options = {
    keyPrefix: prefix,
    lazyConnect: false,
    // Fail fast while Redis is down (callers degrade to uncached) instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // A stopped or partitioned Redis keeps the connection open and answers nothing.
    commandTimeout: COMMAND_TIMEOUT_MS,
    // Short waits between reconnects: cheap on loopback, and close() never waits long.
    retryStrategy: (times: number) => Math.min(times * 100, 500),
  };
  const client: RedisClient = new Redis(url, options);
  const breaker = circuitBreaker({
    onOpen: () => log.warn("redis not answering; skipping the cache for a moment"),
  });
  // ioredis' commandTimeout covers single commands; the timer also bounds MULTI/pipelines.
  const guarded = <T>(work: () => Promise<T>) =>
    breaker.run(() => withTimeout(work(), COMMAND_TIMEOUT_MS + 100));
  let subscriber: RedisClient | undefined;
  const handlers = new Map<string, Set<(message: string) => void>>();
  let lastWarning = 0;
  const onError = (error: unknown) => {
    // ioredis reconnects by itself; log at most once a minute, never crash.
    if (Date.now() - lastWarning > 60_000) {
      lastWarning = Date.now();
      log.warn("redis unavailable; serving without cache", errorFields(error));
    }
  };
  client.on("error", onError);
  // Give the first connection a moment so the first requests are cached; if Redis is
  // down, go on uncached and let ioredis keep reconnecting in the background.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });

  async function ensureSubscriber(): Promise<RedisClient> {
    if (subscriber) return subscriber;
    const sub = new Redis(url, {
      ...options,
      // Subscriptions wait for messages; a timeout would only break SUBSCRIBE on a slow start.
      commandTimeout: undefined,
      keyPrefix: undefined,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    sub.on("error", onError);
    sub.on("message", (channel: string, message: string) => {
      for (const handler of handlers.get(channel) ?? []) handler(message);
    });
    subscriber = sub;
    return sub;
  }

  return {
    kind: "redis",
    get: (key) => guarded(() => client.get(key)),
    async getMany(keys) {
      return keys.length ? guarded(() => client.mget(...keys)) : [];
    },
    async set(key, value, ttlSeconds) {
      await guarded(() => client.set(key, value, "EX", Math.max(1, Math.round(ttlSeconds))));
    },
    async del(key) {
      await guarded(() => client.del(key));
    },
    async incr(key, ttlSeconds, by = 1) {
      const [[error, value] = [null, 0]] =
        (await guarded(() =>
          client
            .multi()
            .incrby(key, by)
            .expire(key, Math.max(1, Math.round(ttlSeconds)), "NX")
            .exec(),
        )) ?? [];
      if (error) throw error;
      return Number(value);
    },
    async hincr(key, fields, ttlSeconds) {
      await guarded(() => {
        const multi = client.multi();
        for (const [f, n] of Object.entries(fields)) multi.hincrby(key, f, n);
        multi.expire(key, Math.max(1, Math.round(ttlSeconds)), "NX");
        return multi.exec();
      });
    },
    async hgetallMany(keys) {
      if (!keys.length) return [];
      const results =
        (await guarded(() => {
          const pipeline = client.pipeline();
          for (const k of keys) pipeline.hgetall(k);
          return pipeline.exec();
        })) ?? [];
      return results.map(([error, value]) => {
        if (error || !value) return {};
        return Object.fromEntries(
          Object.entries(value as Record<string, string>).map(([f, v]) => [f, Number(v)]),
        );
      });
    },
    async publish(channel, message) {
      await guarded(() => client.publish(prefix + channel, message));
    },
    async subscribe(channel, onMessage) {
      const full = prefix + channel;
      const sub = await ensureSubscriber();
      const set = handlers.get(full) ?? new Set();
      set.add(onMessage);
      handlers.set(full, set);
      await sub.subscribe(full);
      return () => {
        set.delete(onMessage);
      };
    },
    async ping() {
      try {
        return (await guarded(() => client.ping())) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      client.disconnect();
      subscriber?.disconnect();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis command timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function testPrefix(): string {
  return `cutover-test:${randomUUID().slice(0, 8)}:`;
}
