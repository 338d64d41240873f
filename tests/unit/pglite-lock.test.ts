import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/db/open";

describe("embedded database directory lock", () => {
  it("refuses a directory held by another live process, with a way out", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "cutover-lock-"));
    const dataDir = path.join(root, "pglite");
    await writeFile(path.join(root, "pglite.lock"), String(process.ppid));
    await expect(openDatabase({ kind: "pglite", dataDir })).rejects.toThrow(
      /in use by process \d+.*set DATABASE_URL/s,
    );
  });

  it("takes over a lock left by a dead process, and keeps data across reopen", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "cutover-lock-"));
    const dataDir = path.join(root, "pglite");
    await writeFile(path.join(root, "pglite.lock"), "999999999");
    const first = await openDatabase({ kind: "pglite", dataDir });
    await first.sql.exec("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42);");
    await first.close();
    const second = await openDatabase({ kind: "pglite", dataDir });
    await expect(second.sql.query("SELECT v FROM kept")).resolves.toEqual([{ v: 42 }]);
    await second.close();
  });
});
