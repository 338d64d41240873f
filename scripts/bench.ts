// npm run bench [-- --duration 5 --connections 10 --runs 3 --large 100000]
// Load test of the production build on 127.0.0.1 (run `npm run build` first). Every figure is
// a ratio against a baseline measured by the same run on the same server, and each ratio is
// the median of --runs rounds. Writes bench/results.{json,md,svg} with the machine they came
// from. With DATABASE_URL (and REDIS_URL) set it runs on PostgreSQL (+ Redis) in throwaway
// databases; otherwise on embedded PGlite in temporary directories.
//
// Three servers, one at a time:
//   main     200 products, caches on: the machine's ceiling (a bare node:http server answering
//            the same product JSON), the framework's (/api/health), the cached API, and legacy
//            vs SPA list and detail pages, each signed out and signed in;
//   small    200 products, READ_CACHE=off: list pages read from the database every time;
//   large    100,000 products, READ_CACHE=off: the same list, cursor pages near the start and at
//            depth 99,000, and skip at depth.
import autocannon from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { env } from "@/lib/env";
import { routeBundles, type RouteBundle } from "./lib/bundles";
import { STANDALONE_SERVER } from "./standalone.mjs";

const USAGE = `Usage: npm run bench -- [--duration S] [--connections N] [--runs N] [--large N]
  --duration S     seconds of load per measurement (default 5, 1-120)
  --connections N  concurrent connections (default 10, 1-120)
  --runs N         rounds; every ratio is the median over them (default 3, 1-9)
  --large N        products in the large catalogue (default 100000; 0 skips it)`;

function option(name: string, fallback: number, min: number, max: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
if (process.argv.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
const duration = option("--duration", 5, 1, 120);
const connections = option("--connections", 10, 1, 120);
const runs = option("--runs", 3, 1, 9);
const largeCount = option("--large", 100_000, 0, 100_000);
const AUTH_SECRET = `bench-only-${randomUUID()}`;
const progress = (line: string) => process.stderr.write(`  ${line}\n`);

// ---- databases and servers -------------------------------------------------------------

interface Database {
  /** DATABASE_URL for this catalogue, or undefined for PGlite in dataDir. */
  url?: string;
  dataDir: string;
  drop(): Promise<void>;
}

async function newDatabase(label: string): Promise<Database> {
  const { DATABASE_URL } = env();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `cutover-bench-${label}-`));
  if (!DATABASE_URL) return { dataDir, drop: async () => undefined };
  const name = `cutover_bench_${label}_${Date.now()}`;
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    async drop() {
      const c = new Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function serverEnv(db: Database, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { REDIS_URL } = env();
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "error",
    SEED_ON_START: "true",
    AUTH_SECRET,
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url ?? "",
    REDIS_URL: REDIS_URL ?? "",
    REDIS_PREFIX: `bench-${randomUUID()}:`,
    ...extra,
  };
}

function seedLarge(db: Database, products: number): void {
  progress(`seeding ${products} products…`);
  const run = spawnSync(
    process.execPath,
    [
      "node_modules/tsx/dist/cli.mjs",
      "--conditions=react-server",
      "scripts/db-seed.ts",
      "--products",
      String(products),
    ],
    { env: serverEnv(db, { NODE_ENV: "development" }), stdio: ["ignore", "ignore", "inherit"] },
  );
  if (run.status !== 0) throw new Error("seeding the large catalogue failed");
}

interface App {
  base: string;
  stop(): Promise<void>;
}

async function startApp(port: number, environment: NodeJS.ProcessEnv): Promise<App> {
  const child: ChildProcess = spawn(
    process.execPath,
    [STANDALONE_SERVER],
    {
      env: {
        ...environment,
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return { base, stop };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error("the app did not become ready; did you run npm run build?");
}

/** A session cookie for alice, signed in through next-auth's own endpoints. */
async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email: "alice@example.com", password: "alice-demo-password" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error("could not sign in as alice");
  return session;
}

/** The machine's ceiling: plain node:http answering one product's JSON, in its own process. */
async function startBare(body: string): Promise<App> {
  const code = `
    const body = ${JSON.stringify(body)};
    require("node:http").createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    }).listen(0, "127.0.0.1", function () { process.send(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) => child.once("message", (p) => resolve(Number(p))));
  return {
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill("SIGTERM");
    },
  };
}

// ---- measuring ---------------------------------------------------------------------------

interface Target {
  key: string;
  name: string;
  path: string;
  /** Per request: a fresh path (uncached pages). */
  paths?: () => string;
  /**
   * A page view as the browser makes it: these requests in turn, reported as views/s (req/s ÷
   * their number). A signed-in visitor's SPA page from the shared cache asks the API for who is
   * signed in and for the cart; the view costs all three.
   */
  sequence?: string[];
  cookie?: string;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(base: string, target: Target): Promise<Sample> {
  const options = {
    url: base + target.path,
    connections,
    headers: target.cookie ? { cookie: target.cookie } : {},
    ...(target.paths
      ? { requests: [{ setupRequest: (r: object) => ({ ...r, path: target.paths!() }) }] }
      : {}),
    ...(target.sequence
      ? { requests: target.sequence.map((path) => ({ method: "GET" as const, path })) }
      : {}),
  };
  await autocannon({ ...options, duration: 2 }); // warm up: JIT, pools, caches
  const result = await autocannon({ ...options, duration });
  return {
    rps: Math.round(result.requests.average / (target.sequence?.length ?? 1)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round2 = (n: number) => Math.round(n * 100) / 100;

interface Row {
  key: string;
  server: string;
  name: string;
  path: string;
  samples: Sample[];
  rps: number;
  p50: number;
  p99: number;
  /** Median over rounds of (this rps / the baseline's rps in the same round). */
  ratio: number;
  errors: number;
  non2xx: number;
}

/** Measures every target `runs` times, the baseline (first target) first in every round. */
async function measure(server: string, base: string, targets: Target[]): Promise<Row[]> {
  const samples = targets.map(() => [] as Sample[]);
  for (let round = 1; round <= runs; round++) {
    for (const [i, t] of targets.entries()) {
      progress(`[${server} ${round}/${runs}] ${t.name}`);
      samples[i]!.push(await load(t.key === "bare" ? "" : base, t));
    }
  }
  const baseline = samples[0]!;
  return targets.map((t, i) => {
    const s = samples[i]!;
    return {
      key: t.key,
      server,
      name: t.name,
      path: t.paths ? `${t.path} (a different page each request)` : t.path,
      samples: s,
      rps: Math.round(median(s.map((x) => x.rps))),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      ratio: round2(median(s.map((x, r) => x.rps / Math.max(1, baseline[r]!.rps)))),
      errors: s.reduce((n, x) => n + x.errors, 0),
      non2xx: s.reduce((n, x) => n + x.non2xx, 0),
    };
  });
}

/** Median over rounds of a/b for one field of two rows (same round index). */
function pairRatio(rows: Row[], a: string, b: string, field: "rps" | "p50"): number | null {
  const x = rows.find((r) => r.key === a);
  const y = rows.find((r) => r.key === b);
  if (!x || !y) return null;
  return round2(median(x.samples.map((s, i) => s[field] / Math.max(0.01, y.samples[i]![field]))));
}

// ---- first-load JavaScript ----------------------------------------------------------------

interface PageJs {
  name: string;
  path: string;
  scripts: number;
  transferKb: number;
  decodedKb: number;
}

/** JavaScript a first visit downloads, measured in Chromium (as sent, and decoded). */
async function firstLoadJs(base: string, pages: [string, string][]): Promise<PageJs[]> {
  const { launchBrowser } = await import("@/lib/migration/parity");
  const browser = await launchBrowser(env().CHROMIUM_PATH).catch(() => null);
  if (!browser) {
    progress(`(no Chromium at ${env().CHROMIUM_PATH}: first-load JS not measured in a browser)`);
    return [];
  }
  const out: PageJs[] = [];
  for (const [name, p] of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + p, { waitUntil: "load" });
    await page.waitForTimeout(1_000);
    const js = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((e) => e.initiatorType === "script" || /\.js(\?|$)/.test(e.name))
        .map((e) => ({ transfer: e.encodedBodySize, decoded: e.decodedBodySize })),
    );
    out.push({
      name,
      path: p,
      scripts: js.length,
      transferKb: Math.round(js.reduce((s, e) => s + e.transfer, 0) / 102.4) / 10,
      decodedKb: Math.round(js.reduce((s, e) => s + e.decoded, 0) / 102.4) / 10,
    });
    await context.close();
  }
  await browser.close();
  return out;
}

// ---- targets ------------------------------------------------------------------------------

interface Check {
  target: string;
  value: number | null;
  limit: string;
  met: boolean | null;
  why: string;
}

function checks(rows: Row[]): Check[] {
  const out: Check[] = [];
  const atLeast = (target: string, value: number | null, min: number, why: string) =>
    out.push({ target, value, limit: `≥ ${min}`, met: value === null ? null : value >= min, why });
  const atMost = (target: string, value: number | null, max: number, why: string) =>
    out.push({ target, value, limit: `≤ ${max}`, met: value === null ? null : value <= max, why });
  const render =
    "A signed-in page comes from the shared render plus two API calls for the visitor's own data; a miss means those calls or the cache cost more than the legacy render. For scale, the `/` row is an uncached Next page: React renders twice on the server (RSC payload, then HTML) where the legacy side fills one string template.";
  for (const [page, label] of [
    ["detail", "SPA product page"],
    ["list", "SPA list page"],
  ] as const) {
    atLeast(
      `${label} views/s (the page and its API calls) ÷ legacy, signed in`,
      pairRatio(rows, `spa-${page}-view-in`, `legacy-${page}-in`, "rps"),
      0.5,
      render,
    );
    atMost(
      `${label} p50 ÷ legacy, signed in`,
      pairRatio(rows, `spa-${page}-in`, `legacy-${page}-in`, "p50"),
      2,
      render,
    );
    atLeast(
      `${label} req/s ÷ legacy, signed out`,
      pairRatio(rows, `spa-${page}-out`, `legacy-${page}-out`, "rps"),
      1,
      "Signed-out SPA pages come from the anonymous page cache; a miss here means the cache did not serve.",
    );
    atMost(
      `${label} p50 ÷ legacy, signed out`,
      pairRatio(rows, `spa-${page}-out`, `legacy-${page}-out`, "p50"),
      2,
      "as above",
    );
  }
  atMost(
    "uncached list p50, 100,000 ÷ 200 products",
    pairRatio(rows, "large-list", "small-list", "p50"),
    1.5,
    "The page query itself is keyset/offset over an index; the total is memoised per filter set.",
  );
  atLeast(
    "cached API detail ÷ /api/health",
    rows.find((r) => r.key === "api-detail")?.ratio ?? null,
    0.8,
    "regression guard",
  );
  atLeast(
    "cached API list ÷ /api/health",
    rows.find((r) => r.key === "api-list")?.ratio ?? null,
    0.8,
    "regression guard",
  );
  atMost(
    "cursor page at depth 99,000 p50 ÷ first page",
    pairRatio(rows, "large-cursor-deep", "large-cursor-first", "p50"),
    1.5,
    "regression guard",
  );
  return out;
}

// ---- report ----------------------------------------------------------------------------------

function svgChart(rows: Row[]): string {
  const main = rows.filter((r) => r.server === "main" && r.key !== "health");
  const width = 760;
  const barH = 18;
  const gap = 8;
  const left = 300;
  const top = 40;
  const max = Math.max(1, ...main.map((r) => r.ratio));
  const scale = (width - left - 60) / max;
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const bars = main
    .map((r, i) => {
      const y = top + i * (barH + gap);
      const w = Math.max(1, r.ratio * scale);
      const colour = r.key.startsWith("spa") ? "#2563eb" : r.key.startsWith("legacy") ? "#9ca3af" : "#10b981";
      return `<text x="${left - 8}" y="${y + 13}" text-anchor="end">${esc(r.name)}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colour}"/><text x="${left + w + 6}" y="${y + 13}">${r.ratio.toFixed(2)}× (${r.rps}/s)</text>`;
    })
    .join("\n");
  const x1 = left + scale;
  const height = top + main.length * (barH + gap) + 30;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">
<title>Requests per second as a multiple of /api/health (median of ${runs} runs)</title>
<text x="10" y="20" font-size="14" font-weight="bold">req/s ÷ /api/health, same run (median of ${runs}); blue SPA, grey legacy, green API</text>
${bars}
<line x1="${x1}" y1="${top - 6}" x2="${x1}" y2="${height - 24}" stroke="#111" stroke-dasharray="4 3"/>
<text x="${x1}" y="${height - 10}" text-anchor="middle">1.0× /api/health</text>
</svg>
`;
}

function markdown(
  machine: string,
  database: string,
  rows: Row[],
  results: Check[],
  js: PageJs[],
  bundles: RouteBundle[],
): string {
  const table = (server: string, baseline: string) => [
    `| endpoint | path | req/s | × ${baseline} | p50 ms | p99 ms | errors | non-2xx |`,
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...rows
      .filter((r) => r.server === server)
      .map(
        (r) =>
          `| ${r.name} | \`${r.path}\` | ${r.rps} | ${r.ratio.toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`,
      ),
    "",
  ];
  const met = (m: boolean | null) => (m === null ? "not measured" : m ? "**met**" : "**missed**");
  return [
    "# Benchmark results",
    "",
    `Run ${new Date().toISOString()} on: ${machine}.`,
    `autocannon on 127.0.0.1, ${connections} connections, ${duration} s per measurement after a 2 s warm-up, ${runs} rounds; ${database}. Every ratio is the median over the rounds of (req/s ÷ the baseline's req/s in the same round). Reproduce: \`npm run build && npm run bench\`.`,
    "",
    "## Targets",
    "",
    "| target | measured | target | result | why / note |",
    "|---|---:|---:|---|---|",
    ...results.map(
      (c) =>
        `| ${c.target} | ${c.value ?? "–"} | ${c.limit} | ${met(c.met)} | ${c.met === false ? c.why : ""} |`,
    ),
    "",
    "## Shop pages and API (200 products, caches on)",
    "",
    "Baseline: `/api/health` (the framework's ceiling: a route handler that touches nothing). The bare `node:http` row is the machine's ceiling. Signed in = alice's next-auth session cookie on every request.",
    "",
    ...table("main", "/api/health"),
    "## List pages read from the database (READ_CACHE=off)",
    "",
    ...table("small", "/api/health"),
    ...table("large", "/api/health"),
    "",
    "![req/s ÷ /api/health](results.svg)",
    "",
    "## First-load JavaScript",
    "",
    ...(js.length
      ? [
          "Measured in headless Chromium (as sent, and decoded):",
          "",
          "| page | path | scripts | KB sent | KB decoded |",
          "|---|---|---:|---:|---:|",
          ...js.map((j) => `| ${j.name} | \`${j.path}\` | ${j.scripts} | ${j.transferKb} | ${j.decodedKb} |`),
          "",
        ]
      : []),
    "Per route from the build (gzip as served; `npm run size` checks the product pages against their 150 KB budget), largest chunks with the libraries found in them:",
    "",
    "| route | KB gzip | KB raw | largest chunks |",
    "|---|---:|---:|---|",
    ...bundles
      .filter((b) => ["/products", "/products/[id]", "/cart", "/orders", "/"].includes(b.route))
      .map(
        (b) =>
          `| \`${b.route}\` | ${b.gzipKb} | ${b.rawKb} | ${b.chunks
            .slice(0, 4)
            .map((c) => `${c.gzipKb} KB (${c.contains.join(", ") || "app"})`)
            .join("; ")} |`,
      ),
    "",
  ].join("\n");
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const rows: Row[] = [];
  const databases: Database[] = [];
  let js: PageJs[] = [];
  const dbKind = env().DATABASE_URL
    ? `PostgreSQL${env().REDIS_URL ? " + Redis" : ""}`
    : "embedded PGlite, in-process cache";
  try {
    // main: 200 products, caches on
    const small = await newDatabase("small");
    databases.push(small);
    let app = await startApp(3200, serverEnv(small));
    try {
      const base = app.base;
      const [product] = (await (await fetch(`${base}/api/products?limit=1`)).json()) as { id: number }[];
      const id = product?.id ?? 1;
      const productJson = await (await fetch(`${base}/api/products/${id}`)).text();
      const cookie = await signIn(base);
      const bare = await startBare(productJson);
      try {
        const pages = (who: "out" | "in"): Target[] => {
          const c = who === "in" ? { cookie } : {};
          const label = who === "in" ? "signed in" : "signed out";
          return [
            {
              key: `legacy-list-${who}`,
              name: `legacy list, ${label}`,
              path: "/products?variant=legacy",
              ...c,
            },
            { key: `spa-list-${who}`, name: `SPA list, ${label}`, path: "/products?variant=spa", ...c },
            {
              key: `legacy-detail-${who}`,
              name: `legacy product, ${label}`,
              path: `/products/${id}?variant=legacy`,
              ...c,
            },
            {
              key: `spa-detail-${who}`,
              name: `SPA product, ${label}`,
              path: `/products/${id}?variant=spa`,
              ...c,
            },
            // What a signed-in visitor's browser makes the server do for one SPA page: the page
            // (shared render) and the two API calls for the visitor's own data.
            ...(who === "in"
              ? [
                  {
                    key: "spa-list-view-in",
                    name: "SPA list, signed in: page view (page + /api/session/user + /api/cart), views/s",
                    path: "/products?variant=spa",
                    sequence: ["/products?variant=spa", "/api/session/user", "/api/cart"],
                    cookie,
                  },
                  {
                    key: "spa-detail-view-in",
                    name: "SPA product, signed in: page view (page + /api/session/user + /api/cart), views/s",
                    path: `/products/${id}?variant=spa`,
                    sequence: [`/products/${id}?variant=spa`, "/api/session/user", "/api/cart"],
                    cookie,
                  },
                ]
              : []),
          ];
        };
        rows.push(
          ...(await measure("main", base, [
            { key: "health", name: "baseline: /api/health (framework ceiling)", path: "/api/health" },
            {
              key: "bare",
              name: "bare node:http, same product JSON (machine ceiling)",
              path: `${bare.base}/`,
            },
            { key: "api-detail", name: "API product (cached)", path: `/api/products/${id}` },
            { key: "api-list", name: "API list, 10 products (cached)", path: "/api/products?limit=10" },
            { key: "home", name: "home page `/` (a Next page, in-process data)", path: "/" },
            ...pages("out"),
            ...pages("in"),
          ])),
        );
      } finally {
        await bare.stop();
      }
      js = await firstLoadJs(base, [
        ["SPA product list", "/products?variant=spa"],
        ["SPA product page", `/products/${id}?variant=spa`],
        ["legacy product page", `/products/${id}?variant=legacy`],
      ]);
    } finally {
      await app.stop();
    }

    // small: 200 products, read cache off
    const randomSkip = (count: number) => () =>
      `/api/products?limit=10&skip=${Math.floor(Math.random() * Math.max(1, count - 10))}`;
    app = await startApp(3201, serverEnv(small, { READ_CACHE: "off", SEED_ON_START: "false" }));
    try {
      rows.push(
        ...(await measure("small", app.base, [
          { key: "small-health", name: "baseline: /api/health", path: "/api/health" },
          {
            key: "small-list",
            name: "list, 200 products, random page",
            path: "/api/products?limit=10",
            paths: randomSkip(200),
          },
        ])),
      );
    } finally {
      await app.stop();
    }

    // large: 100,000 products, read cache off
    if (largeCount > 0) {
      const large = await newDatabase("large");
      databases.push(large);
      seedLarge(large, largeCount);
      app = await startApp(3202, serverEnv(large, { READ_CACHE: "off", SEED_ON_START: "false" }));
      try {
        const depth = Math.max(0, largeCount - 1_000);
        const deep = await fetch(`${app.base}/api/products?limit=10&skip=${Math.max(0, depth - 10)}`);
        const cursor = deep.headers.get("x-next-cursor") ?? "";
        rows.push(
          ...(await measure("large", app.base, [
            { key: "large-health", name: "baseline: /api/health", path: "/api/health" },
            {
              key: "large-list",
              name: `list, ${largeCount} products, random page of the first 20`,
              path: "/api/products?limit=10",
              paths: randomSkip(200),
            },
            { key: "large-cursor-first", name: "cursor: first page", path: "/api/products?limit=10" },
            {
              key: "large-cursor-deep",
              name: `cursor: page at depth ${depth}`,
              path: `/api/products?limit=10&cursor=${encodeURIComponent(cursor)}`,
            },
            {
              key: "large-skip-deep",
              name: `skip: page at depth ${depth}`,
              path: `/api/products?limit=10&skip=${depth}`,
            },
          ])),
        );
      } finally {
        await app.stop();
      }
    }
  } finally {
    for (const db of databases) await db.drop().catch(() => undefined);
  }

  const bundles = routeBundles();
  const results = checks(rows);
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
  const report = markdown(machine, dbKind, rows, results, js, bundles);
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.md", report);
  writeFileSync("bench/results.svg", svgChart(rows));
  writeFileSync(
    "bench/results.json",
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        database: dbKind,
        connections,
        duration,
        runs,
        seconds: Math.round((Date.now() - started) / 1000),
        targets: results,
        rows,
        firstLoadJs: js,
        bundles: bundles.filter((b) => ["/products", "/products/[id]"].includes(b.route)),
      },
      null,
      2,
    ) + "\n",
  );
  console.log(report);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
