import { env } from "@/lib/env";

/**
 * Fail fast: a misconfigured server stops at start-up with one message naming each variable,
 * rather than starting and answering 500 to every page. Called by instrumentation.ts before
 * anything else; scripts/preflight.ts does the same before `npm start` launches the server.
 */
export function exitOnInvalidConfig(): void {
  try {
    env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
