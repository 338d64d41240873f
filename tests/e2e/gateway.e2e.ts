import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { adminToken } from "./setup/admin";
import { poll } from "./setup/poll";
import { startServer, type RunningServer } from "./setup/server";

// Cutover as the gateway in front of two old apps the test starts on loopback: each route from
// its own origin, an old API prefix strangled like a page, a hung app answered with 504 within
// its timeout, a down app with 502 at once and a breaker that opens and closes, and only the
// headers an origin may see; the SPA as a fallback while an app is down (only after a passing
// parity run); each origin's health as the dashboard and `cutover status` show it; a body over
// an origin's limit never reaching it.

type Seen = { app: string; method: string; url: string; headers: IncomingMessage["headers"] };
const seen: Seen[] = [];
let a: Server;
let b: Server;
let aPort = 0;
let app: RunningServer;
const TIMEOUT_MS = 1_000;
// While set, the old apps answer every request with a 500 of their own.
let broken = false;

function oldApp(name: string): Server {
  return createServer((req, res) => {
    seen.push({ app: name, method: req.method!, url: req.url!, headers: req.headers });
    if (req.url!.includes("hang")) return; // never answers
    if (broken) {
      res.writeHead(500, { "content-type": "text/html; charset=utf-8", "x-cutover-fallback": "forged" });
      return res.end(`<h1>${name} broke on ${req.url}</h1>`);
    }
    const api = req.url!.startsWith("/api/");
    res.writeHead(200, {
      "content-type": api ? "application/json" : "text/html; charset=utf-8",
      // Its own cookie, plus what an old app must not be able to do to Cutover.
      "set-cookie": [`${name}_session=fresh; Path=/`, "next-auth.session-token=evil; Path=/"],
      "x-cutover-origin-error": "timeout",
    });
    res.end(api ? JSON.stringify({ app: name, url: req.url }) : `<h1>${name} ${req.url}</h1>`);
  });
}

const listen = (server: Server, port = 0) =>
  new Promise<number>((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

beforeAll(async () => {
  a = oldApp("catalogue");
  b = oldApp("orders");
  aPort = await listen(a);
  const bPort = await listen(b);
  const shared = JSON.parse(process.env.E2E_SHARED_ENV!) as Record<string, string | undefined>;
  app = await startServer(3107, {
    ...shared,
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    NEXTAUTH_URL: "http://localhost:3107",
    ORIGINS: JSON.stringify({
      catalogue: {
        url: `http://127.0.0.1:${aPort}`,
        routes: ["cart"],
        apiPrefixes: ["/api/stock-report"],
        timeoutMs: TIMEOUT_MS,
        cookies: ["catalogue_session"],
        maxBodyBytes: 1_000,
      },
      orders: {
        url: `http://127.0.0.1:${bPort}`,
        routes: ["orders"],
        apiPrefixes: ["/api/reports"],
        timeoutMs: TIMEOUT_MS,
      },
    }),
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await Promise.all([a, b].map((s) => new Promise((r) => s.close(r))));
});

const timed = async (path: string, init: RequestInit = {}) => {
  const started = Date.now();
  const res = await fetch(`${app.url}${path}`, { redirect: "manual", ...init });
  const body = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body, ms: Date.now() - started, res };
};

it("serves each route from its own old app, and an old API prefix from its app", async () => {
  const cart = await timed("/cart?variant=legacy");
  expect(cart).toMatchObject({ status: 200, body: "<h1>catalogue /cart?variant=legacy</h1>" });
  expect(cart.res.headers.get("x-cutover-variant")).toBe("legacy");
  // Only the cookies the origin owns come back; Cutover's own headers are not the old app's.
  expect(cart.res.headers.getSetCookie().map((c) => c.split("=")[0])).toContain("catalogue_session");
  expect(cart.res.headers.getSetCookie().join(";")).not.toContain("next-auth.session-token");
  expect(cart.res.headers.get("x-cutover-origin-error")).toBeNull();
  expect((await timed("/orders?variant=legacy")).body).toBe("<h1>orders /orders?variant=legacy</h1>");
  const report = await timed("/api/reports/daily?day=2026-11-30");
  expect(report.status).toBe(200);
  expect(JSON.parse(report.body)).toEqual({ app: "orders", url: "/api/reports/daily?day=2026-11-30" });
  // Cutover's own API and unknown API paths are not forwarded.
  expect((await timed("/api/nope")).status).toBe(404);
  expect((await timed("/api/health")).status).toBe(200);
});

it("forwards only the headers an old app may see, and X-Forwarded-* as Cutover knows them", async () => {
  await timed("/cart?variant=legacy", {
    headers: {
      cookie: "next-auth.session-token=secret; catalogue_session=s1; cutover_bucket=42; orders_session=o1",
      authorization: "Bearer not-for-the-old-app",
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-host": "evil.example",
      "x-real-ip": "203.0.113.9",
      "accept-language": "de",
    },
  });
  const req = seen.filter((s) => s.app === "catalogue").at(-1)!;
  expect(req.headers.cookie).toBe("catalogue_session=s1");
  expect(req.headers.authorization).toBeUndefined();
  expect(req.headers["x-real-ip"]).toBeUndefined();
  expect(req.headers["x-forwarded-for"]).toBe("127.0.0.1");
  expect(req.headers["x-forwarded-host"]).toBe("localhost:3107");
  expect(req.headers["x-forwarded-proto"]).toBe("http");
  expect(req.headers["accept-language"]).toBe("de");
  expect(Object.keys(req.headers).filter((h) => h.startsWith("x-cutover"))).toEqual([]);
});

it("refuses a page body the router would only see cut short, and the old app never gets it", async () => {
  const before = seen.length;
  const res = await timed("/cart?variant=legacy", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `a=${"x".repeat(11 * 1024 * 1024)}`,
  });
  expect(res.status).toBe(413);
  expect(seen.length).toBe(before);
});

it("answers a hung app with 504 within its timeout: an HTML page for pages, problem+json for the API", async () => {
  const page = await timed("/orders?variant=legacy&hang=1");
  expect(page.status).toBe(504);
  expect(page.type).toMatch(/^text\/html/);
  expect(page.ms).toBeLessThan(TIMEOUT_MS + 1_000);
  const api = await timed("/api/reports/hang");
  expect(api.status).toBe(504);
  expect(api.type).toBe("application/problem+json");
  expect(JSON.parse(api.body)).toMatchObject({
    status: 504,
    detail: `orders did not answer within ${TIMEOUT_MS} ms.`,
  });
  expect(api.ms).toBeLessThan(TIMEOUT_MS + 1_000);
});

it("answers a down app with 502 at once, stops asking it while it keeps failing, and recovers when it returns", async () => {
  await new Promise((r) => a.close(r));
  for (let i = 0; i < 3; i++) {
    const down = await timed("/cart?variant=legacy");
    expect(down.status).toBe(502);
    expect(down.res.headers.get("x-cutover-origin-error")).toBe("unreachable");
    expect(down.ms).toBeLessThan(1_000);
  }
  // Three failures in a row: the breaker is open, the app is not even asked.
  const open = await timed("/cart?variant=legacy");
  expect(open.status).toBe(502);
  expect(open.res.headers.get("x-cutover-origin-error")).toBe("circuit-open");
  // The same breaker guards the app's API prefix, and says so in problem+json.
  const api = await timed("/api/stock-report");
  expect(api).toMatchObject({ status: 502, type: "application/problem+json" });
  expect(JSON.parse(api.body).detail).toBe("catalogue keeps failing; not asking it for 5 s");
  // Back on the same port: after the open period, one probe closes the breaker again.
  a = oldApp("catalogue");
  await listen(a, aPort);
  const deadline = Date.now() + 10_000;
  let status = 0;
  while (Date.now() < deadline && status !== 200) {
    await new Promise((r) => setTimeout(r, 500));
    status = (await timed("/cart?variant=legacy")).status;
  }
  expect(status).toBe(200);
}, 30_000);

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await adminToken(app.url)}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

type Origin = {
  name: string;
  status: string;
  requests: number;
  failures: number;
  p95_ms: number | null;
  last_failure: { kind: string } | null;
};
const origins = async () => (await admin("GET", "/api/migration/routes")).body.origins as Origin[];

// 1,800 bytes without a Content-Length, against the catalogue's limit of 1,000.
const chunkedOver = () =>
  ({
    method: "POST",
    body: new ReadableStream({
      start(c) {
        for (let i = 0; i < 3; i++) c.enqueue(new TextEncoder().encode("y".repeat(600)));
        c.close();
      },
    }),
    duplex: "half",
  }) as RequestInit;

it("refuses a body over the origin's limit before it reaches the app (API, declared or chunked)", async () => {
  const before = seen.length;
  const declared = await timed("/api/stock-report", { method: "POST", body: "x".repeat(1_001) });
  expect(declared).toMatchObject({ status: 413, type: "application/problem+json" });
  const chunked = await timed("/api/stock-report", chunkedOver());
  expect(chunked.status).toBe(413);
  expect(seen.length).toBe(before);
  const fits = await timed("/api/stock-report", { method: "POST", body: "z".repeat(1_000) });
  expect(fits.status).toBe(200);
  expect(seen.at(-1)).toMatchObject({ app: "catalogue", method: "POST" });
  // The refused body is read to its end, so the next request on the same keep-alive connection
  // goes through. (Giving up on it mid-body reset the connection under about one in seven.)
  for (let i = 0; i < 20; i++) {
    expect((await timed("/api/stock-report", chunkedOver())).status).toBe(413);
    expect((await timed("/api/stock-report", { method: "POST", body: "z" })).status).toBe(200);
  }
});

it("shows each origin's health: forwards, failures, p95, an open breaker", async () => {
  // Back and answering: more of the last two minutes' forwards succeeded than failed.
  for (let i = 0; i < 5; i++) expect((await timed("/cart?variant=legacy")).status).toBe(200);
  const now = await origins();
  const catalogue = now.find((o) => o.name === "catalogue")!;
  // The earlier tests forwarded to it and saw it go down: counted, with the last failure.
  expect(catalogue.requests).toBeGreaterThan(10);
  expect(catalogue.failures).toBe(3); // the breaker's fast refusals never reached it

  expect(catalogue.p95_ms).not.toBeNull();
  expect(catalogue.last_failure?.kind).toBe("unreachable");
  expect(catalogue.status).toBe("up");
  expect(now.find((o) => o.name === "orders")!.last_failure?.kind).toBe("timeout");

  await new Promise((r) => a.close(r));
  for (let i = 0; i < 3; i++) await timed("/cart?variant=legacy");
  expect((await origins()).find((o) => o.name === "catalogue")!.status).toBe("open");
}, 30_000);

const parityReport = (ok: boolean) => ({
  route: "/cart",
  report: [
    {
      path: "/cart",
      ok,
      fields: [{ field: "cart-total", match: ok, legacy: ["1"], spa: [ok ? "1" : "2"] }],
    },
  ],
});

it("serves the SPA while an app is down only when the route allows it and its parity passed", async () => {
  // The cart's ledger entry has fallback "spa", but its parity was never run: the 502 stands.
  const states = async () =>
    (await fetch(`${app.url}/api/migration/state`, {
      headers: { authorization: `Bearer ${await adminToken(app.url)}` },
    }).then((r) => r.json())) as { id: string; fallback: string | null }[];
  expect((await states()).find((s) => s.id === "cart")!.fallback).toBeNull();
  const refused = await timed("/cart?variant=legacy");
  expect(refused.status).toBe(502);
  const report = parityReport;
  expect((await admin("POST", "/api/migration/parity", report(true))).status).toBe(201);
  // Live on the router within its state refresh (about a second).
  const served = await poll(
    () => timed("/cart?variant=legacy"),
    (r) => r.status === 200,
    5_000,
  );
  expect(served.status).toBe(200);
  expect(served.res.headers.get("x-cutover-variant")).toBe("spa");
  expect(served.res.headers.get("x-cutover-fallback")).toMatch(/^(unreachable|circuit-open)$/);
  expect(served.body).toContain("Your cart");
  expect((await states()).find((s) => s.id === "cart")!.fallback).toBe("spa");
  // A form post is not something the SPA page can take over: still the 502.
  expect((await timed("/cart?variant=legacy", { method: "POST", body: "a=1" })).status).toBe(502);
  // A failed parity run withdraws the fallback.
  expect((await admin("POST", "/api/migration/parity", report(false))).status).toBe(201);
  const after = await poll(
    () => timed("/cart?variant=legacy"),
    (r) => r.status === 502,
    5_000,
  );
  expect(after.status).toBe(502);
}, 30_000);

it("takes an app's 5xx as a failure: passed on as the app sent it, counted, and fallen back from", async () => {
  // The catalogue returns healthy: its breaker closes on the first answer that gets through.
  a = oldApp("catalogue");
  await listen(a, aPort);
  const back = await poll(
    () => timed("/cart?variant=legacy"),
    (r) => r.status === 200,
    10_000,
  );
  expect(back.res.headers.get("x-cutover-variant")).toBe("legacy");

  broken = true;
  try {
    // The cart's parity last failed (the test above): no fallback, the app's own 500 goes out.
    const answered = await timed("/cart?variant=legacy");
    expect(answered.status).toBe(500);
    expect(answered.body).toBe("<h1>catalogue broke on /cart?variant=legacy</h1>");
    expect(answered.res.headers.get("x-cutover-origin-error")).toBe("error");
    expect(answered.res.headers.get("x-cutover-fallback")).toBeNull(); // the app's own is dropped

    // After a passing parity run, and the router's state refresh (at most a second), a 5xx
    // is fallen back from like a timeout.
    expect((await admin("POST", "/api/migration/parity", parityReport(true))).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1_500));
    const served = await timed("/cart?variant=legacy");
    expect(served.status).toBe(200);
    expect(served.res.headers.get("x-cutover-variant")).toBe("spa");
    expect(served.res.headers.get("x-cutover-fallback")).toBe("error");
    expect(served.body).toContain("Your cart");
    // A form post is not taken over: the app's 500 as it sent it.
    const posted = await timed("/cart?variant=legacy", { method: "POST", body: "a=1" });
    expect(posted.status).toBe(500);
    expect(posted.body).toContain("catalogue broke on /cart");

    // Three in a row opened the breaker; the health shows the kind of the last failure.
    const health = (await origins()).find((o) => o.name === "catalogue")!;
    expect(health.last_failure?.kind).toBe("error");
    expect(health.status).toBe("open");
  } finally {
    broken = false;
  }
}, 30_000);
