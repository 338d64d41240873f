import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { startServer, type RunningServer } from "./server";

// One production server for the suite (E2E_URL); with PostgreSQL and Redis available, a
// second instance on the same database and Redis (E2E_URL_B) for the propagation test.
// Each run gets its own database and Redis prefix, so nothing leaks between runs.

declare global {
  var __e2eServers: RunningServer[] | undefined;
  var __e2eDatabase: { admin: string; name: string } | undefined;
}

export default async function globalSetup() {
  const base = process.env.DATABASE_URL;
  const redis = process.env.REDIS_URL;
  const shared: Record<string, string | undefined> = {
    AUTH_SECRET: `e2e-${randomUUID()}-${randomUUID()}`,
    SEED_ON_START: "true",
    CORS_ORIGINS: "https://app.example.com",
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
  };
  if (base) {
    const name = `cutover_e2e_${Date.now()}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    shared.DATABASE_URL = url.toString();
    globalThis.__e2eDatabase = { admin: base, name };
  }
  if (redis) {
    shared.REDIS_URL = redis;
    shared.REDIS_PREFIX = `e2e-${Date.now()}:`;
  }
  const a = await startServer(3100, { ...shared, NEXTAUTH_URL: "http://localhost:3100" });
  globalThis.__e2eServers = [a];
  process.env.E2E_URL = a.url;
  process.env.E2E_AUTH_SECRET = shared.AUTH_SECRET;
  if (shared.DATABASE_URL && shared.REDIS_URL) {
    // Started after A has migrated and seeded, as a rolling deploy would.
    const b = await startServer(3101, { ...shared, NEXTAUTH_URL: "http://localhost:3101" });
    globalThis.__e2eServers.push(b);
    process.env.E2E_URL_B = b.url;
  }
  process.env.E2E_SHARED_ENV = JSON.stringify(shared);
}
