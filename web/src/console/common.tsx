// Pieces the console and admin screens share: paged lists with "Load more", the live
// change feed, status badges, warehouse choices and small formatting helpers.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { NavLink } from "react-router-dom";
import { api, ApiError, type Page } from "../api";
import { ErrorBanner, useResource } from "../ui";
import type { Role } from "../session";

// ---- paged lists ------------------------------------------------------------------------

export type Paged<T> = {
  items: T[];
  next: string | null;
  error: unknown;
  loading: boolean;
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
  const current = useRef(path);
  current.current = path;

  useEffect(() => {
    if (path === null) {
      setItems([]);
      setNext(null);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api<Page<T>>(path, { signal: controller.signal })
      .then((page) => {
        setItems(page.items);
        setNext(page.next_cursor ?? null);
        setError(null);
      })
      .catch((e) => {
        if (e instanceof DOMException && e.name === "AbortError") return;
        setItems([]);
        setNext(null);
        setError(e);
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
  return { items, next, error, loading, loadingMore, loadMore, reload };
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
export function EmptyRow({ columns, loading, children }: { columns: number; loading?: boolean; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="empty">
        {loading ? "Loading…" : children}
      </td>
    </tr>
  );
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
  shipped: "ok",
  delivered: "ok",
  backordered: "warn",
  on_hold: "warn",
  cancelled: "neutral",
  exception: "bad",
  received: "neutral",
};

const WORDS: Record<string, string> = { api: "API", csv: "CSV", sku: "SKU", qr: "QR" };

export function humanize(text: string | null | undefined): string {
  if (!text) return "—";
  if (WORDS[text]) return WORDS[text];
  const spaced = text.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONES[status] ?? "neutral"}`}>{humanize(status)}</span>;
}

export const canTakeOrders = (role: Role | undefined) =>
  role === "admin" || role === "manager" || role === "support";

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

export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Tally`;
  }, [title]);
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

// A form's error: field reasons sit beside their inputs (Field/Select with error=), so the
// banner only points at them and spells out whatever has no input of its own.
export function FormErrors({ error, fields }: { error: unknown; fields: string[] }) {
  if (error instanceof ApiError && error.problem.errors?.length) {
    const rest = error.problem.errors.filter(
      (e) => !fields.some((f) => e.field === f || e.field.startsWith(f + ".") || e.field.startsWith(f + "/")),
    );
    return (
      <div className="banner banner-error" role="alert">
        {error.message}{" "}
        {rest.length === 0
          ? "See the marked fields."
          : `${rest.map((e) => `${humanize(e.field)} ${e.reason}`).join("; ")}.`}
      </div>
    );
  }
  return <ErrorBanner error={error} />;
}

export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="banner banner-ok" role="status">
      {text}
    </div>
  );
}

export function Checkbox({ label, checked, onChange, name }: { label: string; checked: boolean; onChange: (checked: boolean) => void; name?: string }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
