import { CliError, parseCommand } from "@/scripts/lib/cutover-args";

/** The usage error parseCommand throws for `argv`: its first line, and its exit code. */
function refusal(argv: string[]): { message: string; code: number } {
  try {
    parseCommand(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    expect(error.message).toContain('Run "npm run cutover -- help" for usage.');
    return { message: error.message.split("\n")[0]!, code: error.code };
  }
  throw new Error(`parseCommand(${JSON.stringify(argv)}) was accepted`);
}

describe("npm run cutover -- <command>: the command line", () => {
  it("shows the help for no command, help, --help and -h (also after a command)", () => {
    for (const argv of [[], ["help"], ["--help"], ["-h"], ["status", "--help"], ["set", "-h"]]) {
      expect(parseCommand(argv)).toEqual({ command: "help" });
    }
  });

  it("reads scan and status with their options, in either spelling of a value", () => {
    expect(parseCommand(["scan"])).toEqual({ command: "scan", json: false, out: undefined });
    expect(parseCommand(["scan", "--json"])).toMatchObject({ json: true });
    expect(parseCommand(["scan", "--out", "report"])).toMatchObject({ out: "report" });
    expect(parseCommand(["scan", "--out=report"])).toMatchObject({ out: "report" });
    expect(parseCommand(["status", "--json"])).toEqual({ command: "status", json: true });
  });

  it("reads promote with steps and a bake time in s, m or h; pause, resume and abort with a route", () => {
    expect(parseCommand(["promote", "product-detail"])).toEqual({
      command: "promote",
      route: "product-detail",
    });
    expect(parseCommand(["promote", "/products/[id]", "--steps", "5,25%,100", "--bake=10m"])).toEqual({
      command: "promote",
      route: "/products/[id]",
      steps: [5, 25, 100],
      bakeSeconds: 600,
    });
    expect(parseCommand(["promote", "cart", "--bake", "90"])).toMatchObject({ bakeSeconds: 90 });
    expect(parseCommand(["promote", "cart", "--bake", "2h"])).toMatchObject({ bakeSeconds: 7200 });
    for (const command of ["pause", "resume", "abort"]) {
      expect(parseCommand([command, "cart"])).toEqual({ command, route: "cart" });
    }
  });

  it("refuses rollout plans that make no sense, saying why", () => {
    expect(refusal(["promote"])).toEqual({
      message: "promote needs <route> [--steps 5,25,50,100] [--bake 10m]",
      code: 2,
    });
    expect(refusal(["promote", "cart", "--steps", "50,25,100"]).message).toBe(
      "--steps must increase (got 50,25,100)",
    );
    expect(refusal(["promote", "cart", "--steps", "5,25"]).message).toBe(
      "--steps must end at 100 (got 5,25)",
    );
    expect(refusal(["promote", "cart", "--steps", "0,100"]).message).toMatch(/whole percents 1-100/);
    expect(refusal(["promote", "cart", "--bake", "10 minutes"]).message).toMatch(/--bake must be a duration/);
    expect(refusal(["promote", "cart", "--bake", "8d"]).message).toMatch(/--bake must be a duration/);
    expect(refusal(["abort"]).message).toBe("abort needs <route>");
    expect(refusal(["pause", "cart", "extra"]).message).toBe("pause needs <route>");
  });

  it("reads set with a state and an optional percent (a trailing % allowed)", () => {
    expect(parseCommand(["set", "/products/[id]", "canary", "25"])).toEqual({
      command: "set",
      route: "/products/[id]",
      state: "canary",
      percent: 25,
    });
    expect(parseCommand(["set", "product-detail", "spa"])).toEqual({
      command: "set",
      route: "product-detail",
      state: "spa",
      percent: undefined,
    });
    expect(parseCommand(["set", "cart", "canary", "10%"])).toMatchObject({ percent: 10 });
  });

  it("reads rollback and parity", () => {
    expect(parseCommand(["rollback", "product-detail"])).toEqual({
      command: "rollback",
      route: "product-detail",
    });
    expect(parseCommand(["parity"])).toEqual({
      command: "parity",
      route: undefined,
      samples: 3,
      store: true,
      fillCart: false,
      diffDir: "parity-diffs",
    });
    expect(parseCommand(["parity", "cart", "--samples", "2", "--no-store", "--fill-cart"])).toEqual({
      command: "parity",
      route: "cart",
      samples: 2,
      store: false,
      fillCart: true,
      diffDir: "parity-diffs",
    });
    expect(parseCommand(["parity", "--no-visual"])).toMatchObject({ diffDir: null });
    expect(parseCommand(["parity", "--diff-dir", "out/diffs"])).toMatchObject({ diffDir: "out/diffs" });
    expect(parseCommand(["parity", "--samples=5", "cart"])).toMatchObject({ route: "cart", samples: 5 });
  });

  it.each([
    [["deploy"], 'Unknown command "deploy".'],
    [["status", "--verbose"], "Unknown option --verbose for status (it takes --json)."],
    [["scan", "--samples", "2"], "Unknown option --samples for scan (it takes --json, --out)."],
    [["set", "cart", "spa", "--force"], "Unknown option --force for set (it takes none)."],
    [
      ["parity", "-x"],
      "Unknown option -x for parity (it takes --samples, --no-store, --fill-cart, --no-visual, --diff-dir).",
    ],
    [["parity", "--no-visual", "--diff-dir", "d"], "--diff-dir has nothing to do with --no-visual"],
    [["scan", "--out"], "--out needs a value"],
    [["parity", "--samples", "--no-store"], "--samples needs a value"],
    [["status", "--json=yes"], "--json takes no value (got yes)"],
    [["scan", "extra"], "scan takes no argument extra"],
    [["status", "extra"], "status takes no argument extra"],
    [["set", "cart"], "set needs <route> <legacy|canary|spa> [percent]"],
    [["set", "cart", "spa", "10", "more"], "set needs <route> <legacy|canary|spa> [percent]"],
    [["set", "/products/[id]", "half"], "state must be legacy, canary or spa (got half)"],
    [["set", "cart", "canary", "101"], "percent must be a whole number 0-100 (got 101)"],
    [["set", "cart", "canary", "-5"], "percent must be a whole number 0-100 (got -5)"],
    [["set", "cart", "canary", "2.5"], "percent must be a whole number 0-100 (got 2.5)"],
    [["set", "cart", "canary"], "a canary needs a percent, e.g. set /products/[id] canary 25"],
    [["rollback"], "rollback needs <route>"],
    [["rollback", "cart", "orders"], "rollback needs <route>"],
    [["parity", "--samples", "0"], "--samples must be 1-50"],
    [["parity", "--samples", "many"], "--samples must be 1-50"],
    [["parity", "cart", "orders"], "unexpected orders"],
  ])("%j is a usage error (exit 2): %s", (argv, message) => {
    expect(refusal(argv)).toEqual({ message, code: 2 });
  });
});
