"use client";

import Link from "next/link";
import { useState } from "react";
import useSWR from "swr";
import { z } from "zod";
import { api } from "@/lib/api-client/client";
import { ApiError } from "@/lib/api-client/errors";
import {
  migrationStatusSchema,
  type MigrationRoute as Route,
  type MigrationStatus,
  type SeriesPoint,
} from "@/lib/validation/migration";
import { rolloutPlanSchema, type RolloutPlanJson as Plan } from "@/lib/validation/rollout";

type Series = SeriesPoint[];

/** A fetcher whose answer is checked against the API's schema: a mismatch says where, not "undefined is not …". */
function parsedFetcher<T>(schema: z.ZodType<T>) {
  return async (url: string): Promise<T> => {
    const result = schema.safeParse(await api.get<unknown>(url));
    if (result.success) return result.data;
    throw new Error(`The server answered ${url} with an unexpected shape: ${z.prettifyError(result.error)}`);
  };
}
const fetchStatus = parsedFetcher<MigrationStatus>(migrationStatusSchema);
const fetchRollouts = parsedFetcher<Plan[]>(z.array(rolloutPlanSchema));

/** The API's sentence, plus any field messages ("percent: a canary needs …"). */
function describe(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const fields = Object.entries(error.fieldErrors).map(([f, m]) => `${f} ${m}`);
  return [error.userMessage, ...fields.filter((f) => !error.userMessage.includes(f))].join("; ");
}

export function MigrationDashboard({ adminName }: { adminName: string }) {
  const { data, error, mutate, isLoading } = useSWR("/api/migration/routes", fetchStatus, {
    refreshInterval: 5_000,
  });
  const rollouts = useSWR("/api/migration/rollouts", fetchRollouts, { refreshInterval: 5_000 });
  const refresh = () => {
    void mutate();
    void rollouts.mutate();
  };
  const unchecked = data?.routes.filter((r) => r.state !== "legacy" && !r.parity?.ok) ?? [];
  return (
    <main className="dash">
      <nav aria-label="Admin" className="dash-nav">
        <Link href="/products">Shop</Link>
        <Link href="/admin/products">Product admin</Link>
        <a href="/docs">API reference</a>
      </nav>
      <header>
        <h1>Migration dashboard</h1>
        <span className="muted updated">
          Signed in as {adminName}.{" "}
          {data ? `Updated ${new Date(data.generated_at).toLocaleTimeString()}; refreshes every 5 s.` : null}
        </span>
      </header>
      {isLoading && !data && <p role="status">Loading the ledger…</p>}
      {error && (
        <p role="alert" className="error">
          Could not load the ledger: {describe(error)} <button onClick={() => mutate()}>Retry</button>
        </p>
      )}
      {data && (
        <>
          {unchecked.length > 0 && (
            <div role="alert" className="warning">
              {unchecked.map((r) => (
                <p key={r.id}>
                  <strong>{r.id}</strong> serves the SPA to visitors (
                  {r.state === "canary" ? `${r.percent}%` : "everyone"})
                  {r.parity ? " but its latest parity run failed" : " but parity was never run"}: run{" "}
                  <code>npm run cutover -- parity {r.id}</code>.
                </p>
              ))}
            </div>
          )}
          <LedgerTable routes={data.routes} onChanged={refresh} />
          <h2>Rollouts</h2>
          <Rollouts routes={data.routes} plans={rollouts.data ?? []} onChanged={refresh} />
          <h2>Traffic, errors and latency per variant (last 24 h)</h2>
          <div className="charts">
            {data.routes.map((r) => (
              <TrafficCharts key={r.pattern} route={r} />
            ))}
          </div>
          {data.origins.length > 0 && (
            <>
              <h2>Origins (old apps behind Cutover, last 15 min)</h2>
              <Origins origins={data.origins} />
            </>
          )}
          <h2>Parity</h2>
          <ParityResults routes={data.routes} />
          <h2>Deprecated legacy endpoints</h2>
          <LegacyUsage usage={data.legacy_endpoints} />
          <h2>Change history</h2>
          <History history={data.history} />
        </>
      )}
    </main>
  );
}

const seconds = (n: number) =>
  n >= 3600 ? `${(n / 3600).toFixed(1)} h` : n >= 60 ? `${Math.round(n / 60)} min` : `${n} s`;

function Rollouts({ routes, plans, onChanged }: { routes: Route[]; plans: Plan[]; onChanged: () => void }) {
  return (
    <div className="rollouts">
      {routes.map((r) => (
        <RolloutCard
          key={r.id}
          route={r}
          plan={plans.find((p) => p.id === r.id) ?? null}
          onChanged={onChanged}
        />
      ))}
    </div>
  );
}

function RolloutCard({ route, plan, onChanged }: { route: Route; plan: Plan | null; onChanged: () => void }) {
  const [steps, setSteps] = useState("5,25,50,100");
  const [bake, setBake] = useState(600);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const id = encodeURIComponent(route.id);

  async function act(action: "start" | "pause" | "resume" | "abort") {
    setBusy(true);
    setMessage(null);
    try {
      if (action === "start") {
        const parsed = steps.split(",").map((x) => Number(x.trim()));
        await api.put(`/api/migration/routes/${id}/plan`, { steps: parsed, bake_seconds: bake });
      } else if (action === "abort") {
        await api.post(`/api/migration/routes/${id}/abort`);
      } else {
        await api.post(`/api/migration/routes/${id}/plan/${action}`);
      }
      onChanged();
    } catch (e) {
      setMessage(`Not done: ${describe(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const d = plan?.last_decision;
  const t = plan?.thresholds;
  const running = plan && (plan.status === "active" || plan.status === "paused");
  return (
    <section className="rollout" aria-label={`Rollout of ${route.id}`}>
      <h3>
        <code>{route.pattern}</code> <span className="muted">{plan ? plan.status : "no plan"}</span>
      </h3>
      {plan && (
        <ol className="timeline" aria-label={`Steps of ${route.id}`}>
          {plan.steps.map((p, i) => {
            const done = i < plan.step || plan.status === "done";
            const current = i === plan.step && running;
            return (
              <li key={p} className={done ? "done" : current ? "current" : "todo"}>
                {p}%
                {current && plan.status === "active" && (
                  <span className="muted"> · {seconds(plan.bake_remaining_seconds)} left</span>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {d && t && (
        <div className="decision">
          <p>
            <strong className={`verdict verdict-${d.verdict}`}>{d.verdict}</strong> at{" "}
            {new Date(d.at).toLocaleTimeString()}: {d.reason}
          </p>
          <table aria-label={`Analysis of ${route.id}`}>
            <ColumnHeads names={["Check", "Measured", "Threshold"]} />
            <tbody>
              <tr>
                <th scope="row">SPA views this step</th>
                <td>{d.spa.requests}</td>
                <td>≥ {t.minRequests}</td>
              </tr>
              <tr>
                <th scope="row">SPA 5xx rate</th>
                <td>
                  {pct(d.spa.error_rate)} (legacy {pct(d.legacy.error_rate)})
                </td>
                <td>
                  ≤ {pct(t.maxErrorRate)}, ≤ {t.maxErrorRateRatio}× legacy + 1 pt
                </td>
              </tr>
              <tr>
                <th scope="row">p95 SPA / legacy</th>
                <td>
                  {d.spa.p95_ms ?? "–"} / {d.legacy.p95_ms ?? "–"} ms
                </td>
                <td>≤ {t.maxP95Ratio}×</td>
              </tr>
              <tr>
                <th scope="row">Parity</th>
                <td>{d.parity ? (d.parity.ok ? "pass" : "fail") : "never run"}</td>
                <td>{t.requireParity ? "pass to promote" : "not required"}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      <div className="controls">
        {running ? (
          <>
            {plan.status === "active" ? (
              <button onClick={() => act("pause")} disabled={busy}>
                Pause
              </button>
            ) : (
              <button onClick={() => act("resume")} disabled={busy}>
                Resume
              </button>
            )}
            <button onClick={() => act("abort")} disabled={busy} className="danger">
              Abort to legacy
            </button>
          </>
        ) : (
          <>
            <label>
              Steps{" "}
              <input
                value={steps}
                onChange={(e) => setSteps(e.target.value)}
                aria-label={`Steps for ${route.id}`}
                size={12}
              />
            </label>
            <label>
              Bake{" "}
              <select
                value={bake}
                onChange={(e) => setBake(Number(e.target.value))}
                aria-label={`Bake time for ${route.id}`}
              >
                <option value={60}>1 min</option>
                <option value={300}>5 min</option>
                <option value={600}>10 min</option>
                <option value={1800}>30 min</option>
                <option value={3600}>1 h</option>
              </select>
            </label>
            <button onClick={() => act("start")} disabled={busy}>
              Promote
            </button>
          </>
        )}
      </div>
      {message && (
        <p role="status" className="error">
          {message}
        </p>
      )}
    </section>
  );
}

function LedgerTable({ routes, onChanged }: { routes: Route[]; onChanged: () => void }) {
  return (
    <table aria-label="Route ledger">
      <ColumnHeads
        names={["Route", "State", "Parity", "Traffic legacy / SPA (24 h)", "5xx legacy / SPA", "Change"]}
      />
      <tbody>
        {routes.map((r) => (
          <RouteRow key={r.pattern} route={r} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function RouteRow({ route, onChanged }: { route: Route; onChanged: () => void }) {
  const [state, setState] = useState(route.state);
  const [percent, setPercent] = useState(route.state === "canary" ? route.percent : 25);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const legacy = route.metrics?.legacy.requests ?? 0;
  const spa = route.metrics?.spa.requests ?? 0;

  async function apply(action: "set" | "rollback") {
    setBusy(true);
    setMessage(null);
    try {
      const id = encodeURIComponent(route.id);
      if (action === "set") {
        await api.patch(`/api/migration/routes/${id}`, state === "canary" ? { state, percent } : { state });
      } else {
        await api.post(`/api/migration/routes/${id}/rollback`);
      }
      setMessage("Saved; live everywhere within 2 s.");
      onChanged();
    } catch (e) {
      setMessage(`Not saved: ${describe(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const label = `${route.id}`;
  return (
    <tr>
      <th scope="row">
        <code>{route.pattern}</code>
        <div className="muted">
          {route.legacy} → {route.spa}
        </div>
      </th>
      <td data-label="State">
        <span className={`state state-${route.state}`}>
          {route.state === "canary" ? `canary ${route.percent}%` : route.state}
        </span>
        {route.updatedBy && <div className="muted">by {route.updatedBy}</div>}
      </td>
      <td data-label="Parity">
        {route.parity ? (
          <span className={route.parity.ok ? "ok" : "fail"}>{route.parity.ok ? "pass" : "fail"}</span>
        ) : (
          <span className="muted">never run</span>
        )}
      </td>
      <td data-label="Traffic legacy / SPA">
        {legacy + spa
          ? `${pct(legacy / (legacy + spa))} / ${pct(spa / (legacy + spa))} (${legacy + spa})`
          : "no traffic yet"}
      </td>
      <td data-label="5xx legacy / SPA">
        {route.metrics
          ? `${pct(route.metrics.legacy.error_rate)} / ${pct(route.metrics.spa.error_rate)}`
          : "–"}
      </td>
      <td data-label="Change">
        <div className="controls">
          <select
            aria-label={`State of ${label}`}
            value={state}
            onChange={(e) => setState(e.target.value as Route["state"])}
            disabled={busy}
          >
            <option value="legacy">legacy</option>
            <option value="canary">canary</option>
            <option value="spa">spa</option>
          </select>
          {state === "canary" && (
            <label>
              <input
                type="range"
                min={1}
                max={99}
                value={percent}
                aria-label={`SPA share of ${label}`}
                onChange={(e) => setPercent(Number(e.target.value))}
                disabled={busy}
              />{" "}
              {percent}%
            </label>
          )}
          <button onClick={() => apply("set")} disabled={busy}>
            Apply
          </button>
          <button onClick={() => apply("rollback")} disabled={busy}>
            Roll back
          </button>
        </div>
        {message && (
          <div role="status" className={message.startsWith("Not") ? "error" : "muted"}>
            {message}
          </div>
        )}
      </td>
    </tr>
  );
}

const COLORS = { legacy: "#b54708", spa: "#175cd3" } as const;

/** A small line chart with a y axis (0, half, max), time labels and each point's value on hover. */
function LineChart({
  title,
  unit,
  series,
  value,
}: {
  title: string;
  unit: string;
  series: { legacy: Series; spa: Series };
  value: (p: Series[number]) => number | null;
}) {
  const width = 360;
  const height = 140;
  const left = 40;
  const bottom = 20;
  const plotW = width - left - 8;
  const plotH = height - bottom - 8;
  const all = [...series.legacy, ...series.spa].map(value).filter((v): v is number => v !== null);
  const max = Math.max(1, ...all);
  const n = Math.max(series.legacy.length, series.spa.length);
  const x = (i: number) => left + (i / Math.max(1, n - 1)) * plotW;
  const y = (v: number) => 8 + plotH - (v / max) * plotH;
  const times = series.legacy.length ? series.legacy : series.spa;
  const label = (i: number) =>
    times[i] ? new Date(times[i]!.t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  const ticks = [0, max / 2, max];
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toString() : Number(v.toFixed(1)).toString());
  return (
    <figure className="linechart">
      <figcaption>
        {title} <span className="muted">({unit})</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title}, ${unit}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 8} y1={y(t)} y2={y(t)} className="grid" />
            <text x={left - 4} y={y(t) + 4} textAnchor="end" className="axis">
              {fmt(t)}
            </text>
          </g>
        ))}
        {[0, Math.floor((n - 1) / 2), n - 1].map((i) => (
          <text
            key={i}
            x={x(i)}
            y={height - 4}
            textAnchor={i === 0 ? "start" : i === n - 1 ? "end" : "middle"}
            className="axis"
          >
            {label(i)}
          </text>
        ))}
        {(["legacy", "spa"] as const).map((variant) => {
          const points = series[variant].map((p, i) => ({ p, i, v: value(p) })).filter((q) => q.v !== null);
          return (
            <g key={variant}>
              <polyline
                fill="none"
                stroke={COLORS[variant]}
                strokeWidth="2"
                points={points.map((q) => `${x(q.i)},${y(q.v!)}`).join(" ")}
              />
              {points.map((q) => (
                <circle key={q.i} cx={x(q.i)} cy={y(q.v!)} r="3" fill={COLORS[variant]}>
                  <title>{`${variant === "spa" ? "SPA" : "legacy"} ${label(q.i)}: ${fmt(q.v!)} ${unit}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function TrafficCharts({ route }: { route: Route }) {
  const m = route.metrics;
  if (!m) return null;
  return (
    <section className="chart" aria-label={`Traffic for ${route.pattern}`}>
      <h3>
        <code>{route.pattern}</code>
      </h3>
      <p>
        <span className="legend-legacy">■ legacy</span> {m.legacy.requests} req, p50/p95/p99{" "}
        {m.legacy.p50_ms ?? "–"}/{m.legacy.p95_ms ?? "–"}/{m.legacy.p99_ms ?? "–"} ms ·{" "}
        <span className="legend-spa">■ SPA</span> {m.spa.requests} req, p50/p95/p99 {m.spa.p50_ms ?? "–"}/
        {m.spa.p95_ms ?? "–"}/{m.spa.p99_ms ?? "–"} ms
      </p>
      <LineChart title="Requests" unit="per 30 min" series={m.series} value={(p) => p.requests} />
      <LineChart
        title="5xx rate"
        unit="%"
        series={m.series}
        value={(p) => (p.requests ? (100 * p.errors) / p.requests : null)}
      />
      <LineChart title="p95 latency" unit="ms" series={m.series} value={(p) => p.p95_ms} />
    </section>
  );
}

function ParityResults({ routes }: { routes: Route[] }) {
  const runs = routes.filter((r) => r.parity);
  if (!runs.length)
    return (
      <p>
        No parity run yet. Run <code>npm run cutover -- parity</code>.
      </p>
    );
  return (
    <table aria-label="Parity results">
      <ColumnHeads names={["Route", "Result", "Differences"]} />
      <tbody>
        {runs.map((r) => {
          const run = r.parity!;
          const diffs = run.report.flatMap((s) => [
            ...(s.error ? [`${s.path}: ${s.error}`] : []),
            ...s.fields
              .filter((f) => !f.match)
              .map(
                (f) =>
                  `${s.path} ${f.field}: legacy ${JSON.stringify(f.legacy)} ≠ SPA ${JSON.stringify(f.spa)}`,
              ),
          ]);
          return (
            <tr key={r.pattern}>
              <th scope="row">
                <code>{r.pattern}</code>
              </th>
              <td>
                <span className={run.ok ? "ok" : "fail"}>{run.ok ? "pass" : "fail"}</span> · {run.samples}{" "}
                sample(s) · {new Date(run.created_at).toLocaleString()}
              </td>
              <td className="diff">{diffs.length ? diffs.map((d) => <div key={d}>{d}</div>) : "none"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ColumnHeads({ names }: { names: string[] }) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}

const ORIGIN_STATUS = {
  up: "up",
  idle: "idle (nothing forwarded for 2 min)",
  failing: "failing",
  open: "breaker open: failing fast",
} as const;

function Origins({ origins }: { origins: MigrationStatus["origins"] }) {
  return (
    <table aria-label="Origins">
      <ColumnHeads names={["Origin", "Serves", "Status", "Forwarded", "Failed", "p95", "Last failure"]} />
      <tbody>
        {origins.map((o) => (
          <tr key={o.name}>
            <th scope="row">
              {o.name} <code>{o.url}</code>
            </th>
            <td>
              {[...o.routes, ...o.api_prefixes].join(", ") ||
                (o.name === "legacy" ? "unclaimed legacy routes" : "nothing yet")}
            </td>
            <td className={o.status === "up" || o.status === "idle" ? undefined : "fail"}>
              {ORIGIN_STATUS[o.status]}
            </td>
            <td>{o.requests}</td>
            <td>{o.failures}</td>
            <td>{o.p95_ms === null ? "–" : `${o.p95_ms} ms`}</td>
            <td>
              {o.last_failure
                ? `${o.last_failure.kind}, ${new Date(o.last_failure.at).toLocaleTimeString()}`
                : "none"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LegacyUsage({ usage }: { usage: MigrationStatus["legacy_endpoints"] }) {
  if (!usage.length) return <p>No deprecated endpoint was called in the last 7 days: they can be retired.</p>;
  return (
    <table aria-label="Deprecated legacy endpoint usage">
      <ColumnHeads names={["Endpoint", "Today", "Last 7 days"]} />
      <tbody>
        {usage.map((u) => (
          <tr key={u.endpoint}>
            <th scope="row">
              <code>{u.endpoint}</code>
            </th>
            <td>{u.today}</td>
            <td>{u.last_7_days}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History({ history }: { history: MigrationStatus["history"] }) {
  if (!history.length) return <p>No change yet: every route is at its ledger default.</p>;
  const fmt = (s: { state: string; percent: number }) =>
    s.state === "canary" ? `canary ${s.percent}%` : s.state;
  return (
    <table aria-label="Change history">
      <ColumnHeads names={["When", "Route", "Change", "Who", "Why"]} />
      <tbody>
        {history.map((h) => (
          <tr key={h.id}>
            <td>{new Date(h.at).toLocaleString()}</td>
            <td>
              <code>{h.pattern}</code>
            </td>
            <td>
              {fmt(h.from)} → {fmt(h.to)}
            </td>
            <td>{h.actor}</td>
            <td>{h.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
