// npm run db:migrate [-- --rolled-back <migration>]
// Applies pending migrations to DATABASE_URL (or the embedded database in DATA_DIR).
import path from "node:path";
import { env } from "@/lib/env";
import { markRolledBack, migrate, MigrationError } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "Usage: npm run db:migrate [-- --rolled-back <migration_name>]\n\n" +
        "Applies pending prisma/migrations in order (safe to run twice).\n" +
        "--rolled-back NAME  mark a failed migration as rolled back so it can be retried.",
    );
    return;
  }
  const { DATABASE_URL, DATA_DIR } = env();
  const database = DATABASE_URL
    ? // A migration may run longer than any request may (an index build on a big table).
      await openDatabase({
        kind: "postgres",
        url: DATABASE_URL,
        poolSize: 1,
        timeouts: { statementMs: 0, queryMs: 0 },
      })
    : await openDatabase({ kind: "pglite", dataDir: path.join(DATA_DIR, "pglite") });
  const where = DATABASE_URL ? "PostgreSQL" : `the embedded database in ${DATA_DIR}/pglite`;
  try {
    const i = args.indexOf("--rolled-back");
    if (i >= 0) {
      const name = args[i + 1];
      if (!name) throw new MigrationError("--rolled-back needs a migration name");
      if (!(await markRolledBack(database.sql, name))) {
        throw new MigrationError(`No failed migration named ${name} to mark rolled back`);
      }
      console.log(`Marked ${name} rolled back.`);
    }
    const result = await migrate(database.sql, {
      onApply: (name) => console.log(`Applying ${name}…`),
    });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s) to ${where}.`
        : `${where} is up to date (${result.alreadyApplied} migration(s) applied).`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
