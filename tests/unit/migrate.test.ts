import { mkdtemp, mkdir, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDatabase } from "@/lib/db";
import { markRolledBack, migrate, MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrate";

describe("migrate", () => {
  it("has applied every migration in prisma/migrations, recorded as Prisma records them", async () => {
    const database = await getDatabase();
    const files = await readMigrations();
    const rows = await database.sql.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(rows.every((r) => r.finished_at)).toBe(true);
  });

  it("is idempotent: a second run applies nothing", async () => {
    const database = await getDatabase();
    const result = await migrate(database.sql);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBeGreaterThan(0);
  });

  it("rolls back a failing migration, then refuses until it is marked rolled back", async () => {
    const database = await getDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), "cutover-migrations-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(path.join(dir, "29990101000000_broken"));
    await writeFile(
      path.join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE half_done (id int);\nALTER TABLE no_such_table ADD COLUMN x int;`,
    );
    await expect(migrate(database.sql, { dir })).rejects.toThrow(
      /29990101000000_broken failed and was rolled back/,
    );
    // Nothing of the failed migration is left behind.
    const tables = await database.sql.query(
      `SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`,
    );
    expect(tables).toHaveLength(0);
    // Every later run refuses, naming the migration and the way out.
    await expect(migrate(database.sql, { dir })).rejects.toThrow(/--rolled-back 29990101000000_broken/);
    expect(await markRolledBack(database.sql, "29990101000000_broken")).toBe(true);
    await expect(migrate(database.sql, { dir })).rejects.toThrow(/failed and was rolled back/);
  });
});
