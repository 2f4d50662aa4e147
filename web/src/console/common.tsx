// Pieces the console and admin screens share: tables and paged lists with "Load more",
// lists edited in place, the live change feed, status badges, outbox jobs and their retry,
// warehouse choices and small formatting helpers.
import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Link, NavLink, useSearchParams } from "react-router-dom";
import { api, type Page } from "../api";
import { Select, useSubmit } from "../forms";
import { humanize, useResource } from "../ui";
import type { Role } from "../session";

// ---- paged lists ------------------------------------------------------------------------

export type Paged<T> = {
  items: T[];
  next: string | null;
  error: unknown;
  loading: boolean; // also while the items shown are those of another path
  shown: string | null; // the path whose items are shown
  loadingMore: boolean;
  loadMore: () => void;
  reload: () => void;
};

// Loads the first page of `path` (again when it changes) and appends the next pages on
// loadMore(), following next_cursor.
export function usePaged<T>(path: string | null): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  // What the items are of: until the first page of a new path (or a reload) is in, the
  // list says it is loading, from the very render that changed the path.
  const [shown, setShown] = useState<{ path: string | null; version: number } | null>(null);
  const current = useRef(path);
  current.current = path;

  useEffect(() => {
    if (path === null) {
      setItems([]);
      setNext(null);
      setLoading(false);
      setShown({ path, version });
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api<Page<T>>(path, { signal: controller.signal })
      .then((page) => {
        setItems(page.items);
        setNext(page.next_cursor ?? null);
        setError(null);
        setShown({ path, version });
      })
      .catch((e) => {
        if (e instanceof DOMException && e.name === "AbortError") return;
        setItems([]);
        setNext(null);
        setError(e);
        setShown({ path, version });
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version]);

  const loadMore = useCallback(() => {
    if (!path || !next) return;
    const from = path;
    setLoadingMore(true);
    const separator = path.includes("?") ? "&" : "?";
    api<Page<T>>(`${path}${separator}cursor=${encodeURIComponent(next)}`)
      .then((page) => {
        if (current.current !== from) return;
        setItems((old) => [...old, ...page.items]);
        setNext(page.next_cursor ?? null);
        setError(null);
      })
      .catch((e) => setError(e))
      .finally(() => setLoadingMore(false));
  }, [path, next]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const stale = shown === null || shown.path !== path || shown.version !== version;
  return { items, next, error, loading: loading || stale, shown: stale ? null : path, loadingMore, loadMore, reload };
}

export function LoadMore({ list, noun }: { list: Paged<unknown>; noun: string }) {
  if (!list.next) {
    return list.items.length > 1 ? (
      <p className="list-end">
        All {list.items.length} {noun} shown.
      </p>
    ) : null;
  }
  return (
    <p className="list-end">
      <button type="button" onClick={list.loadMore} disabled={list.loadingMore}>
        {list.loadingMore ? "Loading…" : `Load more ${noun}`}
      </button>{" "}
      <span className="muted">{list.items.length} shown so far</span>
    </p>
  );
}

// A table body row saying there is nothing to show (or that it is still loading).
function EmptyRow({ columns, loading, children }: { columns: number; loading?: boolean; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="empty">
        {loading ? "Loading…" : children}
      </td>
    </tr>
  );
}

// A table column: its header text, right-aligned for numbers, or read only by screen
// readers (the actions column).
export type Column = string | { label: string; number?: boolean; hidden?: boolean };

export const ACTIONS: Column = { label: "Actions", hidden: true };
export const num = (label: string): Column => ({ label, number: true });

// A table of `rows`, one <tr> each from `row`; with `empty`, a row saying there is none
// (or that they are still loading).
export function Table<T>({
  columns,
  rows,
  row,
  empty,
  loading,
  busy,
  source,
  caption,
  className,
  footer,
}: {
  columns: Column[];
  rows: readonly T[];
  row: (item: T, index: number) => ReactNode;
  empty?: ReactNode;
  loading?: boolean;
  busy?: boolean; // aria-busy: the rows are being (re)loaded
  source?: string | null; // data-source: the query the rows are the answer to, once loaded
  caption?: string; // for screen readers
  className?: string;
  footer?: ReactNode;
}) {
  return (
    <table aria-busy={busy} data-source={source ?? undefined} className={className}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column, i) => {
            const { label, number, hidden } = typeof column === "string" ? { label: column } : column;
            return (
              <th key={i} scope="col" className={number ? "number" : undefined}>
                {hidden ? <span className="visually-hidden">{label}</span> : label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined ? (
          <EmptyRow columns={columns.length} loading={loading}>
            {empty}
          </EmptyRow>
        ) : (
          rows.map(row)
        )}
      </tbody>
      {footer && <tfoot>{footer}</tfoot>}
    </table>
  );
}

export type Levels = {
  items: Array<{ warehouse: string; on_hand: number; reserved: number; available: number }>;
  on_hand: number;
  reserved: number;
  available: number;
};

// A product's stock per warehouse; with `totals`, the sum under several warehouses.
export function LevelsTable({ levels, loading, empty, totals }: { levels: Levels | undefined; loading?: boolean; empty: string; totals?: boolean }) {
  const items = levels?.items ?? [];
  return (
    <Table
      columns={["Warehouse", num("On hand"), num("Reserved"), num("Available")]}
      rows={items}
      empty={empty}
      loading={loading}
      row={(l) => (
        <tr key={l.warehouse}>
          <td>{l.warehouse}</td>
          <td className="number">{l.on_hand}</td>
          <td className="number">{l.reserved}</td>
          <td className="number">{l.available}</td>
        </tr>
      )}
      footer={
        totals && levels && items.length > 1 ? (
          <tr>
            <th scope="row">All warehouses</th>
            <td className="number">{levels.on_hand}</td>
            <td className="number">{levels.reserved}</td>
            <td className="number">{levels.available}</td>
          </tr>
        ) : null
      }
    />
  );
}

// ---- lists edited in place ----------------------------------------------------------------

// A list whose rows open a form below it (which otherwise makes a new item). `edit(item)`
// opens the form with the keyboard in its first field; `done(message)` closes it, says
// what happened, reloads the list and puts the keyboard back on the button that opened it.
export function useEditing<T>(reload: () => void) {
  const [editing, setEditing] = useState<T | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const section = useRef<HTMLElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  const edit = (item: T) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setEditing(item);
    setNotice(null);
    requestAnimationFrame(() => {
      section.current?.scrollIntoView({ block: "start" });
      section.current?.querySelector<HTMLElement>("input:not([disabled]), select")?.focus();
    });
  };
  const done = (message: string | null) => {
    setEditing(null);
    if (message) setNotice(message);
    reload();
    const back = opener.current;
    opener.current = null;
    if (back) requestAnimationFrame(() => back.isConnected && back.focus());
  };
  const close = () => {
    setEditing(null);
    setNotice(null);
    opener.current = null;
  };
  return { editing, notice, section, edit, done, close };
}

// ---- live updates over server-sent events ------------------------------------------------

export type LiveState = "connecting" | "live" | "offline";

// Calls `onChange` at most once per `delayMs` while the server announces changes on
// /api/v1/events (so a busy floor still refreshes the page, instead of postponing it
// forever), and every 30 s regardless: with several nodes, a stream carries only its own
// node's changes. The EventSource is closed when the component unmounts.
export function useLiveChanges(onChange: () => void, delayMs = 1000): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setState("offline");
      return;
    }
    const source = new EventSource("/api/v1/events");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        callback.current();
      }, delayMs);
    };
    const poll = setInterval(() => callback.current(), 30_000);
    source.onopen = () => setState("live");
    source.onerror = () => {
      // CLOSED: the server refused the stream (no endpoint, signed out); otherwise the
      // browser reconnects by itself.
      setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    };
    source.addEventListener("change", changed);
    return () => {
      if (timer) clearTimeout(timer);
      clearInterval(poll);
      source.close();
    };
  }, [delayMs]);

  return state;
}

export function LiveIndicator({ state }: { state: LiveState }) {
  const text =
    state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Live updates off";
  return (
    <span className={`live live-${state}`} role="status" title="Updates when anything changes on the server">
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

// ---- statuses ---------------------------------------------------------------------------

export const ORDER_STATUSES = [
  "received",
  "allocated",
  "backordered",
  "on_hold",
  "released",
  "picking",
  "picked",
  "packing",
  "packed",
  "staged",
  "partially_shipped",
  "shipped",
  "delivered",
  "cancelled",
  "exception",
] as const;

const TONES: Record<string, string> = {
  allocated: "info",
  released: "info",
  picking: "info",
  picked: "info",
  packing: "info",
  packed: "info",
  staged: "info",
  partially_shipped: "info",
  shipped: "ok",
  delivered: "ok",
  backordered: "warn",
  on_hold: "warn",
  cancelled: "neutral",
  exception: "bad",
  received: "neutral",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONES[status] ?? "neutral"}`}>{humanize(status)}</span>;
}

export const canTakeOrders = (role: Role | undefined) =>
  role === "admin" || role === "manager" || role === "support";

// ---- outbox jobs ---------------------------------------------------------------------------

// Work the server does after the fact and retries with backoff: channel updates (a shipment
// told to Shopify), webhooks taken in, syncs. A job that used up its attempts is dead until
// someone retries it.
export const JOB_STATUSES = ["pending", "running", "done", "dead"] as const;

// What each kind of job does, in words.
export const JOB_KINDS: Record<string, string> = {
  "order.shipped:shopify": "Shipment to the channel",
  "stock.added:orders": "Backorders served from arriving stock",
  "shopify.webhook": "Shopify webhook",
  "shopify.sync": "Shopify order sync",
  "shopify.inventory": "Stock levels to Shopify",
};

const JOB_TONES: Record<string, string> = { pending: "neutral", running: "info", done: "ok", dead: "bad" };

export function JobBadge({ status }: { status: string }) {
  return <span className={`badge badge-${JOB_TONES[status] ?? "neutral"}`}>{humanize(status)}</span>;
}

// A job's kind in words, with its code word under it.
export function JobKind({ kind }: { kind: string }) {
  return (
    <>
      {JOB_KINDS[kind] ?? humanize(kind)}
      <div className="muted small">
        <code>{kind}</code>
      </div>
    </>
  );
}

// A job's or webhook's outcome ("created order 38 (allocated)"), each "order N" a link to it.
export function OrderLinks({ text }: { text: string }) {
  if (!text) return <>—</>;
  const parts = text.split(/\b(order \d+)\b/);
  return (
    <>
      {parts.map((part, i) => {
        const match = part.match(/^order (\d+)$/);
        return match ? (
          <Link key={i} to={`/console/orders/${match[1]}`}>
            {part}
          </Link>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        );
      })}
    </>
  );
}

// Gives a dead job another round of attempts, then says so and reloads. Its Retry button
// goes away with the dead status: the keyboard moves to `heading` (tabIndex -1) instead.
export function useJobRetry(onRetried: () => void) {
  const submission = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const retry = (job: { id: number; kind: string }) => {
    setNotice(null);
    return submission.run(async () => {
      await api(`/api/v1/jobs/${job.id}/retry`, { method: "POST", body: {} });
      setNotice(`Job ${job.id} (${job.kind}) is queued again.`);
      onRetried();
      requestAnimationFrame(() => heading.current?.focus());
    });
  };
  return { ...submission, notice, heading, retry };
}

// The Retry button of a dead job; nothing for a job in any other state.
export function RetryJobButton({ job, retrying }: { job: { id: number; kind: string; status: string }; retrying: ReturnType<typeof useJobRetry> }) {
  if (job.status !== "dead") {
    return null;
  }
  return (
    <button
      type="button"
      className="small-button"
      aria-label={`Retry job ${job.id}`}
      disabled={retrying.busy}
      onClick={() => void retrying.retry(job)}
    >
      Retry
    </button>
  );
}

// ---- warehouses ---------------------------------------------------------------------------

export type Warehouse = {
  id: number;
  code: string;
  name: string;
  address: { line1: string; line2: string; city: string; region: string; postal_code: string; country: string };
  country: string;
  timezone: string;
  latitude: number | null;
  longitude: number | null;
  created_at: string;
  updated_at: string;
};

export function useWarehouses() {
  return useResource<{ items: Warehouse[] }>("/api/v1/warehouses");
}

// Select options for warehouses, with an "any" entry first when `any` is given.
export function warehouseOptions(warehouses: Warehouse[] | undefined, any?: string) {
  const options = (warehouses ?? []).map((w) => ({ value: w.code, label: `${w.code} — ${w.name}` }));
  return any !== undefined ? [{ value: "", label: any }, ...options] : options;
}

// The warehouse a page shows (?warehouse=, empty for every one) and a choice that changes
// it at once.
export function useWarehouseParam() {
  const [params, setParams] = useSearchParams();
  const warehouse = params.get("warehouse") ?? "";
  const setWarehouse = (value: string) => setParams(value ? { warehouse: value } : {});
  return [warehouse, setWarehouse] as const;
}

export function WarehouseFilter({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: unknown }) {
  const warehouses = useWarehouses();
  return (
    <div className="filters">
      <Select
        label="Warehouse"
        name="warehouse"
        value={value}
        onChange={onChange}
        options={warehouseOptions(warehouses.data?.items, "Every warehouse")}
        error={error}
      />
    </div>
  );
}

// ---- layout -------------------------------------------------------------------------------

export function SubNav({ label, links }: { label: string; links: Array<{ to: string; text: string; end?: boolean }> }) {
  return (
    <nav className="subnav" aria-label={label}>
      {links.map((l) => (
        <NavLink key={l.to} to={l.to} end={l.end}>
          {l.text}
        </NavLink>
      ))}
    </nav>
  );
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString();
}

// A number input's text as JSON: a number when it reads as one, else the text itself so
// the server names the field; undefined when blank.
export function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

// "12.99" → 1299 minor units (or the text, for the server to refuse).
export function minorUnits(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed.replace(",", "."));
  return Number.isFinite(value) ? Math.round(value * 100) : trimmed;
}

export function majorUnits(minor: number | null | undefined): string {
  return minor === null || minor === undefined ? "" : (minor / 100).toFixed(2);
}
