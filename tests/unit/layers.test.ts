/** @jest-environment node */
import { spawnSync } from "node:child_process";

// The layering in ARCHITECTURE.md is enforced by ESLint (eslint.config.mjs). Here the real
// config lints small sources as if they stood in each layer: an upward import is an error
// naming the rule, a downward one passes. (ESLint loads its flat config with a dynamic
// import, which jest's module system cannot run: the linting happens in one child process.)

const UPWARD: [string, string][] = [
  ["lib/services/example.ts", 'import { requireUser } from "@/lib/auth/guards";'],
  ["lib/services/example.ts", 'import { handle } from "@/lib/http/handler";'],
  ["lib/db/example.ts", 'import { getCart } from "@/lib/services/cart";'],
  ["lib/auth/example.ts", 'import { legacyPage } from "@/lib/legacy/page";'],
  ["lib/validation/example.ts", 'import { db } from "@/lib/db";'],
  ["lib/rules/example.ts", 'import { getCache } from "@/lib/cache";'],
  ["lib/api-client/example.ts", 'import { env } from "@/lib/env";'],
  ["lib/migration/example.ts", 'import { GET } from "@/app/api/products/route";'],
];
const DOWNWARD: [string, string][] = [
  ["lib/services/example.ts", 'import { db } from "@/lib/db";'],
  ["lib/auth/example.ts", 'import { findIdentity } from "@/lib/services/users";'],
  ["lib/http/example.ts", 'import { requireUser } from "@/lib/auth/guards";'],
  ["lib/api-client/example.ts", 'import { formatMoney } from "@/lib/rules/money";'],
];

const SCRIPT = `
import { ESLint } from "eslint";
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const [filePath, code] of cases) {
  const [result] = await eslint.lintText(code + "\\n", { filePath });
  out.push(result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message));
}
console.log(JSON.stringify(out));
`;

let results: string[][];
beforeAll(() => {
  const run = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", SCRIPT, JSON.stringify([...UPWARD, ...DOWNWARD])],
    { encoding: "utf8", timeout: 60_000 },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  results = JSON.parse(run.stdout) as string[][];
});

describe("layers import only downward", () => {
  it.each(UPWARD.map((c, i) => [...c, i] as const))("%s may not %s", (_file, _code, i) => {
    expect(results[i]!.join("\n")).toMatch(/imports only the layers below it/);
  });

  it.each(DOWNWARD.map((c, i) => [...c, UPWARD.length + i] as const))("%s may %s", (_file, _code, i) => {
    expect(results[i]).toEqual([]);
  });
});
