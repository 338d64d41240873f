"use client";

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

type Series = SeriesPoint[];

/** The status, checked against the API's schema: a mismatch says where, not "undefined is not …". */
async function fetchStatus(url: string): Promise<MigrationStatus> {
  const result = migrationStatusSchema.safeParse(await api.get<unknown>(url));
  if (result.success) return result.data;
  throw new Error(`The server answered ${url} with an unexpected shape: ${z.prettifyError(result.error)}`);
}

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
  return (
    <main className="dash">
      <header>
        <h1>Migration dashboard</h1>
        <span className="muted">
          Signed in as {adminName}.{" "}
          {data ? `Updated ${new Date(data.generated_at).toLocaleTimeString()}; refreshes every 5 s.` : null}
        </span>
      </header>
      {isLoading && <p role="status">Loading the ledger…</p>}
      {error && (
        <p role="alert" className="error">
          Could not load the ledger: {describe(error)} <button onClick={() => mutate()}>Retry</button>
        </p>
      )}
      {data && (
        <>
          <LedgerTable routes={data.routes} onChanged={() => mutate()} />
          <h2>Traffic and latency per variant (last 24 h)</h2>
          <div className="charts">
            {data.routes.map((r) => (
              <TrafficChart key={r.pattern} route={r} />
            ))}
          </div>
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

function LedgerTable({ routes, onChanged }: { routes: Route[]; onChanged: () => void }) {
  return (
    <table aria-label="Route ledger">
      <thead>
        <tr>
          <th scope="col">Route</th>
          <th scope="col">State</th>
          <th scope="col">Parity</th>
          <th scope="col">Traffic legacy / SPA (24 h)</th>
          <th scope="col">5xx legacy / SPA</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
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
      <td>
        <span className={`state state-${route.state}`}>
          {route.state === "canary" ? `canary ${route.percent}%` : route.state}
        </span>
        {route.updatedBy && <div className="muted">by {route.updatedBy}</div>}
      </td>
      <td>
        {route.parity ? (
          <span className={route.parity.ok ? "ok" : "fail"}>{route.parity.ok ? "pass" : "fail"}</span>
        ) : (
          <span className="muted">never run</span>
        )}
      </td>
      <td>
        {legacy + spa
          ? `${pct(legacy / (legacy + spa))} / ${pct(spa / (legacy + spa))} (${legacy + spa})`
          : "no traffic yet"}
      </td>
      <td>
        {route.metrics
          ? `${pct(route.metrics.legacy.error_rate)} / ${pct(route.metrics.spa.error_rate)}`
          : "–"}
      </td>
      <td>
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

function Sparkline({
  series,
  value,
  color,
  label,
}: {
  series: Series;
  value: (p: Series[number]) => number | null;
  color: string;
  label: string;
}) {
  const width = 320;
  const height = 60;
  const values = series.map(value);
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const points = values
    .map((v, i) =>
      v === null
        ? null
        : `${(i / Math.max(1, values.length - 1)) * width},${height - (v / max) * (height - 4) - 2}`,
    )
    .filter(Boolean)
    .join(" ");
  return (
    <svg
      width="100%"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="none"
    >
      <polyline fill="none" stroke={color} strokeWidth="2" points={points} />
    </svg>
  );
}

function TrafficChart({ route }: { route: Route }) {
  const m = route.metrics;
  if (!m) return null;
  return (
    <section className="chart" aria-label={`Traffic for ${route.pattern}`}>
      <h3>
        <code>{route.pattern}</code>
      </h3>
      <p>
        <span className="legend-legacy">legacy</span> {m.legacy.requests} req, p50/p95/p99{" "}
        {m.legacy.p50_ms ?? "–"}/{m.legacy.p95_ms ?? "–"}/{m.legacy.p99_ms ?? "–"} ms ·{" "}
        <span className="legend-spa">SPA</span> {m.spa.requests} req, p50/p95/p99 {m.spa.p50_ms ?? "–"}/
        {m.spa.p95_ms ?? "–"}/{m.spa.p99_ms ?? "–"} ms
      </p>
      <div>Requests per 30 min</div>
      <Sparkline
        series={m.series.legacy}
        value={(p) => p.requests}
        color="#b54708"
        label={`Legacy requests for ${route.pattern}`}
      />
      <Sparkline
        series={m.series.spa}
        value={(p) => p.requests}
        color="#175cd3"
        label={`SPA requests for ${route.pattern}`}
      />
      <div>p95 latency (ms)</div>
      <Sparkline
        series={m.series.legacy}
        value={(p) => p.p95_ms}
        color="#b54708"
        label={`Legacy p95 for ${route.pattern}`}
      />
      <Sparkline
        series={m.series.spa}
        value={(p) => p.p95_ms}
        color="#175cd3"
        label={`SPA p95 for ${route.pattern}`}
      />
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
      <thead>
        <tr>
          <th scope="col">Route</th>
          <th scope="col">Result</th>
          <th scope="col">Differences</th>
        </tr>
      </thead>
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

function LegacyUsage({ usage }: { usage: MigrationStatus["legacy_endpoints"] }) {
  if (!usage.length) return <p>No deprecated endpoint was called in the last 7 days: they can be retired.</p>;
  return (
    <table aria-label="Deprecated legacy endpoint usage">
      <thead>
        <tr>
          <th scope="col">Endpoint</th>
          <th scope="col">Today</th>
          <th scope="col">Last 7 days</th>
        </tr>
      </thead>
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
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Route</th>
          <th scope="col">Change</th>
          <th scope="col">Who</th>
        </tr>
      </thead>
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
          </tr>
        ))}
      </tbody>
    </table>
  );
}
