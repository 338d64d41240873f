import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { STANDALONE_SERVER } from "@/scripts/standalone.mjs";
import { poll } from "./setup/poll";

// A production server with missing or malformed configuration stops at start-up with one
// message naming each variable, before it answers any request (it used to start and answer
// 500 to every page while /api/health said 200).

function start(env: Record<string, string | undefined>, port: number) {
  // The standalone server, as the image starts it.
  const child = spawn(process.execPath, [STANDALONE_SERVER], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
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

describe("operations", () => {
  const port = 3131;
  const url = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof start>;
  beforeAll(async () => {
    server = start(
      {
        AUTH_SECRET: "y".repeat(40),
        NEXTAUTH_URL: url,
        DATABASE_URL: undefined,
        REDIS_URL: undefined,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), "cutover-ops-")),
        SEED_ON_START: "true",
        LOG_LEVEL: "info",
      },
      port,
    );
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if ((await fetch(`${url}/api/ready`).catch(() => null))?.ok) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`not ready:\n${server.output()}`);
  }, 120_000);
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
  });

  const accessLines = () =>
    server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{") && l.includes('"message":"request"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("returns X-Request-Id and security headers on pages and the API, and logs one line per request", async () => {
    const page = await fetch(`${url}/products?variant=legacy&search=secret-query`, {
      headers: { "x-request-id": "trace-123" },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get("x-request-id")).toBe("trace-123");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect([...page.headers.keys()].filter((h) => h.startsWith("x-cutover-log-"))).toEqual([]);

    const login = await fetch(`${url}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "alice@example.com", password: "alice-demo-password" }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const me = await fetch(`${url}/api/users/me`, { headers: { authorization: `Bearer ${token}` } });
    const user = (await me.json()) as { id: number };
    const generated = me.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect([...me.headers.keys()].filter((h) => h.startsWith("x-cutover-log-"))).toEqual([]);

    // The API document loads from the production build (every operation's schemas together).
    expect((await fetch(`${url}/api/openapi.json`)).status).toBe(200);
    const lines = await poll(
      async () => accessLines(),
      (l) => l.some((x) => x.request_id === generated),
      5_000,
      50,
    );
    expect(lines.find((l) => l.request_id === "trace-123")).toMatchObject({
      method: "GET",
      route: "/products",
      status: 200,
      variant: "legacy",
      user: null,
    });
    expect(lines.find((l) => l.request_id === generated)).toMatchObject({
      method: "GET",
      route: "GET /api/users/me",
      status: 200,
      user: String(user.id),
    });
    // Never the query, the token, the password or a cookie.
    const all = JSON.stringify(lines);
    for (const secret of ["secret-query", token, "alice-demo-password", "next-auth"])
      expect(all).not.toContain(secret);
  });

  it("caches the stylesheet for a year only under this build's own version", async () => {
    const html = await (await fetch(`${url}/products?variant=legacy`)).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    expect(href).toMatch(/^\/styles\/shop\.css\?v=[0-9a-f]{16}$/);
    const own = await fetch(url + href);
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // Another build's version (a rolling deploy: a new page's request reaching an old instance).
    const other = await fetch(`${url}/styles/shop.css?v=0123456789abcdef`);
    expect(other.status).toBe(200);
    expect(other.headers.get("cache-control")).not.toContain("immutable");
  });
});
