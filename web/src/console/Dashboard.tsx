// The managers' dashboard: orders by status today, throughput per hour, scan errors caught
// by step and by picker, the error-rate trend and the oldest unshipped orders. Charts are
// Chart.js (only the pieces used are registered); each has its numbers as a table too.
// It refetches when the server announces a change over server-sent events.
import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router-dom";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartOptions,
  type Plugin,
} from "chart.js";
import { withQuery } from "../api";
import { ErrorBanner, formatTime, humanize, useResource, useTitle } from "../ui";
import {
  formatNumber,
  LiveIndicator,
  num,
  ORDER_STATUSES,
  StatusBadge,
  Table,
  useLiveChanges,
  useWarehouseParam,
  WarehouseFilter,
} from "./common";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.color = "#4a5360";
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// Dark enough for 3:1 against white (WCAG non-text contrast) and apart from each other.
const BLUE = "#0b4f8a";
const GREEN = "#0f6b2f";
const RED = "#a4161a";
const BROWN = "#7a4d00";
const NAVY = "#14324a";

export type DashboardData = {
  date: string;
  generated_at?: string;
  warehouse: string | null;
  orders_by_status: Record<string, number>;
  throughput_per_hour: Array<{ hour: string; scans: number; units_picked: number; units_packed: number; orders_shipped: number }>;
  errors_by_step: Array<{ step: string; scans: number; errors: number }>;
  errors_by_user: Array<{ user: string; scans: number; errors: number }>;
  error_rate_trend: Array<{ date: string; scans: number; errors: number; per_1000: number }>;
  oldest_unshipped: Array<{ id: number; barcode: string; status: string; warehouse: string; created_at: string; age_hours: number }>;
};

const CLOSED = ["shipped", "delivered", "cancelled"];

// Marks the canvas once Chart.js has drawn it (the browser tests wait for this).
const drawnMarker: Plugin = {
  id: "drawnMarker",
  afterRender(chart) {
    chart.canvas.dataset.drawn = "true";
  },
};

function ChartBox({
  id,
  title,
  summary,
  config,
  table,
  empty,
}: {
  id: string;
  title: string;
  summary: string;
  config: ChartConfiguration;
  table: React.ReactNode;
  empty?: string | false;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.options = config.options ?? {};
      chart.current.update("none");
      return;
    }
    chart.current = new Chart(canvas.current, { ...config, plugins: [drawnMarker] });
  }, [config]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <section className="card chart-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} id={id} />
        {empty && (
          <p className="chart-empty" aria-hidden="true">
            {empty}
          </p>
        )}
      </div>
      <details>
        <summary>{title} as a table</summary>
        {table}
      </details>
    </section>
  );
}

const hourLabel = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
};

const dayLabel = (iso: string) => {
  const date = new Date(`${iso}T00:00:00`);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
};

function age(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${formatNumber(hours, 1)} h`;
  return `${Math.floor(hours / 24)} d ${Math.round(hours % 24)} h`;
}

const integerAxis = { beginAtZero: true, ticks: { precision: 0 } };

const noAnimation = { animation: false as const, responsive: true, maintainAspectRatio: false };

// One series of bars counted in whole numbers, sideways for long labels, with no legend.
function bars(
  labels: string[],
  label: string,
  data: number[],
  color: string,
  { sideways = false, thickness = 28, plugins }: { sideways?: boolean; thickness?: number; plugins?: ChartOptions<"bar">["plugins"] } = {},
): ChartConfiguration {
  return {
    type: "bar",
    data: { labels, datasets: [{ label, data, backgroundColor: color, maxBarThickness: thickness }] },
    options: {
      ...noAnimation,
      indexAxis: sideways ? "y" : "x",
      plugins: { legend: { display: false }, ...plugins },
      scales: sideways ? { x: integerAxis } : { y: integerAxis },
    },
  };
}

// A line and its points in one colour.
const line = (label: string, data: number[], color: string, pointRadius: number) => ({
  label,
  data,
  borderColor: color,
  backgroundColor: color,
  pointRadius,
});

// Errors caught per step or user: the tooltip says out of how many scans.
const ofScans = (rows: Array<{ scans: number }>) => ({
  tooltip: { callbacks: { afterLabel: (item: { dataIndex: number }) => `of ${formatNumber(rows[item.dataIndex]?.scans)} scans` } },
});

export default function Dashboard() {
  useTitle("Dashboard");
  const [warehouse, setWarehouse] = useWarehouseParam();
  const dashboard = useResource<DashboardData>(withQuery("/api/v1/reports/dashboard", { warehouse }));
  const live = useLiveChanges(dashboard.reload, 1000);
  const [updated, setUpdated] = useState<string | null>(null);
  const d = dashboard.data;
  useEffect(() => {
    if (d) setUpdated(d.generated_at ?? new Date().toISOString());
  }, [d]);

  const statuses = useMemo(() => {
    if (!d) return [] as Array<[string, number]>;
    const known = ORDER_STATUSES.filter((s) => s in d.orders_by_status);
    const other = Object.keys(d.orders_by_status).filter((s) => !(ORDER_STATUSES as readonly string[]).includes(s));
    return [...known, ...other].map((s) => [s, d.orders_by_status[s]] as [string, number]);
  }, [d]);

  const configs = useMemo(() => {
    if (!d) return null;
    const status = bars(
      statuses.map(([s]) => humanize(s)),
      "Orders",
      statuses.map(([, n]) => n),
      NAVY,
      { sideways: true },
    );
    const hours = d.throughput_per_hour;
    const throughput: ChartConfiguration = {
      type: "bar",
      data: {
        labels: hours.map((h) => hourLabel(h.hour)),
        datasets: [
          { type: "bar", label: "Units picked", data: hours.map((h) => h.units_picked), backgroundColor: BLUE },
          { type: "bar", label: "Units packed", data: hours.map((h) => h.units_packed), backgroundColor: GREEN },
          { type: "line", ...line("Orders shipped", hours.map((h) => h.orders_shipped), BROWN, 4), pointStyle: "rectRot" },
        ],
      },
      options: { ...noAnimation, scales: { y: integerAxis, x: { ticks: { maxRotation: 0, autoSkipPadding: 8 } } } },
    };
    const steps = d.errors_by_step;
    const byStep = bars(
      steps.map((s) => humanize(s.step)),
      "Errors caught",
      steps.map((s) => s.errors),
      RED,
      { thickness: 56, plugins: ofScans(steps) },
    );
    const users = [...d.errors_by_user].sort((a, b) => b.errors - a.errors).slice(0, 12);
    const byUser = bars(
      users.map((u) => u.user),
      "Errors caught",
      users.map((u) => u.errors),
      BROWN,
      { sideways: true, plugins: ofScans(users) },
    );
    const trend = d.error_rate_trend;
    const rate: ChartConfiguration = {
      type: "line",
      data: {
        labels: trend.map((t) => dayLabel(t.date)),
        datasets: [line("Errors per 1000 scans", trend.map((t) => t.per_1000), RED, 3)],
      },
      options: { ...noAnimation, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    };
    return { status, throughput, byStep, byUser, rate };
  }, [d, statuses]);

  const totals = useMemo(() => {
    if (!d) return null;
    const open = statuses.filter(([s]) => !CLOSED.includes(s)).reduce((sum, [, n]) => sum + n, 0);
    const scans = d.throughput_per_hour.reduce((sum, h) => sum + h.scans, 0);
    const picked = d.throughput_per_hour.reduce((sum, h) => sum + h.units_picked, 0);
    const stepScans = d.errors_by_step.reduce((sum, s) => sum + s.scans, 0);
    const stepErrors = d.errors_by_step.reduce((sum, s) => sum + s.errors, 0);
    return {
      open,
      shipped: d.orders_by_status.shipped ?? 0,
      scans,
      picked,
      errors: stepErrors,
      rate: stepScans > 0 ? (stepErrors * 1000) / stepScans : 0,
    };
  }, [d, statuses]);

  return (
    <main className="page page-wide" id="main">
      <div className="page-head">
        <h1>Dashboard{d ? ` — ${d.date}` : ""}</h1>
        <div className="head-tools">
          <LiveIndicator state={live} />
          {updated && <span className="muted small">Updated {formatTime(updated)}</span>}
        </div>
      </div>
      <WarehouseFilter value={warehouse} onChange={setWarehouse} error={dashboard.error} />
      <ErrorBanner error={dashboard.error} />
      {!d && dashboard.loading && <p className="loading">Loading the dashboard…</p>}
      {d && totals && configs && (
        <>
          <ul className="tiles" aria-label="Today at a glance">
            {(
              [
                [totals.open, "open orders"],
                [totals.shipped, "shipped today"],
                [totals.picked, "units picked, last 24 h"],
                [totals.scans, "scans, last 24 h"],
                [totals.errors, "errors caught"],
                [totals.rate, "errors per 1000 scans", 1],
              ] as Array<[number, string, number?]>
            ).map(([value, label, digits]) => (
              <li key={label} className="tile">
                <span className="tile-value">{formatNumber(value, digits)}</span>
                <span className="tile-label">{label}</span>
              </li>
            ))}
          </ul>

          <div className="chart-grid">
            <ChartBox
              id="chart-status"
              title="Orders by status today"
              summary={statuses.map(([s, n]) => `${humanize(s)} ${n}`).join(", ") || "no orders"}
              config={configs.status}
              empty={statuses.length === 0 && "No orders today"}
              table={
                <SimpleTable
                  head={["Status", "Orders"]}
                  rows={statuses.map(([s, n]) => [
                    <Link key={s} to={`/console/orders?status=${s}`}>
                      {humanize(s)}
                    </Link>,
                    n,
                  ])}
                />
              }
            />
            <ChartBox
              id="chart-throughput"
              title="Throughput per hour"
              summary={`last 24 hours: ${totals.picked} units picked, ${d.throughput_per_hour.reduce((s, h) => s + h.units_packed, 0)} packed, ${d.throughput_per_hour.reduce((s, h) => s + h.orders_shipped, 0)} orders shipped`}
              config={configs.throughput}
              empty={d.throughput_per_hour.every((h) => h.scans === 0 && h.orders_shipped === 0) && "No activity in the last 24 hours"}
              table={
                <SimpleTable
                  head={["Hour", "Scans", "Units picked", "Units packed", "Orders shipped"]}
                  rows={d.throughput_per_hour.map((h) => [hourLabel(h.hour), h.scans, h.units_picked, h.units_packed, h.orders_shipped])}
                />
              }
            />
            <ChartBox
              id="chart-steps"
              title="Errors caught by step"
              summary={d.errors_by_step.map((s) => `${humanize(s.step)} ${s.errors} of ${s.scans}`).join(", ") || "no scans"}
              config={configs.byStep}
              empty={d.errors_by_step.length === 0 && "No scans yet"}
              table={<SimpleTable head={["Step", "Scans", "Errors"]} rows={d.errors_by_step.map((s) => [humanize(s.step), s.scans, s.errors])} />}
            />
            <ChartBox
              id="chart-users"
              title="Errors caught by picker"
              summary={d.errors_by_user.map((u) => `${u.user} ${u.errors} of ${u.scans}`).join(", ") || "no scans"}
              config={configs.byUser}
              empty={d.errors_by_user.length === 0 && "No scans yet"}
              table={<SimpleTable head={["User", "Scans", "Errors"]} rows={d.errors_by_user.map((u) => [u.user, u.scans, u.errors])} />}
            />
            <ChartBox
              id="chart-rate"
              title="Error rate, last 14 days"
              summary={d.error_rate_trend.map((t) => `${t.date} ${formatNumber(t.per_1000, 1)}`).join(", ") || "no scans"}
              config={configs.rate}
              empty={d.error_rate_trend.every((t) => t.scans === 0) && "No scans in the last 14 days"}
              table={
                <SimpleTable
                  head={["Day", "Scans", "Errors", "Per 1000"]}
                  rows={d.error_rate_trend.map((t) => [t.date, t.scans, t.errors, formatNumber(t.per_1000, 1)])}
                />
              }
            />
            <section className="card chart-card" aria-labelledby="oldest-title">
              <h2 id="oldest-title">Oldest unshipped orders</h2>
              <Table
                columns={["Order", "Status", "Warehouse", num("Age")]}
                rows={d.oldest_unshipped}
                empty="Every order has shipped."
                row={(o) => (
                  <tr key={o.id}>
                    <td>
                      <Link to={`/console/orders/${o.id}`}>{o.barcode}</Link>
                    </td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                    <td>{o.warehouse || "—"}</td>
                    <td className="number" title={`Created ${formatTime(o.created_at)}`}>
                      {age(o.age_hours)}
                    </td>
                  </tr>
                )}
              />
            </section>
          </div>
        </>
      )}
    </main>
  );
}

// A chart's numbers: the first column names the row, the others are numbers.
function SimpleTable({ head, rows }: { head: string[]; rows: Array<Array<React.ReactNode>> }) {
  return (
    <Table
      className="compact"
      columns={head.map((h, i) => (i > 0 ? num(h) : h))}
      rows={rows}
      empty="Nothing yet."
      row={(row, r) => (
        <tr key={r}>
          {row.map((cell, i) => (
            <td key={i} className={i > 0 ? "number" : undefined}>
              {cell}
            </td>
          ))}
        </tr>
      )}
    />
  );
}
