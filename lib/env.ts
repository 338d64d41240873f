import "server-only";
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The only reader of process.env. Empty strings count as unset, so `FOO=` in a .env file
// behaves like an absent variable rather than an invalid one.
const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
  ),
  // Key prefix in Redis, so several deployments (or test runs) can share one server.
  REDIS_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w:.-]{1,50}$/)
      .default("cutover:"),
  ),
  AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32).optional()),
  CORS_ORIGINS: optionalString,
  /** Proxies whose X-Forwarded-For is believed (IPs and CIDR ranges, comma-separated). */
  TRUSTED_PROXIES: optionalString,
  // Read by next-auth itself: the public URL of the app (https://shop.example.com) in production.
  NEXTAUTH_URL: optionalUrl,
  LEGACY_ORIGIN: optionalUrl,
  /** Old apps behind Cutover, by name (JSON; see originSchema). */
  ORIGINS: optionalString,
  // Where this server reaches itself (proxy.ts reads route states, SPA server pages load their
  // first-paint data). Next sets PORT when it starts; INTERNAL_ORIGIN overrides for servers
  // bound to a non-loopback address.
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  INTERNAL_ORIGIN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^https?:\/\/[^/]+$/, "must be an origin like http://127.0.0.1:3000")
      .optional(),
  ),
  SEED_ON_START: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).optional()),
  // The cutover CLI: which running app to drive, and how it signs in as an admin.
  CUTOVER_URL: z.preprocess(emptyAsUndefined, z.url().default("http://localhost:3000")),
  CUTOVER_TOKEN: optionalString,
  CUTOVER_ADMIN_EMAIL: optionalString,
  CUTOVER_ADMIN_PASSWORD: optionalString,
  CHROMIUM_PATH: z.preprocess(emptyAsUndefined, z.string().default("/usr/bin/chromium")),
  /** "off" reads every response's data from the database (measuring, debugging). */
  READ_CACHE: z.preprocess(
    emptyAsUndefined,
    z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  ),
  /**
   * Fault drill: ledger route ids whose SPA variant answers 500 (comma-separated), to rehearse
   * a guarded rollout's automatic abort on a staging server. Never set it in production.
   */
  FAULT_SPA_ROUTES: optionalString,
  /** How often guarded rollouts are evaluated (seconds). */
  ROLLOUT_EVAL_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1")
      .max(3_600, "must be at most 3600")
      .default(30),
  ),
});

export type Env = z.infer<typeof schema> & {
  /** This server's own address for calls to itself: never the visitor's Host header. */
  selfOrigin: string;
  AUTH_SECRET: string;
  corsOrigins: string[];
  /** Seed an empty database at start-up: on by default except in production (demo passwords). */
  seedOnStart: boolean;
  /** TRUSTED_PROXIES as a list (validated: IPs and CIDR ranges). */
  trustedProxies: string[];
  /** This build's id (next.config.js inlines it at build time): cached pages never outlive their build. */
  buildId: string;
  /** ORIGINS plus LEGACY_ORIGIN (as "legacy", the default for unclaimed legacy routes). */
  origins: OriginConfig[];
};

/**
 * One old app Cutover sits in front of: the ledger routes whose legacy variant it serves, the
 * /api prefixes Cutover does not implement that it still answers, how long it may take, and
 * which of the visitor's headers and cookies it may see (nothing else is forwarded).
 */
export const originSchema = z
  .object({
    url: z.url({ error: "must be a URL" }),
    routes: z.array(z.string().regex(/^[a-z0-9-]+$/, "must be a ledger route id")).default([]),
    apiPrefixes: z
      .array(z.string().regex(/^\/api\/[a-z0-9][a-z0-9/_-]*$/, 'must look like "/api/reports"'))
      .default([]),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    headers: z.array(z.string().regex(/^[a-z0-9-]+$/, "must be a lower-case header name")).default([]),
    cookies: z.array(z.string().regex(/^[\w.-]+$/, "must be a cookie name")).default([]),
    /** The largest request body forwarded to it (a page body is also capped by the router's 10 MB). */
    maxBodyBytes: z.number().int().min(0).max(100_000_000).default(10_000_000),
  })
  .strict();
export type OriginConfig = z.infer<typeof originSchema> & { name: string };

function parseOrigins(raw: string | undefined, legacyOrigin: string | undefined): OriginConfig[] {
  let input: unknown = {};
  if (raw) {
    try {
      input = JSON.parse(raw);
    } catch {
      throw new Error(
        'Invalid environment:\n  ORIGINS: must be JSON, e.g. {"orders": {"url": "http://orders:8000", "routes": ["orders"]}}',
      );
    }
  }
  const result = z
    .record(
      z.string().regex(/^[a-z0-9-]+$/, "origin names are lower-case letters, digits and -"),
      originSchema,
    )
    .safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ORIGINS.${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const origins = Object.entries(result.data).map(([name, o]) => ({ ...o, name }));
  // LEGACY_ORIGIN: the default for every legacy route no other origin claims.
  if (legacyOrigin && !origins.some((o) => o.name === "legacy")) {
    origins.push({ ...originSchema.parse({ url: legacyOrigin }), name: "legacy" });
  }
  return origins;
}

function devSecret(dataDir: string): string {
  // Persisted so dev sessions survive a restart; never used in production.
  const file = path.join(dataDir, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    try {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, secret, { mode: 0o600 });
    } catch {
      // read-only file system: a per-process secret still works
    }
    return secret;
  }
}

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const env = parsed.data;
  // A production server without AUTH_SECRET never starts (serverConfigProblems, checked at
  // start-up); scripts (migrations, the seed) sign nothing and do not need one.
  const AUTH_SECRET =
    env.AUTH_SECRET ??
    (env.NODE_ENV === "test"
      ? "test-secret-".padEnd(40, "x")
      : env.NODE_ENV === "production"
        ? randomBytes(32).toString("base64url")
        : devSecret(env.DATA_DIR));
  const corsOrigins = (env.CORS_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
  const trustedProxies = (env.TRUSTED_PROXIES ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const badProxy = trustedProxies.find((p) => !isIpOrCidr(p));
  if (badProxy) {
    throw new Error(
      `Invalid environment:\n  TRUSTED_PROXIES: "${badProxy}" is not an IP address or CIDR range`,
    );
  }
  const seedOnStart = env.SEED_ON_START ? env.SEED_ON_START === "true" : env.NODE_ENV === "development";
  const selfOrigin = env.INTERNAL_ORIGIN ?? `http://127.0.0.1:${env.PORT}`;
  // A build-time constant (next.config.js `env`), not configuration: written out literally so
  // the bundler replaces it. Unset under jest and tsx scripts.
  const buildId = process.env.CUTOVER_BUILD_ID ?? "dev";
  const origins = parseOrigins(env.ORIGINS, env.LEGACY_ORIGIN);
  return { ...env, AUTH_SECRET, corsOrigins, seedOnStart, selfOrigin, buildId, trustedProxies, origins };
}

function isIpOrCidr(entry: string): boolean {
  const [address = "", prefix] = entry.split("/");
  const kind = isIP(address);
  if (kind === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (kind === 4 ? 32 : 128);
}

/**
 * What a production server cannot run without, beyond what env() validates: each missing
 * variable named. Checked when the server starts (lib/fail-fast.ts), not by scripts.
 */
export function serverConfigProblems(source: NodeJS.ProcessEnv = process.env): string[] {
  if (source.NODE_ENV !== "production" || isBuildPhase()) return [];
  return [
    !source.AUTH_SECRET?.trim() &&
      "  AUTH_SECRET: required in production (32+ chars; e.g. openssl rand -base64 32)",
    !source.NEXTAUTH_URL?.trim() &&
      "  NEXTAUTH_URL: required in production (the public URL, e.g. https://shop.example.com)",
  ].filter((line): line is string => Boolean(line));
}

function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= load();
  return cached;
}
