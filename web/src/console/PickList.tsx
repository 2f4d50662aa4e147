// Printable pick lists: per order (its barcode, which a pick station scans to start, and
// each line's bin, SKU, name and quantity in walking order), per pick batch (the batch's
// barcode and a sheet per tote), and a warehouse's whole pick queue, from which a batch is
// made. Laid out for paper by @media print in console.css.
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { api, withQuery } from "../api";
import { Field, FilterBar, FormErrors, Select, useForm } from "../forms";
import { isManager, useSession } from "../session";
import { ErrorBanner, formatTime, useResource, useTitle } from "../ui";
import { LoadMore, num, numberOrText, Table, usePaged, useWarehouses, warehouseOptions } from "./common";

type Allocation = { warehouse: string; lines: Array<{ line_id: number; line_no: number; sku: string; quantity: number }> };
type OrderForPick = {
  id: number;
  barcode: string;
  status: string;
  external_id: string;
  service_level: string;
  created_at: string;
  ship_to: { name: string; city: string; country: string };
  lines: Array<{ id: number; line_no: number; sku: string; name: string; quantity: number }>;
  allocations: Allocation[];
};
type Candidate = { bin: string; pick_sequence: number; lot: string; expiry: string | null; quantity: number };
type PickRow = { key: string; bin: string; sequence: number; sku: string; name: string; lot: string; quantity: number };
type Batch = { id: number; barcode: string; warehouse: string; status: string; totes: Array<{ slot: number; barcode: string; order: number; order_barcode: string }> };

const MISSING = Number.MAX_SAFE_INTEGER;

// Where each allocated line is taken from: the bins the station will ask for (FEFO or FIFO,
// as GET /api/v1/inventory/pick-order lists them), enough of them to cover the quantity.
async function pickRows(order: OrderForPick, warehouse: string, signal: AbortSignal): Promise<PickRow[]> {
  const part = order.allocations.find((a) => a.warehouse === warehouse);
  const rows: PickRow[] = [];
  for (const line of part?.lines ?? []) {
    const name = order.lines.find((l) => l.id === line.line_id)?.name ?? "";
    const { items } = await api<{ items: Candidate[] }>(withQuery("/api/v1/inventory/pick-order", { sku: line.sku, warehouse }), { signal });
    let left = line.quantity;
    for (const c of items) {
      if (left <= 0) break;
      const take = Math.min(left, c.quantity);
      if (take <= 0) continue;
      rows.push({ key: `${line.line_id}/${c.bin}/${c.lot}`, bin: c.bin, sequence: c.pick_sequence, sku: line.sku, name, lot: c.lot, quantity: take });
      left -= take;
    }
    if (left > 0) rows.push({ key: `${line.line_id}/missing`, bin: "", sequence: MISSING, sku: line.sku, name, lot: "", quantity: left });
  }
  return rows.sort((a, b) => a.sequence - b.sequence || a.bin.localeCompare(b.bin) || a.sku.localeCompare(b.sku));
}

function PrintButton() {
  return (
    <button type="button" className="primary no-print" onClick={() => window.print()}>
      Print
    </button>
  );
}

// A barcode large enough to scan off paper.
function PrintedBarcode({ data, label }: { data: string; label: string }) {
  return (
    <figure className="print-barcode">
      <img src={withQuery("/api/v1/barcodes/image", { data, symbology: "code128" })} alt={`${label} ${data}`} />
      <figcaption>
        <code>{data}</code>
      </figcaption>
    </figure>
  );
}

// One order's sheet for one warehouse (its first one when none is given); the order is
// loaded unless it is given.
function PickSheet({ orderId, warehouse, tote, loaded }: { orderId: number; warehouse?: string; tote?: string; loaded?: OrderForPick }) {
  const order = useResource<OrderForPick>(loaded ? null : `/api/v1/orders/${orderId}`);
  const o = loaded ?? order.data;
  const from = warehouse ?? o?.allocations[0]?.warehouse ?? "";
  const [rows, setRows] = useState<PickRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!o || !from) return;
    const controller = new AbortController();
    pickRows(o, from, controller.signal)
      .then((r) => {
        setRows(r);
        setError(null);
      })
      .catch((e) => {
        if (!(e instanceof DOMException && e.name === "AbortError")) setError(e);
      });
    return () => controller.abort();
  }, [o, from]);

  const units = (rows ?? []).reduce((sum, r) => sum + r.quantity, 0);
  return (
    <section className="pick-sheet" aria-label={`Pick list of ${o?.barcode ?? `order ${orderId}`}`}>
      <ErrorBanner error={order.error ?? error} />
      {o && (
        <>
          <div className="pick-head">
            <div>
              <h2>
                {o.barcode}
                {tote && <span className="muted"> · tote {tote}</span>}
              </h2>
              <p>
                {o.ship_to.name}, {o.ship_to.city} ({o.ship_to.country}) · {o.service_level} · from {from || "—"}
                <br />
                <span className="muted small">
                  Reference {o.external_id || "—"}, taken in {formatTime(o.created_at)}
                </span>
              </p>
            </div>
            <PrintedBarcode data={o.barcode} label="Order barcode" />
          </div>
          {!from && <p>Nothing of this order is allocated in a warehouse, so there is nothing to pick.</p>}
          {from && (
            <Table
              caption={`Lines to pick for ${o.barcode}`}
              busy={rows === null}
              className="pick-table"
              columns={["Bin", "SKU", "Description", "Lot", num("Quantity"), "Picked"]}
              rows={rows ?? []}
              loading={rows === null}
              empty="Nothing to pick here."
              row={(r) => (
                <tr key={r.key} data-bin={r.bin} data-sku={r.sku}>
                  <td>
                    <strong>{r.bin || "Not in stock"}</strong>
                  </td>
                  <td>
                    <code>{r.sku}</code>
                  </td>
                  <td>{r.name}</td>
                  <td>{r.lot || "—"}</td>
                  <td className="number">
                    <strong>{r.quantity}</strong>
                  </td>
                  <td className="tick" />
                </tr>
              )}
              footer={
                rows && rows.length > 1 ? (
                  <tr>
                    <th scope="row" colSpan={4}>
                      Units
                    </th>
                    <td className="number">{units}</td>
                    <td />
                  </tr>
                ) : null
              }
            />
          )}
        </>
      )}
    </section>
  );
}

// An order's pick list: a sheet per warehouse its stock is allocated in (a split order is
// picked in each of them).
export function OrderPickList() {
  const { id } = useParams();
  const orderId = Number(id);
  useTitle(`Pick list ORD-${id}`);
  const valid = Number.isInteger(orderId) && orderId > 0;
  const order = useResource<OrderForPick>(valid ? `/api/v1/orders/${orderId}` : null);
  const o = order.data;
  return (
    <main className="page page-wide pick-page" id="main">
      <p className="breadcrumbs no-print">
        <Link to="/console/orders">Orders</Link> / {valid && <Link to={`/console/orders/${orderId}`}>ORD-{orderId}</Link>} /
      </p>
      <div className="page-head no-print">
        <h1>Pick list</h1>
        <PrintButton />
      </div>
      {!valid && <p>“{id}” is not an order number.</p>}
      <ErrorBanner error={order.error} />
      {o && o.allocations.length === 0 && <PickSheet orderId={orderId} loaded={o} />}
      {o?.allocations.map((a) => (
        <PickSheet key={a.warehouse} orderId={orderId} warehouse={a.warehouse} loaded={o} />
      ))}
    </main>
  );
}

export function BatchPickList() {
  const { id } = useParams();
  const batch = useResource<Batch>(`/api/v1/pick-batches/${encodeURIComponent(id ?? "")}`);
  const b = batch.data;
  useTitle(`Pick list BAT-${id}`);
  return (
    <main className="page page-wide pick-page" id="main">
      <div className="page-head no-print">
        <h1>Batch pick list</h1>
        <PrintButton />
      </div>
      <ErrorBanner error={batch.error} />
      {b && (
        <>
          <section className="pick-sheet" aria-label={`Batch ${b.barcode}`}>
            <div className="pick-head">
              <div>
                <h2>{b.barcode}</h2>
                <p>
                  {b.totes.length} orders in {b.warehouse}, one tote each. Scan the batch at a pick station to start.
                </p>
              </div>
              <PrintedBarcode data={b.barcode} label="Batch barcode" />
            </div>
          </section>
          {b.totes.map((t) => (
            <PickSheet key={t.slot} orderId={t.order} warehouse={b.warehouse} tote={t.barcode} />
          ))}
        </>
      )}
    </main>
  );
}

// Batches hold at most this many orders (one tote each).
const MAX_BATCH = 48;

export function QueuePickLists() {
  useTitle("Pick lists");
  const { me } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const warehouses = useWarehouses();
  const warehouse = params.get("warehouse") || warehouses.data?.items[0]?.code || "";
  const queue = usePaged<{ id: number }>(warehouse ? `/api/v1/warehouses/${encodeURIComponent(warehouse)}/pick-queue?limit=${MAX_BATCH}` : null);
  const form = useForm({ size: "12" });

  const batch = form.onSubmit(async (values) => {
    const made = await api<Batch>("/api/v1/pick-batches", { body: { warehouse, size: numberOrText(values.size) ?? "" } });
    navigate(`/console/pick-batches/${made.id}/pick-list`);
  });

  return (
    <main className="page page-wide pick-page" id="main">
      <div className="page-head no-print">
        <h1>Pick lists{warehouse ? ` of ${warehouse}` : ""}</h1>
        <PrintButton />
      </div>
      <div className="no-print">
        <p className="muted">The released orders waiting to be picked, oldest first: a sheet each, or a batch of them on one cart.</p>
        <div className="filters">
          <Select label="Warehouse" name="warehouse" value={warehouse} onChange={(value) => setParams({ warehouse: value })} options={warehouseOptions(warehouses.data?.items)} />
        </div>
        {isManager(me?.role) && queue.items.length > 1 && (
          <>
            <FilterBar label="Make a pick batch" search={false} onSubmit={batch} submit="Make a batch" disabled={form.busy}>
              <Field label="Orders in the batch" inputMode="numeric" hint={`The oldest, up to ${MAX_BATCH}`} {...form.field("size")} />
            </FilterBar>
            <FormErrors error={form.error} fields={["size"]} />
          </>
        )}
      </div>
      <ErrorBanner error={queue.error} />
      {!queue.loading && queue.items.length === 0 && <p>No released orders wait in {warehouse || "this warehouse"}.</p>}
      {queue.items.map((o) => (
        <PickSheet key={o.id} orderId={o.id} warehouse={warehouse} />
      ))}
      <div className="no-print">
        <LoadMore list={queue} noun="orders" />
      </div>
    </main>
  );
}
