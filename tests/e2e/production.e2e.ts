import { spawn } from "node:child_process";

// A production server with missing or malformed configuration stops at start-up with one
// message naming each variable, before it answers any request (it used to start and answer
// 500 to every page while /api/health said 200).

function start(env: Record<string, string | undefined>, port: number) {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

it.each([
  [
    "no AUTH_SECRET or NEXTAUTH_URL",
    { AUTH_SECRET: undefined, NEXTAUTH_URL: undefined },
    [/AUTH_SECRET: required in production/, /NEXTAUTH_URL: required in production/],
  ],
  [
    "a malformed DATABASE_URL and REDIS_URL",
    {
      AUTH_SECRET: "x".repeat(40),
      NEXTAUTH_URL: "http://localhost:3130",
      DATABASE_URL: "mysql://db/shop",
      REDIS_URL: "localhost:6379",
    },
    [/DATABASE_URL: must be a postgres/, /REDIS_URL/],
  ],
])(
  "refuses to start with %s, answering nothing",
  async (_what, env, messages) => {
    const server = start(env, 3130);
    let answered: number | null = null;
    const poll = (async () => {
      while (server.child.exitCode === null) {
        answered = await fetch("http://127.0.0.1:3130/api/health")
          .then((r) => r.status)
          .catch(() => null);
        if (answered !== null) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const code = await Promise.race([
      server.exited,
      new Promise((r) => setTimeout(() => r("still running"), 30_000)),
    ]);
    await poll;
    if (code === "still running") server.child.kill("SIGKILL");
    expect(code).toBe(1);
    expect(answered).toBeNull();
    for (const message of messages) expect(server.output()).toMatch(message);
  },
  60_000,
);
