import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import type { Pool } from "pg";

/** The little raw SQL surface the migration runner needs, over either driver. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (a migration file). */
  exec(script: string): Promise<void>;
  /** Runs fn on one connection, so session-level locks and transactions hold. */
  session<T>(fn: (runner: SqlRunner) => Promise<T>): Promise<T>;
}

export function pgliteRunner(pglite: PGlite): SqlRunner {
  const runner: SqlRunner = {
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await pglite.query<Row>(sql, params);
      return result.rows;
    },
    async exec(script) {
      await pglite.exec(script);
    },
    // PGlite has a single connection already.
    session: (fn) => fn(runner),
  };
  return runner;
}

export function pgRunner(pool: Pool): SqlRunner {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return this.session((s) => s.query<Row>(sql, params));
    },
    async exec(script) {
      await this.session((s) => s.exec(script));
    },
    async session(fn) {
      const client = await pool.connect();
      try {
        const inner: SqlRunner = {
          async query<Row>(sql: string, params: unknown[] = []) {
            const result = await client.query(sql, params);
            return result.rows as Row[];
          },
          async exec(script) {
            await client.query(script);
          },
          session: (f) => f(inner),
        };
        return await fn(inner);
      } finally {
        client.release();
      }
    },
  };
}
