import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { startServer, type RunningServer } from "./setup/server";
import { poll } from "./setup/poll";

// Cutover scaled out as it ships (docker-compose.yml): Debian's nginx with the shipped
// deploy/nginx.conf (only the upstream servers and listen address replaced) in front of two
// instances on one PostgreSQL and one Redis, the database migrated first by the migrate job's
// own command. Through nginx: a session and a bearer token from one instance work on the other;
// a product update is visible through the other within 1 s; a route-state change applies on
// both; SIGTERM lets an instance finish what it is serving and exit; an instance killed under
// load fails nothing but what it had in flight. PostgreSQL + Redis only (skipped otherwise).

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const NGINX = spawnSync("sh", ["-c", "command -v nginx || ls /usr/sbin/nginx"], { encoding: "utf8" })
  .stdout.trim()
  .split("\n")[0];
const run = DATABASE_URL && REDIS_URL && NGINX ? describe : describe.skip;

const LB_PORT = 3140;
const PORTS = [3141, 3142] as const;
const lb = `http://127.0.0.1:${LB_PORT}`;
const direct = (port: number) => `http://127.0.0.1:${port}`;

run("two instances behind nginx", () => {
  const stamp = Date.now();
  const database = `cutover_lb_${stamp}`;
  let databaseUrl = "";
  let env: Record<string, string | undefined> = {};
  const instances = new Map<number, RunningServer>();
  let nginx: ChildProcess;
  let slowOrigin: Server;
  let slowArrived: () => void = () => {};
  let adminToken = "";

  const startInstance = async (port: number) => instances.set(port, await startServer(port, env));

  beforeAll(async () => {
    const admin = new Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(DATABASE_URL!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    // The compose file's one-shot migrate job, with its own command, before any instance.
    execFileSync("npm", ["run", "-s", "db:migrate"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
      stdio: "pipe",
    });
    // An old app that takes 1.5 s: something in flight when an instance is told to stop.
    slowOrigin = createServer((_req, res) => {
      slowArrived();
      setTimeout(() => res.end(JSON.stringify({ slow: true })), 1_500);
    });
    await new Promise<void>((r) => slowOrigin.listen(0, "127.0.0.1", r));
    const shared = JSON.parse(process.env.E2E_SHARED_ENV!) as Record<string, string | undefined>;
    env = {
      ...shared,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: `lb-${stamp}:`,
      NEXTAUTH_URL: lb,
      TRUSTED_PROXIES: "127.0.0.1",
      SEED_ON_START: "true",
      ORIGINS: JSON.stringify({
        reports: {
          url: `http://127.0.0.1:${(slowOrigin.address() as AddressInfo).port}`,
          apiPrefixes: ["/api/slow"],
          timeoutMs: 5_000,
        },
      }),
    };
    for (const port of PORTS) await startInstance(port);

    // The shipped site config, ports adapted, inside a minimal main config.
    const prefix = mkdtempSync(path.join(tmpdir(), "cutover-nginx-"));
    for (const dir of ["body", "proxy", "logs"]) {
      mkdirSync(path.join(prefix, dir));
      chmodSync(path.join(prefix, dir), 0o777);
    }
    chmodSync(prefix, 0o755);
    const site = readFileSync("deploy/nginx.conf", "utf8")
      .replace(
        /^.*# upstream-servers$/m,
        PORTS.map((p) => `  server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n"),
      )
      .replace(/^\s*listen 80; # listen$/m, `  listen 127.0.0.1:${LB_PORT};`)
      // Which instance answered, for the kill test.
      .replace(
        /^(\s*)proxy_buffering on;$/m,
        "$1proxy_buffering on;\n$1add_header X-Upstream $upstream_addr always;",
      );
    expect(site).not.toContain("web:3000");
    writeFileSync(path.join(prefix, "site.conf"), site);
    writeFileSync(
      path.join(prefix, "nginx.conf"),
      `daemon off;\nworker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log warn;\n` +
        `events { worker_connections 512; }\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n` +
        `  proxy_temp_path ${prefix}/proxy;\n  include ${prefix}/site.conf;\n}\n`,
    );
    const conf = path.join(prefix, "nginx.conf");
    execFileSync(NGINX!, ["-t", "-q", "-p", prefix, "-c", conf], { stdio: "pipe" });
    nginx = spawn(NGINX!, ["-p", prefix, "-c", conf], { stdio: "inherit" });
    const up = await poll(
      () =>
        fetch(`${lb}/api/health`).then(
          (r) => r.ok,
          () => false,
        ),
      (ok) => ok,
      5_000,
      100,
    );
    expect(up).toBe(true);
    const login = await fetch(`${lb}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin@cutover.dev", password: "admin-demo-password" }),
    });
    adminToken = ((await login.json()) as { access_token: string }).access_token;
  }, 240_000);

  afterAll(async () => {
    try {
      nginx?.kill("SIGQUIT");
      await Promise.all([...instances.values()].map((i) => i.stop()));
      if (slowOrigin) await new Promise((r) => slowOrigin.close(r));
    } finally {
      const admin = new Client({ connectionString: DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);

  it("accepts a bearer token and a session cookie issued by one instance on the other, and through nginx", async () => {
    const [a, b] = PORTS;
    const login = await fetch(`${direct(a)}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "alice@example.com", password: "alice-demo-password" }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    expect(
      (await fetch(`${direct(b)}/api/users/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);

    // A browser session, signed in on B through next-auth's own endpoints.
    const csrf = await fetch(`${direct(b)}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const callback = await fetch(`${direct(b)}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({
        csrfToken,
        email: "alice@example.com",
        password: "alice-demo-password",
        json: "true",
      }),
    });
    const cookie = callback.headers
      .getSetCookie()
      .find((c) => c.startsWith("next-auth.session-token="))!
      .split(";")[0]!;
    const who = async (base: string) =>
      (
        (await (await fetch(`${base}/api/session/user`, { headers: { cookie } })).json()) as {
          user: { email: string } | null;
        }
      ).user?.email;
    expect(await who(direct(a))).toBe("alice@example.com");
    for (let i = 0; i < 6; i++) {
      expect(await who(lb)).toBe("alice@example.com");
      expect(
        (await fetch(`${lb}/api/users/me`, { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
    }
  });

  it("shows a product update made through one instance on the other within 1 s (no stale cache)", async () => {
    const [a, b] = PORTS;
    const [product] = (await (await fetch(`${direct(b)}/api/products?limit=1`)).json()) as {
      id: number;
      price: number;
    }[];
    // Both instances have it cached (API and the shared page cache).
    await fetch(`${direct(b)}/api/products/${product!.id}`);
    await fetch(`${direct(b)}/products/${product!.id}?variant=spa`);
    const price = Math.round(product!.price * 100 + 123) / 100;
    const update = await fetch(`${direct(a)}/api/products/${product!.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ price }),
    });
    expect(update.status).toBe(200);
    const changed = Date.now();
    let seenApi = 0;
    let seenPage = 0;
    while ((!seenApi || !seenPage) && Date.now() - changed < 5_000) {
      const api = (await (await fetch(`${direct(b)}/api/products/${product!.id}`)).json()) as {
        price: number;
      };
      if (!seenApi && api.price === price) seenApi = Date.now() - changed;
      const page = await (await fetch(`${direct(b)}/products/${product!.id}?variant=spa`)).text();
      if (!seenPage && page.includes(price.toLocaleString("en-US", { minimumFractionDigits: 2 }))) {
        seenPage = Date.now() - changed;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect({ seenApi: seenApi > 0 && seenApi < 1_000, seenPage: seenPage > 0 && seenPage < 1_000 }).toEqual({
      seenApi: true,
      seenPage: true,
    });
  });

  it("applies a route-state change on both instances", async () => {
    const set = (state: string) =>
      fetch(`${lb}/api/migration/routes/cart`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ state }),
      });
    expect((await set("spa")).status).toBe(200);
    const variants = async () =>
      Promise.all(
        PORTS.map(async (p) => (await fetch(`${direct(p)}/cart`)).headers.get("x-cutover-variant")),
      );
    const seen = await poll(variants, (v) => v.every((x) => x === "spa"), 3_000, 100);
    expect(seen).toEqual(["spa", "spa"]);
    expect((await set("legacy")).status).toBe(200);
  });

  it("finishes what an instance is serving after SIGTERM, then it exits; nginx sends the rest elsewhere", async () => {
    const b = PORTS[1];
    const server = instances.get(b)!;
    const reached = new Promise<void>((resolve) => (slowArrived = resolve));
    const inFlight = fetch(`${direct(b)}/api/slow`).then(async (r) => ({
      status: r.status,
      body: await r.text(),
    }));
    // Signalled only once the request is inside the instance (forwarded to the old app).
    await reached;
    process.kill(server.pid, "SIGTERM");
    // Meanwhile nginx keeps answering (the other instance).
    for (let i = 0; i < 5; i++) expect((await fetch(`${lb}/api/health`)).status).toBe(200);
    expect(await inFlight).toEqual({ status: 200, body: JSON.stringify({ slow: true }) });
    const alive = () => {
      try {
        process.kill(server.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(
      await poll(
        async () => alive(),
        (a) => !a,
        10_000,
        100,
      ),
    ).toBe(false);
    await expect(fetch(`${direct(b)}/api/health`)).rejects.toThrow();
    await startInstance(b);
  }, 60_000);

  it("fails nothing but what was in flight when an instance is killed under load", async () => {
    const b = PORTS[1];
    const victim = instances.get(b)!;
    // nginx takes the restarted instance back (it was marked down when it stopped): the kill
    // must hit one that is serving.
    const from = async () => (await fetch(`${lb}/api/health`)).headers.get("x-upstream") ?? "";
    expect(await poll(from, (u) => u.endsWith(`:${b}`), 10_000, 100)).toMatch(new RegExp(`:${b}$`));
    const results: { at: number; ok: boolean; upstream: string }[] = [];
    const started = Date.now();
    let killedAt = 0;
    const worker = async (n: number) => {
      const paths = [
        "/api/products?limit=5",
        "/products?variant=legacy",
        "/api/categories",
        `/products?variant=spa&page=${n}`,
      ];
      let i = n;
      while (Date.now() - started < 6_000) {
        const [ok, upstream] = await fetch(`${lb}${paths[i++ % paths.length]}`)
          .then(async (r) => {
            await r.arrayBuffer();
            return [r.status < 500, r.headers.get("x-upstream") ?? ""] as const;
          })
          .catch(() => [false, ""] as const);
        results.push({ at: Date.now(), ok, upstream });
      }
    };
    const killer = (async () => {
      await new Promise((r) => setTimeout(r, 2_000));
      killedAt = Date.now();
      process.kill(victim.pid, "SIGKILL");
    })();
    const CONCURRENCY = 12;
    await Promise.all([killer, ...Array.from({ length: CONCURRENCY }, (_, n) => worker(n))]);
    const failed = results.filter((r) => !r.ok);
    // The instance really is gone (the standalone server is the process itself).
    expect(() => process.kill(victim.pid, 0)).toThrow();
    console.info(
      `killed one of two instances under load: ${results.length} requests through nginx, ${failed.length} failed`,
    );
    // At most the requests in flight at the kill (one per worker); none after nginx noticed.
    expect(results.length).toBeGreaterThan(100);
    expect(results.filter((r) => r.at < killedAt && r.upstream.endsWith(`:${b}`)).length).toBeGreaterThan(10);
    expect(failed.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(failed.filter((r) => r.at > killedAt + 1_000)).toEqual([]);
    instances.delete(b);
  }, 60_000);
});
