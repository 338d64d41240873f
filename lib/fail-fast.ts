import { env, serverConfigProblems } from "@/lib/env";

/**
 * Fail fast: a misconfigured server stops at start-up with one message naming each variable,
 * rather than starting and answering 500 to every page. Called by instrumentation.ts before
 * anything else; scripts/start.ts (npm start) does the same before it launches the server.
 * Scripts (migrations, the seed) check only what they use.
 */
export function exitOnInvalidConfig(): void {
  const problems: string[] = [];
  try {
    env();
  } catch (error) {
    problems.push(
      ...(error instanceof Error ? error.message : String(error))
        .split("\n")
        .filter((line) => line.startsWith("  ")),
    );
  }
  // Missing production settings first, then malformed ones; each variable once.
  const lines = [...new Set([...serverConfigProblems(), ...problems])];
  if (lines.length) {
    console.error(`Invalid environment:\n${lines.join("\n")}\nSee .env.example.`);
    process.exit(1);
  }
}
