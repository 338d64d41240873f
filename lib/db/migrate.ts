import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlRunner } from "@/lib/db/sql";

// Applies prisma/migrations/*/migration.sql in order and records them in _prisma_migrations
// exactly as `prisma migrate deploy` does (sha256 checksum, timestamps, step count), so a
// database migrated here can be handed to the Prisma CLI elsewhere and vice versa. Each file
// runs in its own transaction, so a failed one leaves nothing half-applied; statements that
// cannot run in a transaction (CREATE INDEX CONCURRENTLY) belong in a manual step instead.

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const LOCK_ID = 7_270_736_900; // arbitrary, fixed: one migrator at a time per database

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrationFileInfo {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFileInfo[]> {
  let entries: string[];
  try {
    entries = await readdir(/*turbopackIgnore: true*/ dir);
  } catch {
    throw new MigrationError(`No migrations folder at ${dir}`);
  }
  const names = entries.filter((n) => /^\d{14}_[\w-]+$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
  warnings: string[];
}

export async function migrate(
  runner: SqlRunner,
  options: { dir?: string; onApply?: (name: string) => void } = {},
): Promise<MigrateResult> {
  const files = await readMigrations(options.dir);
  return runner.session(async (s) => {
    await s.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    try {
      await s.exec(CREATE_TABLE);
      const rows = await s.query<MigrationRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
           FROM "_prisma_migrations" ORDER BY started_at`,
      );
      const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
      if (failed) {
        throw new MigrationError(
          `Migration ${failed.migration_name} failed at ${new Date(failed.started_at).toISOString()} ` +
            `and nothing has been applied since:\n  ${failed.logs ?? "(no log)"}\n` +
            `Fix the database or the migration, then mark it rolled back with\n` +
            `  npm run db:migrate -- --rolled-back ${failed.migration_name}\nand run db:migrate again.`,
        );
      }
      const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r]));
      const warnings: string[] = [];
      const applied: string[] = [];
      for (const file of files) {
        const row = done.get(file.name);
        if (row) {
          if (row.checksum !== file.checksum) {
            warnings.push(`${file.name} was edited after it was applied (checksum differs)`);
          }
          continue;
        }
        options.onApply?.(file.name);
        const id = randomUUID();
        try {
          await s.exec("BEGIN");
          await s.exec(file.sql);
          await s.query(
            `INSERT INTO "_prisma_migrations"
               (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, NULL, now(), 1)`,
            [id, file.checksum, file.name],
          );
          await s.exec("COMMIT");
          applied.push(file.name);
        } catch (error) {
          await s.exec("ROLLBACK").catch(() => undefined);
          const message = error instanceof Error ? error.message : String(error);
          await s.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
             VALUES ($1, $2, $3, $4, now(), 0)`,
            [id, file.checksum, file.name, message],
          );
          throw new MigrationError(
            `Migration ${file.name} failed and was rolled back: ${message}\n` +
              `Fix it, then run: npm run db:migrate -- --rolled-back ${file.name}`,
          );
        }
      }
      return { applied, alreadyApplied: done.size, warnings };
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    }
  });
}

/** Marks a failed migration as rolled back so `migrate` will try it again. */
export async function markRolledBack(runner: SqlRunner, name: string): Promise<boolean> {
  await runner.exec(CREATE_TABLE);
  const rows = await runner.query(
    `UPDATE "_prisma_migrations" SET rolled_back_at = now()
      WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL
      RETURNING id`,
    [name],
  );
  return rows.length > 0;
}
