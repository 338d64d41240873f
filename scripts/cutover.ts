// npm run cutover -- <command>   (see USAGE)
// scan works offline on legacy-templates/. status, set, rollback and parity drive a running
// app over its admin API (CUTOVER_URL, default http://localhost:3000), so they work against
// any instance — including one whose embedded database this process could not open.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import ledger from "@/migration.config";
import { env } from "@/lib/env";
import { checkRoute, launchBrowser } from "@/lib/migration/parity";
import { scanExitCode, scanMarkdown, scanTemplates } from "@/lib/migration/scan";
import { DEMO_USERS } from "@/lib/db/seed";
import { cartSchema } from "@/lib/validation/cart";
import { problemSchema } from "@/lib/validation/common";
import {
  migrationStatusSchema,
  routeSchema,
  type OriginHealth,
  type ParitySample,
} from "@/lib/validation/migration";
import { productSchema } from "@/lib/validation/product";
import { accessTokenSchema } from "@/lib/validation/user";
import { rolloutPlanSchema, type RolloutPlanJson } from "@/lib/validation/rollout";
import { CliError, parseCommand, usage, USAGE, type Command } from "@/scripts/lib/cutover-args";

// ---- talking to the app ----------------------------------------------------------------

async function call(method: string, pathname: string, token?: string, body?: unknown): Promise<Response> {
  const base = env().CUTOVER_URL;
  try {
    return await fetch(new URL(pathname, base), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new CliError(
      `Cannot reach the app at ${base} (${error instanceof Error ? error.message : error}). Is it running? Set CUTOVER_URL to point elsewhere.`,
      3,
    );
  }
}

/** What the refusal's problem+json says (detail and field errors), else its status line. */
const refusalSchema = problemSchema.pick({ detail: true, errors: true });

async function failure(res: Response): Promise<CliError> {
  let detail = `${res.status} ${res.statusText}`;
  const problem = refusalSchema.safeParse(await res.json().catch(() => undefined));
  if (problem.success) {
    detail = [problem.data.detail, ...(problem.data.errors ?? []).map((e) => `${e.field} ${e.message}`)]
      .filter(Boolean)
      .join("; ");
  }
  return new CliError(
    `The app refused: ${detail}`,
    res.status === 401 || res.status === 403 || res.status >= 500 ? 3 : 1,
  );
}

/**
 * A successful answer's body, checked against the API's schema for it. Anything else means
 * CUTOVER_URL is not this version of the app (or not the app at all): said plainly, exit 3.
 */
async function answer<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  const what = `${res.url ? new URL(res.url).pathname : "the app"}`;
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new CliError(
      `The app's answer to ${what} is not JSON. Is CUTOVER_URL (${env().CUTOVER_URL}) this app?`,
      3,
    );
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new CliError(
    `The app's answer to ${what} is not what this CLI expects (is it the same version?):\n${z.prettifyError(result.error)}`,
    3,
  );
}

let cachedToken: string | undefined;
async function adminToken(): Promise<string> {
  if (cachedToken) return cachedToken;
  const { CUTOVER_TOKEN, CUTOVER_ADMIN_EMAIL, CUTOVER_ADMIN_PASSWORD, CUTOVER_URL } = env();
  if (CUTOVER_TOKEN) return (cachedToken = CUTOVER_TOKEN);
  let email = CUTOVER_ADMIN_EMAIL;
  let password = CUTOVER_ADMIN_PASSWORD;
  if (!email || !password) {
    if (!/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(CUTOVER_URL)) {
      throw usage(
        "Set CUTOVER_TOKEN, or CUTOVER_ADMIN_EMAIL and CUTOVER_ADMIN_PASSWORD, to drive a non-local app.",
      );
    }
    email = DEMO_USERS[0].email;
    password = DEMO_USERS[0].password;
  }
  const res = await call("POST", "/api/login", undefined, { username: email, password });
  if (!res.ok) throw await failure(res);
  return (cachedToken = (await answer(res, accessTokenSchema)).access_token);
}

// ---- commands ----------------------------------------------------------------------------

async function scan({ json, out }: Extract<Command, { command: "scan" }>) {
  const report = scanTemplates();
  const markdown = scanMarkdown(report);
  if (out) {
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, "scan.md"), markdown);
    await writeFile(path.join(out, "scan.json"), JSON.stringify(report, null, 2) + "\n");
    console.log(`Wrote ${path.join(out, "scan.md")} and ${path.join(out, "scan.json")}.`);
  } else {
    console.log(json ? JSON.stringify(report, null, 2) : markdown);
  }
  if (scanExitCode(report)) {
    throw new CliError(
      `${report.summary.errors} data output(s) without a data-parity mark; see "Parity marks" above.`,
      1,
    );
  }
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

async function status({ json }: Extract<Command, { command: "status" }>) {
  const res = await call("GET", "/api/migration/routes", await adminToken());
  if (!res.ok) throw await failure(res);
  const data = await answer(res, migrationStatusSchema);
  if (json) return console.log(JSON.stringify(data, null, 2));
  const rows = data.routes.map((r) => {
    const m = r.metrics;
    const total = (m?.legacy.requests ?? 0) + (m?.spa.requests ?? 0);
    return [
      r.id,
      r.pattern,
      r.state === "canary" ? `canary ${r.percent}%` : r.state,
      r.parity
        ? `${r.parity.ok ? "pass" : "FAIL"} (${r.parity.created_at.slice(0, 16).replace("T", " ")})`
        : "never run",
      total
        ? `${pct((m?.legacy.requests ?? 0) / total)} / ${pct((m?.spa.requests ?? 0) / total)}`
        : "no traffic",
      m ? `${pct(m.legacy.error_rate)} / ${pct(m.spa.error_rate)}` : "-",
      m ? `${m.legacy.p95_ms ?? "-"} / ${m.spa.p95_ms ?? "-"}` : "-",
    ];
  });
  const header = [
    "route",
    "pattern",
    "state",
    "parity",
    "traffic legacy/spa (24h)",
    "5xx legacy/spa",
    "p95 ms legacy/spa",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  const token = await adminToken();
  const plans = (
    await Promise.all(
      data.routes.map(async (r) => {
        const planRes = await call("GET", `/api/migration/routes/${encodeURIComponent(r.id)}/plan`, token);
        if (planRes.status === 404) return null;
        if (!planRes.ok) throw await failure(planRes);
        return answer(planRes, rolloutPlanSchema);
      }),
    )
  ).filter((p) => p !== null);
  if (plans.length) {
    console.log("\nRollouts:");
    for (const p of plans) console.log(describePlan(p));
  }
  if (data.origins.length) {
    console.log("\nOrigins (last 15 min):");
    for (const o of data.origins) console.log(describeOrigin(o));
  }
  console.log("\nDeprecated legacy endpoints (calls today / last 7 days):");
  if (!data.legacy_endpoints.length) console.log("  none called");
  for (const u of data.legacy_endpoints)
    console.log(`  ${u.endpoint.padEnd(28)} ${String(u.today).padStart(6)} / ${u.last_7_days}`);
}

function describeOrigin(o: OriginHealth): string {
  const serves = [
    o.routes.length ? `routes ${o.routes.join(", ")}` : o.name === "legacy" ? "unclaimed legacy routes" : "",
    o.api_prefixes.length ? `api ${o.api_prefixes.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  const status = o.status === "open" ? "BREAKER OPEN" : o.status === "failing" ? "FAILING" : o.status;
  const failed = o.last_failure
    ? `, last failure ${o.last_failure.kind} at ${o.last_failure.at.slice(0, 19).replace("T", " ")}`
    : "";
  return (
    `  ${o.name.padEnd(12)} ${status.padEnd(12)} ${o.url}  ${o.requests} forwarded, ${o.failures} failed, ` +
    `p95 ${o.p95_ms ?? "-"} ms${failed}\n      serves ${serves || "nothing yet"}`
  );
}

function describePlan(p: RolloutPlanJson): string {
  const steps = p.steps.map((s, i) => (i === p.step ? `[${s}%]` : `${s}%`)).join(" → ");
  const when = p.status === "active" ? `, ${p.bake_remaining_seconds} s of bake left` : "";
  const last = p.last_decision
    ? `\n      last decision (${p.last_decision.at.slice(11, 19)}): ${p.last_decision.verdict}: ${p.last_decision.reason}`
    : "";
  return `  ${p.id.padEnd(16)} ${p.status}  ${steps}${when}${last}`;
}

const routePath = (route: string, tail = "") => `/api/migration/routes/${encodeURIComponent(route)}${tail}`;

async function promote({ route, steps, bakeSeconds }: Extract<Command, { command: "promote" }>) {
  const res = await call("PUT", routePath(route, "/plan"), await adminToken(), {
    ...(steps ? { steps } : {}),
    ...(bakeSeconds !== undefined ? { bake_seconds: bakeSeconds } : {}),
  });
  if (!res.ok) throw await failure(res);
  const p = await answer(res, rolloutPlanSchema);
  console.log(
    `${p.id}: rollout started at ${p.percent}% (steps ${p.steps.join(" → ")} %, ${p.bake_seconds} s each).\n` +
      `Each step advances when healthy and parity passes; any failing check sends the route back to legacy.\n` +
      `Follow it with: npm run cutover -- status`,
  );
}

async function planAction({ command, route }: Extract<Command, { command: "pause" | "resume" | "abort" }>) {
  const res = await call(
    "POST",
    routePath(route, command === "abort" ? "/abort" : `/plan/${command}`),
    await adminToken(),
  );
  if (!res.ok) throw await failure(res);
  if (command === "abort") {
    const r = await answer(res, routeSchema);
    return console.log(`${r.id} is back on legacy for everyone; its rollout is aborted.`);
  }
  console.log(describePlan(await answer(res, rolloutPlanSchema)));
}

async function set({ route, state, percent }: Extract<Command, { command: "set" }>) {
  const res = await call("PATCH", `/api/migration/routes/${encodeURIComponent(route)}`, await adminToken(), {
    state,
    percent,
  });
  if (!res.ok) throw await failure(res);
  const r = await answer(res, routeSchema);
  console.log(
    `${r.id} (${r.pattern}) is now ${r.state === "canary" ? `canary at ${r.percent}%` : r.state}. Live on every instance within 2 s.`,
  );
}

async function rollback({ route }: Extract<Command, { command: "rollback" }>) {
  const res = await call(
    "POST",
    `/api/migration/routes/${encodeURIComponent(route)}/rollback`,
    await adminToken(),
  );
  if (!res.ok) throw await failure(res);
  const r = await answer(res, routeSchema);
  console.log(`${r.id} rolled back to ${r.state === "canary" ? `canary at ${r.percent}%` : r.state}.`);
}

/** next-auth's own endpoint (not in the OpenAPI document). */
const nextAuthCsrfSchema = z.object({ csrfToken: z.string() });

async function signInCookies(baseUrl: string, email: string, password: string) {
  // next-auth's own browser flow: csrf token, then the credentials callback.
  const csrfRes = await fetch(new URL("/api/auth/csrf", baseUrl));
  const { csrfToken } = await answer(csrfRes, nextAuthCsrfSchema);
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const res = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => /next-auth\.session-token=/.test(c));
  if (!session) throw new CliError(`Could not sign in as ${email} for the signed-in routes.`, 3);
  const [pair] = session.split(";");
  const [name, ...value] = pair!.split("=");
  return { name: name!.trim(), value: value.join("="), url: baseUrl };
}

/** So cart parity compares real lines: one in-stock product, added only to an empty cart. */
async function ensureCartLine(baseUrl: string, cookie: string) {
  const headers = { cookie, origin: new URL(baseUrl).origin, "content-type": "application/json" };
  const cartRes = await fetch(new URL("/api/cart", baseUrl), { headers });
  if (!cartRes.ok) throw await failure(cartRes);
  if ((await answer(cartRes, cartSchema)).items.length) return;
  const productsRes = await fetch(new URL("/api/products/in-stock?limit=1", baseUrl));
  if (!productsRes.ok) throw await failure(productsRes);
  const [product] = await answer(productsRes, z.array(productSchema.pick({ id: true })));
  if (!product) return;
  await fetch(new URL("/api/cart/items", baseUrl), {
    method: "POST",
    headers,
    body: JSON.stringify({ product_id: product.id, quantity: 2 }),
  });
}

async function parity({
  route: ref,
  samples,
  store,
  fillCart,
  diffDir,
}: Extract<Command, { command: "parity" }>) {
  const entries = ref ? ledger.filter((e) => e.id === ref || e.pattern === ref) : ledger;
  if (!entries.length) throw usage(`no ledger route ${ref}; known: ${ledger.map((e) => e.id).join(", ")}`);
  const { CUTOVER_URL, CHROMIUM_PATH, CUTOVER_ADMIN_EMAIL, CUTOVER_ADMIN_PASSWORD } = env();
  const token = store ? await adminToken() : undefined;
  const browser = await launchBrowser(CHROMIUM_PATH).catch((error: unknown) => {
    throw new CliError(
      `Cannot start Chromium at ${CHROMIUM_PATH} (${error instanceof Error ? error.message.split("\n")[0] : error}). Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
      3,
    );
  });
  let failed = false;
  try {
    for (const entry of entries) {
      const context = await browser.newContext();
      if (entry.signedIn) {
        const email = CUTOVER_ADMIN_EMAIL ?? DEMO_USERS[1].email;
        const password = CUTOVER_ADMIN_PASSWORD ?? DEMO_USERS[1].password;
        const session = await signInCookies(CUTOVER_URL, email, password);
        await context.addCookies([session]);
        if (fillCart) await ensureCartLine(CUTOVER_URL, `${session.name}=${session.value}`);
      }
      const report: ParitySample[] = await checkRoute(
        context,
        entry,
        CUTOVER_URL,
        samples,
        diffDir === null ? undefined : { diffDir },
      );
      await context.close();
      const ok = report.length > 0 && report.every((s) => s.ok);
      failed ||= !ok;
      console.log(`${ok ? "PASS" : "FAIL"}  ${entry.id} (${entry.pattern}) — ${report.length} sample(s)`);
      for (const sample of report) {
        if (sample.error) console.log(`      ${sample.path}: ${sample.error}`);
        for (const f of sample.fields) {
          if (f.match)
            console.log(
              `      ${sample.path}  ${f.field}: match (${f.legacy.length} value${f.legacy.length === 1 ? "" : "s"})`,
            );
          else
            console.log(
              `      ${sample.path}  ${f.field}: legacy ${JSON.stringify(f.legacy)} ≠ spa ${JSON.stringify(f.spa)}`,
            );
        }
        for (const v of sample.visual ?? []) {
          const share = `${(v.diff_ratio * 100).toFixed(2)}% of pixels differ`;
          const where = v.error ?? (v.diff_image ? `${share}, see ${v.diff_image}` : share);
          console.log(
            `      ${sample.path}  ${v.part} at ${v.viewport}: ${v.ok ? "same" : "DIFFERS"} (${where})`,
          );
        }
      }
      if (token) {
        const res = await call("POST", "/api/migration/parity", token, { route: entry.pattern, report });
        if (!res.ok) throw await failure(res);
      }
    }
  } finally {
    await browser.close();
  }
  if (failed) throw new CliError("Parity check failed: the variants above differ.", 1);
  console.log("Parity holds for every checked route.");
}

async function main() {
  const command = parseCommand(process.argv.slice(2));
  switch (command.command) {
    case "help":
      return console.log(USAGE);
    case "scan":
      return scan(command);
    case "status":
      return status(command);
    case "set":
      return set(command);
    case "rollback":
      return rollback(command);
    case "promote":
      return promote(command);
    case "pause":
    case "resume":
    case "abort":
      return planAction(command);
    case "parity":
      return parity(command);
  }
}

main().catch((error: unknown) => {
  if (error instanceof CliError) {
    console.error(error.message);
    process.exit(error.code);
  }
  console.error(`cutover failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
