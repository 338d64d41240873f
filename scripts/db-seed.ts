// npm run db:seed [-- --products N] [--reset]
import path from "node:path";
import { env } from "@/lib/env";
import { migrate } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";
import { DEMO_USERS, isEmpty, resetShopData, seed } from "@/lib/db/seed";

const USAGE = `Usage: npm run db:seed -- [--products N] [--reset]

Fills the database with a deterministic demo shop: N products (default 200, up to 100000)
in 8 categories, an admin, two shoppers and a few orders.
  --products N  how many products to create
  --reset       delete the existing shop data first (otherwise a non-empty database is left alone)`;

function parseArgs(args: string[]): { products: number; reset: boolean } {
  let products = 200;
  let reset = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--reset") reset = true;
    else if (arg === "--products" || arg?.startsWith("--products=")) {
      const raw = arg.includes("=") ? arg.split("=")[1] : args[++i];
      const n = Number(raw);
      if (!raw || !Number.isInteger(n) || n < 1 || n > 100_000) {
        throw new Error(`--products must be a whole number from 1 to 100000 (got ${raw ?? "nothing"})`);
      }
      products = n;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
    }
  }
  return { products, reset };
}

function progressBar(done: number, total: number, startedAt: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const line = `  products [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${seconds}s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? "\n" : ""}`);
  else if (done === total || done % 10_000 === 0) process.stderr.write(`${line}\n`);
}

async function main() {
  const { products, reset } = parseArgs(process.argv.slice(2));
  const { DATABASE_URL, DATA_DIR } = env();
  const database = DATABASE_URL
    ? // Seeding 100,000 products takes statements longer than any request may.
      await openDatabase({
        kind: "postgres",
        url: DATABASE_URL,
        poolSize: 2,
        timeouts: { statementMs: 0, queryMs: 0 },
      })
    : await openDatabase({ kind: "pglite", dataDir: path.join(DATA_DIR, "pglite") });
  try {
    await migrate(database.sql);
    if (!(await isEmpty(database.prisma))) {
      if (!reset) {
        console.log("The database already has shop data; left it alone. Use --reset to replace it.");
        return;
      }
      await resetShopData(database.prisma);
      console.log("Removed the existing shop data.");
    }
    const startedAt = Date.now();
    const summary = await seed(database.prisma, {
      products,
      onProgress: (done, total) => progressBar(done, total, startedAt),
    });
    console.log(
      `Seeded ${summary.products} products in ${summary.categories} categories, ` +
        `${summary.users} users and ${summary.orders} orders in ${((Date.now() - startedAt) / 1000).toFixed(1)}s.`,
    );
    console.log("Demo sign-ins (demo data only; change them before exposing the app):");
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(5)}  ${u.email}  ${u.password}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
