/** @jest-environment node */
import { randomUUID } from "node:crypto";
import { closeDatabase, installDatabase } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { DB_TIMEOUTS, openDatabase } from "@/lib/db/open";
import { GET as legacyProducts } from "@/app/legacy/products/route";
import { api } from "@/tests/helpers/app";
import { createCatalog, createUser, type TestUser } from "@/tests/helpers/fixtures";
import { startTcpProxy, type ProxyMode, type TcpProxy } from "@/tests/helpers/tcp-proxy";
import { eventually, expectGraceful, shopCalls, timed, traffic } from "@/tests/faults/traffic";

// A PostgreSQL that stops answering (frozen) or drops every connection (cut), between the app
// and a real PostgreSQL, mid-traffic. Needs a real PostgreSQL.
const PG = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const suite = PG ? describe : describe.skip;
// Warnings and errors are written here (other suites run silent): the outage's log is checked.
process.env.LOG_LEVEL = "warn";
if (!PG) {
  console.info("tests/faults/postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL to a real PostgreSQL)");
}

// A request already on a connection that froze waits out the client's query timeout (the
// production value, DB_TIMEOUTS), then answers 503. The slack covers what a request did
// before the freeze (it starts up to 300 ms earlier) and the work around the query.
const FROZEN_BOUND_MS = DB_TIMEOUTS.queryMs + 1_500;
// A cut connection fails at once; a new one is refused at once.
const CUT_BOUND_MS = 2_500;
const READY_BOUND_MS = 2_500;
// Distinct kinds of failure an outage logs (timeouts, refused, terminated, …).
const LOG_KINDS_BOUND = 8;

suite("API while PostgreSQL fails", () => {
  let proxy: TcpProxy;
  let productId: number;
  let shopper: TestUser;

  beforeAll(async () => {
    const target = new URL(PG ?? "postgresql://127.0.0.1:5432/test");
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    const database = await openDatabase({
      kind: "postgres",
      url: viaProxy.toString(),
      schema: `fault_${randomUUID().replace(/-/g, "").slice(0, 16)}`,
      temporarySchema: true,
    });
    await migrate(database.sql);
    installDatabase(database);
    const catalog = await createCatalog();
    productId = catalog.products[0]!.id;
    shopper = await createUser();
  });

  afterAll(async () => {
    proxy.setMode("pass");
    await closeDatabase();
    await proxy.close();
  });

  it.each<[ProxyMode, number]>([
    ["frozen", FROZEN_BOUND_MS],
    ["cut", CUT_BOUND_MS],
  ])("%s: answers 2xx/4xx or 503 problem+json within the bound, then recovers", async (mode, bound) => {
    const calls = shopCalls(productId, shopper.token);
    // Every line the app writes to stderr during the outage (still written).
    const lines: string[] = [];
    const write = console.error;
    const spy = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      lines.push(String(args[0]));
      write(...args);
    });
    const answers = await traffic(calls, { ms: 2_000, at: { ms: 300, run: () => proxy.setMode(mode) } });
    spy.mockRestore();
    expectGraceful(answers, bound);
    const failed = answers.filter((a) => a.status === 503).length;
    expect(failed).toBeGreaterThan(0);
    // Logged once per kind of failure per window, with a count of repeats; not once per request.
    expect(lines.length).toBeLessThanOrEqual(LOG_KINDS_BOUND);
    console.info(`${mode}: ${failed} requests answered 503, ${lines.length} log lines`);

    // The legacy twin answers the same outage with a 503 page, not a 500 (an uncached search).
    const started = performance.now();
    const legacy = await legacyProducts(
      new Request(`http://localhost:3000/legacy/products?search=outage-${mode}-${Date.now()}`),
    );
    expect(legacy.status).toBe(503);
    expect(legacy.headers.get("content-type")).toMatch(/^text\/html/);
    expect(legacy.headers.get("retry-after")).toBe("5");
    expect(await legacy.text()).toMatch(/Service unavailable/);
    expect(performance.now() - started).toBeLessThan(bound);

    const ready = await timed({ name: "GET /api/ready", run: () => api("GET", "/api/ready") });
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(READY_BOUND_MS);

    proxy.setMode("pass");
    // Back without a restart.
    const back = await eventually(
      () => timed({ name: "GET /api/ready", run: () => api("GET", "/api/ready") }),
      (a) => a.status === 200,
      FROZEN_BOUND_MS,
    );
    expect(back.status).toBe(200);
    // Answered by the database again: a success, or for the cart a 409 once the traffic above
    // has put the product's whole stock in the cart (a real answer, not an outage).
    const recovered = (a: { call: string; status: number }) =>
      a.status < 300 || (a.call.startsWith("POST /api/cart") && a.status === 409);
    for (const call of calls) {
      const answer = await eventually(() => timed(call), recovered, FROZEN_BOUND_MS);
      expect(answer).toMatchObject({ call: call.name, status: expect.any(Number) });
      expect(recovered(answer)).toBe(true);
    }
  });
});
