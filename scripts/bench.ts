// npm run bench [-- --duration 10 --connections 10]
// Starts the production build on a fresh embedded database (or DATABASE_URL), then loads each
// endpoint with autocannon for a fixed time over 127.0.0.1 and reports throughput and latency
// as ratios against /api/health measured in the same run. Results go to bench/results.md and
// bench/results.json with the machine they came from. Run `npm run build` first.
import autocannon from "autocannon";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { env } from "@/lib/env";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 120) {
    console.error(`${name} must be a whole number from 1 to 120`);
    process.exit(2);
  }
  return n;
}

const duration = option("--duration", 10);
const connections = option("--connections", 10);
const port = 3200;
const base = `http://127.0.0.1:${port}`;

async function startApp() {
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        LOG_LEVEL: "error",
        SEED_ON_START: "true",
        AUTH_SECRET: "bench-only-secret-bench-only-secret-123",
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "cutover-bench-")),
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return child;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill("SIGKILL");
  throw new Error("the app did not become ready; did you run npm run build?");
}

/** JavaScript a first visit downloads, measured in Chromium (compressed as sent, and decoded). */
async function firstLoadJs(
  paths: [string, string][],
): Promise<{ name: string; path: string; files: number; transferKb: number; decodedKb: number }[]> {
  const executablePath = env().CHROMIUM_PATH;
  const { launchBrowser } = await import("@/lib/migration/parity");
  const browser = await launchBrowser(executablePath).catch(() => null);
  if (!browser) {
    process.stderr.write(`  (no Chromium at ${executablePath}: first-load JS not measured)\n`);
    return [];
  }
  const out = [];
  for (const [name, p] of paths) {
    const page = await (await browser.newContext()).newPage();
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
      files: js.length,
      transferKb: Math.round(js.reduce((s, e) => s + e.transfer, 0) / 102.4) / 10,
      decodedKb: Math.round(js.reduce((s, e) => s + e.decoded, 0) / 102.4) / 10,
    });
  }
  await browser.close();
  return out;
}

interface Result {
  name: string;
  path: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, urlPath: string): Promise<Result> {
  // Warm up (compiles nothing in production, but fills caches and pools), then measure.
  await autocannon({ url: base + urlPath, connections, duration: 2 });
  const result = await autocannon({ url: base + urlPath, connections, duration });
  return {
    name,
    path: urlPath,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main() {
  const app = await startApp();
  try {
    const [product] = (await (await fetch(`${base}/api/products/in-stock?limit=1`)).json()) as {
      id: number;
    }[];
    const id = product?.id ?? 1;
    const targets: [string, string][] = [
      ["baseline: health (no database)", "/api/health"],
      ["API list, 10 products (cached)", "/api/products?limit=10"],
      ["API list, filtered + ordered", "/api/products?limit=20&category=audio&ordering=-price"],
      ["API detail (cached)", `/api/products/${id}`],
      ["legacy page via router", `/products/${id}?variant=legacy`],
      ["SPA page via router (SSR + fallback)", `/products/${id}?variant=spa`],
    ];
    const results: Result[] = [];
    for (const [name, p] of targets) {
      process.stderr.write(`  ${name} (${duration}s)…\n`);
      results.push(await load(name, p));
    }
    const js = await firstLoadJs([
      ["SPA product list", "/products?variant=spa"],
      ["SPA product detail", `/products/${id}?variant=spa`],
      ["legacy product detail", `/products/${id}?variant=legacy`],
    ]);
    const baseline = results[0]!;
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
    const lines = [
      "# Benchmark results",
      "",
      `Run ${new Date().toISOString()} on: ${machine}.`,
      `autocannon, ${connections} connections, ${duration} s per endpoint, against \`next start\` on 127.0.0.1 with the embedded PGlite database (200 products). Ratios are against the baseline measured in the same run.`,
      "",
      "| endpoint | path | req/s | × baseline | p50 ms | p99 ms | errors | non-2xx |",
      "|---|---|---:|---:|---:|---:|---:|---:|",
      ...results.map(
        (r) =>
          `| ${r.name} | \`${r.path}\` | ${r.rps} | ${(r.rps / baseline.rps).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`,
      ),
      "",
      ...(js.length
        ? [
            "First-load JavaScript (measured in headless Chromium from the production build; compressed as sent / decoded):",
            "",
            "| page | path | scripts | KB sent | KB decoded |",
            "|---|---|---:|---:|---:|",
            ...js.map((j) => `| ${j.name} | \`${j.path}\` | ${j.files} | ${j.transferKb} | ${j.decodedKb} |`),
            "",
          ]
        : []),
    ];
    mkdirSync("bench", { recursive: true });
    writeFileSync("bench/results.md", lines.join("\n"));
    writeFileSync(
      "bench/results.json",
      JSON.stringify(
        { at: new Date().toISOString(), machine, connections, duration, results, firstLoadJs: js },
        null,
        2,
      ) + "\n",
    );
    console.log(lines.join("\n"));
  } finally {
    app.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
