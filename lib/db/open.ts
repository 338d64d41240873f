import "server-only";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { PoolClient } from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { pgliteRunner, pgRunner, type SqlRunner } from "@/lib/db/sql";

export type DatabaseKind = "postgres" | "pglite";

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Raw SQL on the same database (migrations, health checks, test set-up). */
  sql: SqlRunner;
  close(): Promise<void>;
}

export type OpenOptions = (
  | {
      kind: "postgres";
      url: string;
      schema?: string;
      poolSize?: number;
      /** A throwaway schema (tests): created on open, dropped with everything in it on close. */
      temporarySchema?: boolean;
      /**
       * Overrides DB_TIMEOUTS; 0 turns one off. A migration tool needs statements longer than
       * a request's (an index build on a big table): `{ statementMs: 0, queryMs: 0 }`.
       */
      timeouts?: Partial<DbTimeouts>;
    }
  /** dataDir undefined: an in-memory database (tests). */
  | { kind: "pglite"; dataDir?: string }
) & {
  /** Called for every SQL statement Prisma sends (tests count them to catch N+1 queries). */
  onQuery?: (event: Prisma.QueryEvent) => void;
};

export interface DbTimeouts {
  /** Waiting for a connection (a new one, or a free one from a busy pool). */
  connectMs: number;
  /** Server-side statement_timeout: a runaway query is cancelled by PostgreSQL itself. */
  statementMs: number;
  /** Client-side: a server that stopped answering (frozen, partitioned) is given up on. */
  queryMs: number;
}

// Requests must fail with a 503 rather than hang when PostgreSQL stops answering. The shop's
// queries take milliseconds; 5 s is a runaway. The client gives up a little after the server
// would have cancelled, so a live server always reports its own (clearer) timeout first.
export const DB_TIMEOUTS: DbTimeouts = { connectMs: 3_000, statementMs: 5_000, queryMs: 5_500 };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.kind === "postgres") {
    const [{ Pool }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
    if (options.schema && !SCHEMA_NAME.test(options.schema)) {
      throw new Error(`Invalid schema name ${options.schema}`);
    }
    const timeouts = { ...DB_TIMEOUTS, ...options.timeouts };
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.queryMs,
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    });
    // An idle client losing its server (DB restart) must not crash the process.
    pool.on("error", () => undefined);
    pool.on("connect", closeOnReadTimeout);
    if (options.temporarySchema && options.schema) {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    }
    const prisma = createClient(new PrismaPg(pool, { schema: options.schema }), options.onQuery);
    return {
      kind: "postgres",
      prisma,
      sql: pgRunner(pool),
      async close() {
        await prisma.$disconnect();
        if (options.temporarySchema && options.schema) {
          await pool.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
        }
        await pool.end();
      },
    };
  }

  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  try {
    const pglite = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
    await pglite.waitReady;
    const prisma = createClient(new PrismaPGlite(pglite), options.onQuery);
    return {
      kind: "pglite",
      prisma,
      sql: pgliteRunner(pglite),
      async close() {
        await prisma.$disconnect();
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * After a client-side query timeout the connection is in an unknown state (the server may
 * answer later, or never): close it, so what is queued on it (a transaction's ROLLBACK) fails
 * at once instead of waiting out another timeout, and the pool opens a fresh one.
 */
function closeOnReadTimeout(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const socket = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === "Query read timeout") socket?.destroy();
      });
    }
    return result;
  };
}

// Query events only when asked for: with them on, Prisma serialises every statement's parameters.
function createClient(
  adapter: SqlDriverAdapterFactory,
  onQuery: ((event: Prisma.QueryEvent) => void) | undefined,
): PrismaClient {
  if (!onQuery) return new PrismaClient({ adapter });
  const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", onQuery);
  return prisma;
}

// PGlite has no cross-process lock and two processes on one directory corrupt it.
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid} (a running dev server?). ` +
          `Stop it first, or set DATABASE_URL to use PostgreSQL, which allows many processes.`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => rmSync(lockFile, { force: true });
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
