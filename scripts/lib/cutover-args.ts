// The cutover CLI's command line: `node:util` parseArgs does the tokenising (`--out DIR`,
// `--out=DIR`, `--` before a value that starts with a dash); this module names the options
// each command takes and turns every mistake into a usage error (exit 2) that names it.
// Pure, so tests/unit/cutover-args.test.ts checks it without a running app.
import { parseArgs } from "node:util";
import { ROUTE_STATES, type RouteStateName } from "@/lib/validation/migration";

export const USAGE = `Cutover — move a server-rendered app to an SPA one route at a time.

Usage: npm run cutover -- <command> [options]

Commands:
  scan [--json] [--out DIR]          inventory legacy-templates/: graph, variables, scripts, called URLs;
                                     exit 1 if a data output of a ledger page has no data-parity mark
                                     mapped to REST operations; Markdown (default) or JSON
  status [--json]                    the ledger: state, percent, parity, traffic per variant, legacy calls
  set <route> <legacy|canary|spa> [percent]
                                     switch a route at run time (route = ledger id or pattern)
  rollback <route>                   undo the route's last change
  promote <route> [--steps 5,25,50,100] [--bake 10m]
                                     guarded rollout: canary steps, each baked (s, m or h) and
                                     analysed (5xx, p95 vs legacy, parity) before the next;
                                     back to legacy on its own when a check fails
  pause <route> | resume <route>     hold a rollout at its step / go on (the step bakes afresh)
  abort <route>                      everyone back to legacy now, rollout aborted (not an undo)
  parity [route] [--samples N] [--no-store] [--fill-cart] [--no-visual] [--diff-dir DIR]
                                     compare data-parity fields of the legacy and SPA variants in
                                     headless Chromium, and their header and footer pixel by pixel
                                     at 1280x800 and 390x844 (over 1% differing fails; difference
                                     images go to DIR, default parity-diffs/); exit 1 on any
                                     mismatch. Signed-in routes use CUTOVER_ADMIN_EMAIL/PASSWORD
                                     (demo shopper on localhost); --fill-cart puts one product in
                                     that user's cart if it is empty
  help                               this text

Environment: CUTOVER_URL (default http://localhost:3000); an admin's CUTOVER_TOKEN, or
CUTOVER_ADMIN_EMAIL + CUTOVER_ADMIN_PASSWORD (on localhost the demo admin is used if unset);
CHROMIUM_PATH (default /usr/bin/chromium).

Exit codes: 0 ok, 1 parity mismatch, unmarked data output or refused change, 2 usage error,
3 app unreachable.`;

/** An error the CLI reports as its message alone, exiting with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** A usage error: exit code 2, with a pointer to the help. */
export const usage = (message: string) =>
  new CliError(`${message}\n\nRun "npm run cutover -- help" for usage.`, 2);

export type Command =
  | { command: "help" }
  | { command: "scan"; json: boolean; out?: string }
  | { command: "status"; json: boolean }
  | { command: "set"; route: string; state: RouteStateName; percent?: number }
  | { command: "rollback"; route: string }
  | { command: "promote"; route: string; steps?: number[]; bakeSeconds?: number }
  | { command: "pause" | "resume" | "abort"; route: string }
  | {
      command: "parity";
      route?: string;
      samples: number;
      store: boolean;
      fillCart: boolean;
      /** Where chrome difference images go; null with --no-visual (fields only). */
      diffDir: string | null;
    };

type OptionSpec = Record<string, { type: "boolean" | "string" }>;

/** The options each command takes; every command also takes --help / -h. */
const OPTIONS = {
  scan: { json: { type: "boolean" }, out: { type: "string" } },
  status: { json: { type: "boolean" } },
  set: {},
  rollback: {},
  promote: { steps: { type: "string" }, bake: { type: "string" } },
  pause: {},
  resume: {},
  abort: {},
  parity: {
    samples: { type: "string" },
    "no-store": { type: "boolean" },
    "fill-cart": { type: "boolean" },
    "no-visual": { type: "boolean" },
    "diff-dir": { type: "string" },
  },
} satisfies Record<string, OptionSpec>;

type CommandName = keyof typeof OPTIONS;

const isCommand = (name: string): name is CommandName => Object.hasOwn(OPTIONS, name);

/** "-5" or "-2.5%": a negative number given as a value, never an option. */
const NEGATIVE_NUMBER = /^-\d[\d.]*%?$/;

/**
 * One command's arguments: its options' values and its positionals. Unknown options, an
 * option missing its value and a switch given one are usage errors naming the option.
 */
function parseOptions(command: CommandName, args: string[]) {
  const options: OptionSpec = OPTIONS[command];
  // Not strict: parseArgs then reports every option as a token, so the errors below can name
  // it in this CLI's words (and a negative number stays a value, as Node 20 has no allowNegative).
  const { tokens } = parseArgs({
    args,
    options: { ...options, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  const seen = new Set<number>();
  let help = false;
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    if (NEGATIVE_NUMBER.test(args[token.index] ?? "")) {
      // parseArgs reads "-5" as the short option -5 (and "-2.5" as several): one value.
      if (!seen.has(token.index)) positionals.push(args[token.index]!);
      seen.add(token.index);
      continue;
    }
    if (token.name === "help") {
      help = true;
      continue;
    }
    const spec = options[token.name];
    if (!spec) {
      const known = Object.keys(options).map((o) => `--${o}`);
      throw usage(
        `Unknown option ${token.rawName} for ${command}${known.length ? ` (it takes ${known.join(", ")})` : " (it takes none)"}.`,
      );
    }
    if (spec.type === "boolean") {
      if (token.value !== undefined) throw usage(`${token.rawName} takes no value (got ${token.value})`);
      values[token.name] = true;
    } else {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith("--")))
        throw usage(`${token.rawName} needs a value`);
      values[token.name] = token.value;
    }
  }
  return { values, positionals, help };
}

/** Reads the command line (without `node script`): which command, with what. */
export function parseCommand(argv: readonly string[]): Command {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") return { command: "help" };
  if (!isCommand(name)) throw usage(`Unknown command "${name}".`);
  const { values, positionals, help } = parseOptions(name, args);
  if (help) return { command: "help" };
  const flag = (option: string) => values[option] === true;
  const text = (option: string) => {
    const value = values[option];
    return typeof value === "string" ? value : undefined;
  };

  switch (name) {
    case "scan":
      if (positionals.length) throw usage(`scan takes no argument ${positionals[0]}`);
      return { command: "scan", json: flag("json"), out: text("out") };
    case "status":
      if (positionals.length) throw usage(`status takes no argument ${positionals[0]}`);
      return { command: "status", json: flag("json") };
    case "set": {
      const [route, state, percentText, ...rest] = positionals;
      if (!route || !state || rest.length) throw usage("set needs <route> <legacy|canary|spa> [percent]");
      if (!isRouteState(state)) throw usage(`state must be legacy, canary or spa (got ${state})`);
      let percent: number | undefined;
      if (percentText !== undefined) {
        percent = Number(percentText.replace(/%$/, ""));
        if (!Number.isInteger(percent) || percent < 0 || percent > 100)
          throw usage(`percent must be a whole number 0-100 (got ${percentText})`);
      }
      if (state === "canary" && percent === undefined)
        throw usage("a canary needs a percent, e.g. set /products/[id] canary 25");
      return { command: "set", route, state, percent };
    }
    case "rollback": {
      const [route, ...rest] = positionals;
      if (!route || rest.length) throw usage("rollback needs <route>");
      return { command: "rollback", route };
    }
    case "promote": {
      const [route, ...rest] = positionals;
      if (!route || rest.length) throw usage("promote needs <route> [--steps 5,25,50,100] [--bake 10m]");
      const stepsText = text("steps");
      const bakeText = text("bake");
      return {
        command: "promote",
        route,
        ...(stepsText !== undefined ? { steps: parseSteps(stepsText) } : {}),
        ...(bakeText !== undefined ? { bakeSeconds: parseDuration(bakeText) } : {}),
      };
    }
    case "pause":
    case "resume":
    case "abort": {
      const [route, ...rest] = positionals;
      if (!route || rest.length) throw usage(`${name} needs <route>`);
      return { command: name, route };
    }
    case "parity": {
      const samples = Number(text("samples") ?? "3");
      if (!Number.isInteger(samples) || samples < 1 || samples > 50) throw usage("--samples must be 1-50");
      const [route, ...rest] = positionals;
      if (rest.length) throw usage(`unexpected ${rest[0]}`);
      const diffDir = text("diff-dir");
      if (diffDir !== undefined && flag("no-visual"))
        throw usage("--diff-dir has nothing to do with --no-visual");
      if (diffDir === "") throw usage("--diff-dir needs a directory");
      return {
        command: "parity",
        route,
        samples,
        store: !flag("no-store"),
        fillCart: flag("fill-cart"),
        diffDir: flag("no-visual") ? null : (diffDir ?? "parity-diffs"),
      };
    }
  }
}

const isRouteState = (state: string): state is RouteStateName =>
  (ROUTE_STATES as readonly string[]).includes(state);

/** "5,25,50,100" → [5, 25, 50, 100]: whole percents, increasing, ending at 100. */
export function parseSteps(text: string): number[] {
  const steps = text.split(",").map((part) => Number(part.trim().replace(/%$/, "")));
  if (!steps.length || steps.some((p) => !Number.isInteger(p) || p < 1 || p > 100))
    throw usage(`--steps must be whole percents 1-100 separated by commas (got ${text})`);
  if (steps.some((p, i) => i > 0 && p <= steps[i - 1]!)) throw usage(`--steps must increase (got ${text})`);
  if (steps.at(-1) !== 100) throw usage(`--steps must end at 100 (got ${text})`);
  return steps;
}

/** "90", "90s", "10m", "2h" → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(s|m|h)?$/.exec(text.trim());
  if (!match) throw usage(`--bake must be a duration such as 90s, 10m or 1h (got ${text})`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? "s") as "s" | "m" | "h"];
  if (seconds > 7 * 86_400) throw usage(`--bake must be at most a week (got ${text})`);
  return seconds;
}
