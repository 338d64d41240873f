import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { STANDALONE_SERVER } from "@/scripts/standalone.mjs";

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the built app as the image runs it (the standalone server, scripts/standalone.mjs)
 * and waits until /api/ready answers 200.
 */
export async function startServer(
  port: number,
  env: Record<string, string | undefined>,
): Promise<RunningServer> {
  // Something already answering there (a server left running) would be tested instead.
  const taken = await fetch(`http://localhost:${port}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${port} is already in use: stop whatever is listening there first`);
  const child: ChildProcess = spawn(process.execPath, [STANDALONE_SERVER], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "cutover-e2e-")),
      PORT: String(port),
      HOSTNAME: "::", // both 127.0.0.1 and ::1, as `next start` listens
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server on :${port} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/ready`);
      // The first request also migrates and seeds the database.
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server on :${port} was not ready within 90 s (did you run npm run build?)`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        // Gone already (exited, or killed by a signal: then exitCode stays null).
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
