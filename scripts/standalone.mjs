// The production server as the image runs it: Next's standalone output (.next/standalone),
// completed after `next build` with what Next leaves for the deployer to copy (the static
// assets and public/). `npm start`, the e2e suite and the benchmark all start this server.
//
//   node scripts/standalone.mjs copy     (the build's last step)
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

export const STANDALONE_DIR = path.join(".next", "standalone");
export const STANDALONE_SERVER = path.join(STANDALONE_DIR, "server.js");

export function copyAssets(root = process.cwd()) {
  const target = path.join(root, STANDALONE_DIR);
  if (!existsSync(path.join(target, "server.js"))) {
    throw new Error(`${STANDALONE_DIR}/server.js is missing: is output "standalone" set in next.config.js?`);
  }
  for (const [from, to] of [
    [path.join(root, ".next", "static"), path.join(target, ".next", "static")],
    [path.join(root, "public"), path.join(target, "public")],
  ]) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
  }
}

if (process.argv[2] === "copy") {
  copyAssets();
  console.log(`Standalone server ready: node ${STANDALONE_SERVER}`);
}
