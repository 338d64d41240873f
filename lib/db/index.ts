import "server-only";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { migrate } from "@/lib/db/migrate";
import { openDatabase, type Database } from "@/lib/db/open";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type { Database } from "@/lib/db/open";
export { Prisma } from "@/lib/generated/prisma/client";

// One database per process, created on first use and kept on globalThis so Next's hot
// reload in development does not open a new pool (or a second PGlite) on every edit.
const SEED_LOCK = 7_270_736_901;

const holder = globalThis as typeof globalThis & { __cutoverDb?: Promise<Database> };

type QueryListener = (event: Prisma.QueryEvent) => void;
const queryListeners = new Set<QueryListener>();

/**
 * Under test, calls listener for every SQL statement the process's Prisma client sends, so a
 * test can count the queries behind a request (query discipline: no N+1). Off outside tests,
 * where Prisma would serialise every statement's parameters for nobody. Returns unsubscribe.
 */
export function onQuery(listener: QueryListener): () => void {
  queryListeners.add(listener);
  return () => queryListeners.delete(listener);
}

const emitQuery: QueryListener = (event) => {
  for (const listener of queryListeners) listener(event);
};

async function start(): Promise<Database> {
  const { DATABASE_URL, DATA_DIR, NODE_ENV, seedOnStart } = env();
  const testing = NODE_ENV === "test";
  const queryHook = testing ? emitQuery : undefined;
  const database = DATABASE_URL
    ? await openDatabase({
        kind: "postgres",
        url: DATABASE_URL,
        onQuery: queryHook,
        // Each test file gets a schema of its own, dropped when the file ends.
        ...(testing
          ? { schema: `test_${randomUUID().replace(/-/g, "").slice(0, 16)}`, temporarySchema: true }
          : {}),
      })
    : await openDatabase({
        kind: "pglite",
        dataDir: testing ? undefined : path.join(DATA_DIR, "pglite"),
        onQuery: queryHook,
      });
  try {
    const result = await migrate(database.sql);
    if (result.applied.length) log.info("migrations applied", { applied: result.applied });
    for (const warning of result.warnings) log.warn(warning);
    if (seedOnStart && !testing) {
      const { seedIfEmpty } = await import("@/lib/db/seed");
      // Under a lock, so replicas starting together do not seed twice.
      await database.sql.session(async (s) => {
        await s.query("SELECT pg_advisory_lock($1)", [SEED_LOCK]);
        try {
          await seedIfEmpty(database.prisma, { showPasswords: NODE_ENV === "development" });
        } finally {
          await s.query("SELECT pg_advisory_unlock($1)", [SEED_LOCK]).catch(() => undefined);
        }
      });
    }
    return database;
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** The process's database, migrated (and on a fresh dev machine, seeded). */
export function getDatabase(): Promise<Database> {
  if (!holder.__cutoverDb) {
    const starting = start();
    holder.__cutoverDb = starting;
    // A failed start (database down) is retried on the next request rather than cached.
    starting.catch(() => {
      if (holder.__cutoverDb === starting) holder.__cutoverDb = undefined;
    });
  }
  return holder.__cutoverDb;
}

export async function db(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

/** Tests (and tools) install their own database for this process. */
export function installDatabase(database: Database): void {
  holder.__cutoverDb = Promise.resolve(database);
}

export async function closeDatabase(): Promise<void> {
  const current = holder.__cutoverDb;
  holder.__cutoverDb = undefined;
  if (current) await (await current).close();
}
