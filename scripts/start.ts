// `npm start`: check the configuration a production server needs (naming each missing or
// malformed variable, exit 1), then run the standalone server (scripts/standalone.mjs) with
// it, as the image does. The .env files `next start` would read are read here. Signals are
// passed on, so SIGTERM still lets the server finish its in-flight requests.
import { spawn } from "node:child_process";
import path from "node:path";

(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";

async function main() {
  const { loadEnvConfig } = await import("@next/env");
  loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  (await import("@/lib/fail-fast")).exitOnInvalidConfig();
  const { STANDALONE_SERVER } = await import("./standalone.mjs");
  const child = spawn(process.execPath, [STANDALONE_SERVER], {
    stdio: "inherit",
    env: {
      ...process.env,
      // The standalone server listens on HOSTNAME, which shells set to the machine's name.
      HOSTNAME: process.env.LISTEN_HOST ?? "0.0.0.0",
      // It changes into its own folder, which every build replaces: the embedded database
      // stays where `npm run db:migrate` and `db:seed` put it.
      DATA_DIR: path.resolve(process.env.DATA_DIR || ".data"),
    },
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGTERM" ? 143 : 1)));
}

void main();
