// Orders: a filtered, searchable list (the filters live in the URL, so a filtered list is a
// deep link) and one order with its lines, allocations, events, cartons, channel updates,
// scans and actions (OrderActions.tsx).
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { withQuery } from "../api";
import { Field, FilterBar, FormErrors, Notice, Select, useQueryForm } from "../forms";
import { isManager, useSession } from "../session";
import { ErrorBanner, formatMoney, formatTime, humanize, useResource, useTitle } from "../ui";
import { OrderActions } from "./OrderActions";
import {
  ACTIONS,
  canTakeOrders,
  JobBadge,
  JobKind,
  LiveIndicator,
  LoadMore,
  num,
  ORDER_STATUSES,
  OrderLinks,
  RetryJobButton,
  StatusBadge,
  Table,
  useJobRetry,
  useLiveChanges,
  usePaged,
  useWarehouses,
  warehouseOptions,
} from "./common";

export type OrderSummary = {
  id: number;
  barcode: string;
  channel: string;
  external_id: string;
  status: string;
  currency: string;
  customer: { name: string; email: string; phone: string };
  ship_to: {
    name: string;
    company: string;
    line1: string;
    line2: string;
    city: string;
    region: string;
    postal_code: string;
    country: string;
    phone: string;
  };
  service_level: string;
  notes: string;
  tags: string[];
  hold_reason: string | null;
  routing: string;
  total: number;
  created_at: string;
  updated_at: string;
};

type OrderLine = {
  id: number;
  line_no: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number;
  allocated: number;
  backordered: number;
};

type OrderFull = OrderSummary & {
  backordered: number;
  lines: OrderLine[];
  allocations: Array<{ warehouse: string; lines: Array<{ line_id: number; line_no: number; sku: string; quantity: number }> }>;
  events: Array<{ at: string; actor: string; from: string | null; to: string; reason: string }>;
  jobs?: OrderJob[];
};

// What the sales channel is told about the order (its shipment, as a Shopify fulfillment).
type OrderJob = {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  last_error: string;
  result: string;
  run_at: string;
  updated_at: string;
};

type Carton = {
  id: number;
  barcode: string;
  sscc: string;
  warehouse: string;
  seq: number;
  box: string;
  status: string;
  expected_weight_g: number;
  weight_g: number | null;
  carrier: string;
  service: string;
  tracking_number: string | null;
  manifest: number | null;
  packed_at: string | null;
  loaded_at: string | null;
};

export type ScanRow = {
  id: number;
  at: string;
  scanned_at: string | null;
  station: string;
  warehouse: string;
  user: string;
  step: string;
  barcode: string;
  expected: string;
  verdict: string;
  order: number | null;
};

const FILTERS = ["customer", "status", "warehouse", "channel", "sku", "external_id", "created_from", "created_to"] as const;

const CHANNELS = ["api", "csv", "manual", "shopify"];

export function OrdersList() {
  useTitle("Orders");
  const { me } = useSession();
  const navigate = useNavigate();
  const form = useQueryForm(FILTERS);
  const [goTo, setGoTo] = useState("");
  const [goToError, setGoToError] = useState<string | null>(null);
  const warehouses = useWarehouses();
  const list = usePaged<OrderSummary>(withQuery("/api/v1/orders", { ...form.applied, limit: 50 }));
  const filtered = form.filtered;

  const open = (event: FormEvent) => {
    event.preventDefault();
    const match = goTo.trim().match(/^(?:ORD-)?(\d+)$/i);
    if (!match) {
      setGoToError("Give an order number such as 12 or ORD-12.");
      return;
    }
    setGoToError(null);
    navigate(`/console/orders/${match[1]}`);
  };

  return (
    <main className="page page-wide" id="main">
      <div className="page-head">
        <h1>Orders</h1>
        <form className="inline-form" onSubmit={open} role="search" aria-label="Open an order">
          <div className={goToError ? "field field-invalid" : "field"}>
            <label htmlFor="order-go-to">Open order</label>
            <input
              id="order-go-to"
              value={goTo}
              placeholder="ORD-12"
              onChange={(e) => setGoTo(e.target.value)}
              aria-invalid={goToError ? true : undefined}
              aria-describedby={goToError ? "order-go-to-error" : undefined}
            />
            {goToError && (
              <small className="field-error" id="order-go-to-error">
                {goToError}
              </small>
            )}
          </div>
          <button type="submit">Open</button>
        </form>
        <div className="head-tools">
          <Link className="button" to="/console/pick-lists">
            Pick lists
          </Link>
          {canTakeOrders(me?.role) && (
            <Link className="button primary" to="/console/orders/new">
              New order
            </Link>
          )}
        </div>
      </div>

      <FilterBar
        label="Filter orders"
        onSubmit={form.submit}
        submit="Search"
        extra={
          filtered && (
            <Link className="button" to="/console/orders">
              Clear filters
            </Link>
          )
        }
      >
        <Field label="Customer name or email" type="search" {...form.field("customer")} error={list.error} />
        <Select
          label="Status"
          options={[{ value: "", label: "Any status" }, ...ORDER_STATUSES.map((s) => ({ value: s, label: humanize(s) }))]}
          {...form.select("status")}
          error={list.error}
        />
        <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items, "Any warehouse")} {...form.select("warehouse")} error={list.error} />
        <Select
          label="Channel"
          options={[{ value: "", label: "Any channel" }, ...CHANNELS.map((c) => ({ value: c, label: humanize(c) }))]}
          {...form.select("channel")}
          error={list.error}
        />
        <Field label="SKU" {...form.field("sku")} error={list.error} />
        <Field label="External id" {...form.field("external_id")} error={list.error} />
        <Field label="Created from" type="date" {...form.field("created_from")} error={list.error} />
        <Field label="Created before" type="date" {...form.field("created_to")} error={list.error} />
      </FilterBar>

      <FormErrors error={list.error} fields={FILTERS} />

      <Table
        caption={`Orders${filtered ? " matching the filters" : ""}`}
        busy={list.loading}
        source={list.shown}
        columns={["Order", "External id", "Channel", "Customer", "Ship to", "Status", num("Total"), "Created"]}
        rows={list.items}
        loading={list.loading}
        empty={filtered ? "No orders match these filters." : "No orders yet."}
        row={(o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/console/orders/${o.id}`}>{o.barcode}</Link>
            </td>
            <td>{o.external_id || "—"}</td>
            <td>{humanize(o.channel)}</td>
            <td>
              {o.customer.name || "—"}
              {o.customer.email && <div className="muted small">{o.customer.email}</div>}
            </td>
            <td>{[o.ship_to.city, o.ship_to.country].filter(Boolean).join(", ") || "—"}</td>
            <td>
              <StatusBadge status={o.status} />
              {o.hold_reason && <div className="muted small">{humanize(o.hold_reason)}</div>}
            </td>
            <td className="number">{formatMoney(o.total, o.currency)}</td>
            <td>{formatTime(o.created_at)}</td>
          </tr>
        )}
      />
      <LoadMore list={list} noun="orders" />
    </main>
  );
}

// ---- one order ------------------------------------------------------------------------------

export function OrderDetail() {
  const { id } = useParams();
  const { me } = useSession();
  const orderId = Number(id);
  const valid = Number.isInteger(orderId) && orderId > 0;
  const order = useResource<OrderFull>(valid ? `/api/v1/orders/${orderId}` : null);
  const cartons = useResource<{ items: Carton[] }>(valid ? `/api/v1/cartons?order=${orderId}` : null);
  const mayReadScans = me?.role === "admin" || me?.role === "manager" || me?.role === "viewer";
  // The scan log has no order filter yet: read the latest scans and keep this order's.
  const scans = useResource<{ items: ScanRow[] }>(
    valid && mayReadScans ? `/api/v1/scans?order=${orderId}&limit=1000` : null,
  );
  const live = useLiveChanges(() => {
    order.reload();
    cartons.reload();
    if (mayReadScans) scans.reload();
  });
  useTitle(order.data ? `Order ${order.data.barcode}` : "Order");

  if (!valid) {
    return (
      <main className="page" id="main">
        <h1>Order not found</h1>
        <p>
          “{id}” is not an order number. <Link to="/console/orders">Back to the orders</Link>
        </p>
      </main>
    );
  }

  const o = order.data;
  const orderScans = (scans.data?.items ?? []).filter((s) => s.order === orderId);

  return (
    <main className="page page-wide" id="main">
      <p className="breadcrumbs">
        <Link to="/console/orders">Orders</Link> /
      </p>
      <div className="page-head">
        <h1>
          Order {o?.barcode ?? `ORD-${orderId}`} {o && <StatusBadge status={o.status} />}
        </h1>
        <div className="head-tools">
          {o && o.allocations.length > 0 && (
            <Link className="button" to={`/console/orders/${o.id}/pick-list`}>
              Pick list
            </Link>
          )}
          <LiveIndicator state={live} />
        </div>
      </div>
      <ErrorBanner error={order.error} />
      {!o && order.loading && <p className="loading">Loading…</p>}
      {o && (
        <>
          <div className="cards">
            <section className="card" aria-labelledby="order-summary">
              <h2 id="order-summary">Summary</h2>
              <dl className="facts">
                <dt>External id</dt>
                <dd>{o.external_id || "—"}</dd>
                <dt>Channel</dt>
                <dd>{humanize(o.channel)}</dd>
                <dt>Service level</dt>
                <dd>{humanize(o.service_level)}</dd>
                <dt>Total</dt>
                <dd>{formatMoney(o.total, o.currency)}</dd>
                <dt>Hold reason</dt>
                <dd>{o.hold_reason ? humanize(o.hold_reason) : "—"}</dd>
                <dt>Routing</dt>
                <dd>{o.routing || "—"}</dd>
                <dt>Created</dt>
                <dd>{formatTime(o.created_at)}</dd>
                <dt>Updated</dt>
                <dd>{formatTime(o.updated_at)}</dd>
                {o.tags.length > 0 && (
                  <>
                    <dt>Tags</dt>
                    <dd>{o.tags.join(", ")}</dd>
                  </>
                )}
                {o.notes && (
                  <>
                    <dt>Notes</dt>
                    <dd>{o.notes}</dd>
                  </>
                )}
              </dl>
            </section>
            <section className="card" aria-labelledby="order-customer">
              <h2 id="order-customer">Customer and address</h2>
              <p>
                <strong>{o.customer.name || "—"}</strong>
                {o.customer.email && (
                  <>
                    <br />
                    {o.customer.email}
                  </>
                )}
                {o.customer.phone && (
                  <>
                    <br />
                    {o.customer.phone}
                  </>
                )}
              </p>
              <address>
                {[
                  o.ship_to.name,
                  o.ship_to.company,
                  o.ship_to.line1,
                  o.ship_to.line2,
                  [o.ship_to.postal_code, o.ship_to.city].filter(Boolean).join(" "),
                  o.ship_to.region,
                  o.ship_to.country,
                ]
                  .filter(Boolean)
                  .map((line, i) => (
                    <span key={i}>
                      {line}
                      <br />
                    </span>
                  ))}
              </address>
            </section>
            <OrderActions order={o} onChanged={order.reload} />
          </div>

          <h2>Lines</h2>
          <Table
            columns={[num("#"), "SKU", "Name", num("Quantity"), num("Unit price"), num("Allocated"), num("Backordered"), num("Line total")]}
            rows={o.lines}
            row={(l) => (
              <tr key={l.id}>
                <td className="number">{l.line_no}</td>
                <td>
                  <Link to={`/console/products?sku=${encodeURIComponent(l.sku)}`}>{l.sku}</Link>
                </td>
                <td>{l.name}</td>
                <td className="number">{l.quantity}</td>
                <td className="number">{formatMoney(l.unit_price, o.currency)}</td>
                <td className="number">{l.allocated}</td>
                <td className="number">{l.backordered > 0 ? <strong>{l.backordered}</strong> : 0}</td>
                <td className="number">{formatMoney(l.unit_price * l.quantity, o.currency)}</td>
              </tr>
            )}
          />

          <h2>Allocations</h2>
          {o.allocations.length === 0 ? (
            <p className="empty-note">Nothing is allocated to a warehouse{o.backordered > 0 ? ": the order waits for stock" : ""}.</p>
          ) : (
            <Table
              columns={["Warehouse", num("Line"), "SKU", num("Quantity")]}
              rows={o.allocations.flatMap((a) => a.lines.map((l, i) => ({ ...l, warehouse: a.warehouse, first: i === 0 })))}
              row={(l) => (
                <tr key={`${l.warehouse}-${l.line_id}`}>
                  <td>{l.first ? l.warehouse : ""}</td>
                  <td className="number">{l.line_no}</td>
                  <td>{l.sku}</td>
                  <td className="number">{l.quantity}</td>
                </tr>
              )}
            />
          )}

          <h2>Events</h2>
          <Table
            columns={["When", "Change", "By", "Reason"]}
            rows={o.events}
            empty="No events."
            row={(e, i) => (
              <tr key={i}>
                <td>{formatTime(e.at)}</td>
                <td>
                  {e.from ? `${humanize(e.from)} → ` : ""}
                  {humanize(e.to)}
                </td>
                <td>{e.actor}</td>
                <td>{e.reason || "—"}</td>
              </tr>
            )}
          />

          <h2>Cartons</h2>
          <ErrorBanner error={cartons.error} />
          <Table
            columns={["Carton", "Box", "Status", num("Weight (g)"), "Carrier", "Tracking", "Packed"]}
            rows={cartons.data?.items ?? []}
            loading={cartons.loading && !cartons.data}
            empty="No cartons packed yet."
            row={(c) => (
              <tr key={c.id}>
                <td>
                  {c.barcode}
                  <div className="muted small">SSCC {c.sscc}</div>
                </td>
                <td>{c.box}</td>
                <td>{humanize(c.status)}</td>
                <td className="number">
                  {c.weight_g ?? "—"} <span className="muted small">/ {c.expected_weight_g} expected</span>
                </td>
                <td>
                  {c.carrier} {c.service}
                </td>
                <td>{c.tracking_number ?? "—"}</td>
                <td>{formatTime(c.packed_at)}</td>
              </tr>
            )}
          />

          {o.jobs && o.jobs.length > 0 && <ChannelUpdates jobs={o.jobs} onRetried={order.reload} />}

          <h2>Scans</h2>
          {!mayReadScans ? (
            <p className="empty-note">Your role cannot read the scan log.</p>
          ) : (
            <>
              <ErrorBanner error={scans.error} />
              <ScanTable scans={orderScans} loading={scans.loading && !scans.data} empty="No scans for this order yet." />
            </>
          )}
        </>
      )}
      {o && !isManager(me?.role) && !canTakeOrders(me?.role) && (
        <p className="muted">Your role ({me?.role}) can look at orders but not change them.</p>
      )}
    </main>
  );
}

// The order's outbox jobs; a dead one can be retried by a manager.
function ChannelUpdates({ jobs, onRetried }: { jobs: OrderJob[]; onRetried: () => void }) {
  const { me } = useSession();
  const manages = isManager(me?.role);
  const retrying = useJobRetry(onRetried);
  return (
    <section aria-labelledby="order-channel-updates">
      <h2 id="order-channel-updates" ref={retrying.heading} tabIndex={-1}>
        Channel updates
      </h2>
      <Notice text={retrying.notice} />
      <ErrorBanner error={retrying.error} />
      <Table
        columns={["Update", "Status", num("Attempts"), "Last error", "Result", "When", ...(manages ? [ACTIONS] : [])]}
        rows={jobs}
        row={(j) => (
          <tr key={j.id}>
            <td>
              <JobKind kind={j.kind} />
            </td>
            <td>
              <JobBadge status={j.status} />
            </td>
            <td className="number">{j.attempts}</td>
            <td className={j.last_error ? "long-text error-text" : "long-text"}>{j.last_error || "—"}</td>
            <td className="long-text">
              <OrderLinks text={j.result} />
            </td>
            <td>
              {formatTime(j.updated_at)}
              {j.status === "pending" && <div className="muted small">Next try {formatTime(j.run_at)}</div>}
            </td>
            {manages && (
              <td className="actions">
                <RetryJobButton job={j} retrying={retrying} />
              </td>
            )}
          </tr>
        )}
      />
    </section>
  );
}

export function ScanTable({ scans, loading, empty }: { scans: ScanRow[]; loading?: boolean; empty: string }) {
  return (
    <Table
      columns={["When", "Station", "User", "Step", "Scanned", "Expected", "Verdict"]}
      rows={scans}
      loading={loading}
      empty={empty}
      row={(s) => (
        <tr key={s.id}>
          <td>{formatTime(s.scanned_at ?? s.at)}</td>
          <td>{s.station}</td>
          <td>{s.user}</td>
          <td>{humanize(s.step)}</td>
          <td>
            <code>{s.barcode || "—"}</code>
          </td>
          <td>{s.expected ? <code>{s.expected}</code> : "—"}</td>
          <td>
            <span className={`badge badge-${s.verdict === "ok" ? "ok" : s.verdict === "refused" ? "neutral" : "bad"}`}>
              {humanize(s.verdict)}
            </span>
          </td>
        </tr>
      )}
    />
  );
}
