import { Client } from "pg";

export default async function globalTeardown() {
  await Promise.all((globalThis.__e2eServers ?? []).map((s) => s.stop()));
  const db = globalThis.__e2eDatabase;
  if (db) {
    const admin = new Client({ connectionString: db.admin });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`);
    await admin.end();
  }
}
