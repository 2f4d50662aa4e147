// Inventory: stock by product, by bin, by lot with expiry (and what expires soon), and
// adjustments with a reason. Every filter lives in the URL.
import { useEffect, useState, type FormEvent } from "react";
import { Link, Route, Routes, useSearchParams } from "react-router-dom";
import { api, withQuery } from "../api";
import { isManager, useSession } from "../session";
import { ErrorBanner, Field, formatTime, Select, useResource } from "../ui";
import {
  EmptyRow,
  FormErrors,
  formatDate,
  humanize,
  LoadMore,
  Notice,
  numberOrText,
  SubNav,
  usePaged,
  useTitle,
  useWarehouses,
  warehouseOptions,
} from "./common";

type StockRow = {
  id: number;
  warehouse: string;
  bin: string;
  sku: string;
  name: string;
  lot: string;
  expiry: string | null;
  received_at: string;
  quantity: number;
};

type Levels = {
  sku: string;
  items: Array<{ warehouse: string; on_hand: number; reserved: number; available: number }>;
  on_hand: number;
  reserved: number;
  available: number;
};

const ADJUSTMENT_REASONS = ["count_correction", "damaged_in_storage", "damaged_in_inbound", "expired", "theft_loss", "found"];

export function InventoryApp() {
  return (
    <main className="page page-wide" id="main">
      <h1>Inventory</h1>
      <SubNav
        label="Inventory views"
        links={[
          { to: "/console/inventory", text: "By product", end: true },
          { to: "/console/inventory/bins", text: "By bin" },
          { to: "/console/inventory/lots", text: "By lot and expiry" },
          { to: "/console/inventory/adjust", text: "Adjust stock" },
        ]}
      />
      <Routes>
        <Route index element={<ByProduct />} />
        <Route path="bins" element={<ByBin />} />
        <Route path="lots" element={<ByLot />} />
        <Route path="adjust" element={<Adjust />} />
        <Route path="*" element={<p>There is no such inventory view.</p>} />
      </Routes>
    </main>
  );
}

// The URL's query as a form's draft: edits stay local until submitted, and back/forward
// bring the URL's values back into the form.
function useQueryForm<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as Record<K, string>;
  const key = params.toString();
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [key]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const k of keys) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  };
  const set = (k: K) => (value: string) => setDraft((d) => ({ ...d, [k]: value }));
  return { applied, draft, set, submit };
}

function StockTable({
  rows,
  loading,
  empty,
  caption,
}: {
  rows: StockRow[];
  loading: boolean;
  empty: string;
  caption: string;
}) {
  const { me } = useSession();
  const manages = isManager(me?.role);
  const columns = manages ? 9 : 8;
  return (
    <table aria-busy={loading}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Warehouse</th>
          <th scope="col">Bin</th>
          <th scope="col">SKU</th>
          <th scope="col">Name</th>
          <th scope="col">Lot</th>
          <th scope="col">Expiry</th>
          <th scope="col">Received</th>
          <th scope="col" className="number">
            Quantity
          </th>
          {manages && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <EmptyRow columns={columns} loading={loading}>
            {empty}
          </EmptyRow>
        ) : (
          rows.map((r) => (
            <tr key={r.id}>
              <td>{r.warehouse}</td>
              <td>
                <Link to={withQuery("/console/inventory/bins", { warehouse: r.warehouse, bin: r.bin })}>{r.bin}</Link>
              </td>
              <td>
                <Link to={withQuery("/console/inventory", { sku: r.sku })}>{r.sku}</Link>
              </td>
              <td>{r.name}</td>
              <td>{r.lot ? <Link to={withQuery("/console/inventory/lots", { lot: r.lot })}>{r.lot}</Link> : "—"}</td>
              <td>{formatDate(r.expiry)}</td>
              <td>{formatTime(r.received_at)}</td>
              <td className="number">{r.quantity}</td>
              {manages && (
                <td>
                  <Link
                    to={withQuery("/console/inventory/adjust", {
                      warehouse: r.warehouse,
                      bin: r.bin,
                      sku: r.sku,
                      lot: r.lot,
                    })}
                    aria-label={`Adjust ${r.sku} in ${r.warehouse} ${r.bin}${r.lot ? ` lot ${r.lot}` : ""}`}
                  >
                    Adjust
                  </Link>
                </td>
              )}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

const PRODUCT_KEYS = ["sku", "warehouse"] as const;

function ByProduct() {
  useTitle("Inventory by product");
  const form = useQueryForm(PRODUCT_KEYS);
  const warehouses = useWarehouses();
  const { sku, warehouse } = form.applied;
  const levels = useResource<Levels>(sku ? withQuery("/api/v1/inventory", { sku }) : null);
  const rows = usePaged<StockRow>(withQuery("/api/v1/inventory/stock", { sku, warehouse, limit: 100 }));

  return (
    <>
      <form className="filters" onSubmit={form.submit} role="search" aria-label="Stock of a product">
        <Field label="SKU" name="sku" value={form.draft.sku} onChange={(e) => form.set("sku")(e.target.value)} error={rows.error} />
        <Select
          label="Warehouse"
          name="warehouse"
          value={form.draft.warehouse}
          onChange={form.set("warehouse")}
          options={warehouseOptions(warehouses.data?.items, "Every warehouse")}
          error={rows.error}
        />
        <div className="filter-actions">
          <button type="submit" className="primary">
            Show stock
          </button>
        </div>
      </form>
      {sku && (
        <section aria-labelledby="levels-heading">
          <h2 id="levels-heading">{sku}: stock per warehouse</h2>
          <ErrorBanner error={levels.error} />
          {levels.data && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Warehouse</th>
                  <th scope="col" className="number">
                    On hand
                  </th>
                  <th scope="col" className="number">
                    Reserved
                  </th>
                  <th scope="col" className="number">
                    Available
                  </th>
                </tr>
              </thead>
              <tbody>
                {levels.data.items.length === 0 ? (
                  <EmptyRow columns={4}>No stock of {sku} anywhere.</EmptyRow>
                ) : (
                  levels.data.items.map((l) => (
                    <tr key={l.warehouse}>
                      <td>{l.warehouse}</td>
                      <td className="number">{l.on_hand}</td>
                      <td className="number">{l.reserved}</td>
                      <td className="number">{l.available}</td>
                    </tr>
                  ))
                )}
              </tbody>
              {levels.data.items.length > 1 && (
                <tfoot>
                  <tr>
                    <th scope="row">All warehouses</th>
                    <td className="number">{levels.data.on_hand}</td>
                    <td className="number">{levels.data.reserved}</td>
                    <td className="number">{levels.data.available}</td>
                  </tr>
                </tfoot>
              )}
            </table>
          )}
        </section>
      )}
      <h2>{sku ? `Where ${sku} is` : "Stock rows"}</h2>
      <FormErrors error={rows.error} fields={[...PRODUCT_KEYS]} />
      <StockTable
        rows={rows.items}
        loading={rows.loading}
        caption={sku ? `Stock of ${sku} by bin and lot` : "Stock by bin and lot"}
        empty={sku ? `No stock of ${sku}.` : "No stock."}
      />
      <LoadMore list={rows} noun="stock rows" />
    </>
  );
}

const BIN_KEYS = ["warehouse", "bin"] as const;

function ByBin() {
  useTitle("Inventory by bin");
  const form = useQueryForm(BIN_KEYS);
  const warehouses = useWarehouses();
  const first = warehouses.data?.items[0]?.code ?? "";
  const warehouse = form.applied.warehouse || first;
  const { bin } = form.applied;
  const bins = useResource<{ items: Array<{ code: string; zone: string; kind: string; active: boolean }> }>(
    warehouse ? `/api/v1/warehouses/${encodeURIComponent(warehouse)}/bins?limit=1000` : null,
  );
  const rows = usePaged<StockRow>(warehouse ? withQuery("/api/v1/inventory/stock", { warehouse, bin, limit: 100 }) : null);
  const thisBin = bins.data?.items.find((b) => b.code === bin);

  return (
    <>
      <form className="filters" onSubmit={form.submit} role="search" aria-label="Stock in a bin">
        <Select
          label="Warehouse"
          name="warehouse"
          value={form.draft.warehouse || first}
          onChange={form.set("warehouse")}
          options={warehouseOptions(warehouses.data?.items)}
          error={rows.error}
        />
        <Field
          label="Bin"
          name="bin"
          list="bin-codes"
          placeholder="A-01-01"
          value={form.draft.bin}
          onChange={(e) => form.set("bin")(e.target.value)}
          error={rows.error}
          hint="Leave empty for every bin"
        />
        <datalist id="bin-codes">
          {(bins.data?.items ?? []).map((b) => (
            <option key={b.code} value={b.code} />
          ))}
        </datalist>
        <div className="filter-actions">
          <button type="submit" className="primary">
            Show stock
          </button>
        </div>
      </form>
      <h2>{bin ? `Bin ${bin} in ${warehouse}` : `Every bin in ${warehouse || "the warehouse"}`}</h2>
      {thisBin && (
        <p className="muted">
          Zone {thisBin.zone || "—"} · {humanize(thisBin.kind)} · {thisBin.active ? "active" : "inactive"}
        </p>
      )}
      <FormErrors error={rows.error} fields={[...BIN_KEYS]} />
      <StockTable
        rows={rows.items}
        loading={rows.loading}
        caption={`Stock in ${bin || "every bin"} of ${warehouse}`}
        empty={bin ? `Bin ${bin} is empty.` : "No stock in this warehouse."}
      />
      <LoadMore list={rows} noun="stock rows" />
    </>
  );
}

const LOT_KEYS = ["lot", "expires_before", "warehouse", "days"] as const;

type RotationRow = { warehouse: string; bin: string; sku: string; name: string; lot: string; expiry: string | null; quantity: number };

function ByLot() {
  useTitle("Inventory by lot");
  const form = useQueryForm(LOT_KEYS);
  const warehouses = useWarehouses();
  const { lot, expires_before, warehouse, days } = form.applied;
  // With no lot or date given, every dated row: those expire before the end of time.
  const before = expires_before || (lot ? "" : "9999-12-31");
  const rows = usePaged<StockRow>(withQuery("/api/v1/inventory/stock", { lot, expires_before: before, warehouse, limit: 100 }));
  const rotation = useResource<{ items: RotationRow[] }>(withQuery("/api/v1/inventory/rotation", { warehouse, days }));

  return (
    <>
      <form className="filters" onSubmit={form.submit} role="search" aria-label="Stock by lot and expiry">
        <Field label="Lot" name="lot" value={form.draft.lot} onChange={(e) => form.set("lot")(e.target.value)} error={rows.error} />
        <Field
          label="Expires before"
          name="expires_before"
          type="date"
          value={form.draft.expires_before}
          onChange={(e) => form.set("expires_before")(e.target.value)}
          error={rows.error}
        />
        <Select
          label="Warehouse"
          name="warehouse"
          value={form.draft.warehouse}
          onChange={form.set("warehouse")}
          options={warehouseOptions(warehouses.data?.items, "Every warehouse")}
          error={rows.error}
        />
        <Field
          label="Expiring within (days)"
          name="days"
          type="number"
          min={0}
          max={3650}
          value={form.draft.days}
          onChange={(e) => form.set("days")(e.target.value)}
          error={rotation.error}
          hint="Empty: the configured warning window"
        />
        <div className="filter-actions">
          <button type="submit" className="primary">
            Show lots
          </button>
        </div>
      </form>

      <h2>Expiring soon — pick these first</h2>
      <FormErrors error={rotation.error} fields={["days", "warehouse"]} />
      <table>
        <thead>
          <tr>
            <th scope="col">Expiry</th>
            <th scope="col">Warehouse</th>
            <th scope="col">Bin</th>
            <th scope="col">SKU</th>
            <th scope="col">Name</th>
            <th scope="col">Lot</th>
            <th scope="col" className="number">
              Quantity
            </th>
          </tr>
        </thead>
        <tbody>
          {(rotation.data?.items ?? []).length === 0 ? (
            <EmptyRow columns={7} loading={rotation.loading && !rotation.data}>
              Nothing expires {days ? `within ${days} days` : "soon"}.
            </EmptyRow>
          ) : (
            rotation.data!.items.map((r, i) => (
              <tr key={i}>
                <td>{formatDate(r.expiry)}</td>
                <td>{r.warehouse}</td>
                <td>{r.bin}</td>
                <td>
                  <Link to={withQuery("/console/inventory", { sku: r.sku })}>{r.sku}</Link>
                </td>
                <td>{r.name}</td>
                <td>{r.lot || "—"}</td>
                <td className="number">{r.quantity}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <h2>{lot ? `Lot ${lot}` : expires_before ? `Lots expiring before ${formatDate(expires_before)}` : "Stock with an expiry date"}</h2>
      <FormErrors error={rows.error} fields={["lot", "expires_before", "warehouse"]} />
      <StockTable rows={rows.items} loading={rows.loading} caption="Stock by lot" empty="No lot-tracked or dated stock matches." />
      <LoadMore list={rows} noun="stock rows" />
    </>
  );
}

type StockChange = { warehouse: string; sku: string; on_hand: number; reserved: number; available: number };

function Adjust() {
  useTitle("Adjust stock");
  const { me } = useSession();
  const [params] = useSearchParams();
  const warehouses = useWarehouses();
  const [values, setValues] = useState({
    warehouse: params.get("warehouse") ?? "",
    bin: params.get("bin") ?? "",
    sku: params.get("sku") ?? "",
    lot: params.get("lot") ?? "",
    delta: "",
    reason: "count_correction",
    expiry: "",
    reference: "",
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const warehouse = values.warehouse || warehouses.data?.items[0]?.code || "";
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  if (!isManager(me?.role)) {
    return <p>Only managers adjust stock. Your role is {me?.role}.</p>;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const changed = await api<StockChange>("/api/v1/inventory/adjustments", {
        body: {
          warehouse,
          bin: values.bin.trim(),
          sku: values.sku.trim(),
          lot: values.lot.trim() || undefined,
          delta: numberOrText(values.delta) ?? "",
          reason: values.reason,
          expiry: values.expiry || undefined,
          reference: values.reference.trim() || undefined,
        },
      });
      setResult(
        `Adjusted ${changed.sku} in ${changed.warehouse}: on hand ${changed.on_hand}, reserved ${changed.reserved}, available ${changed.available}.`,
      );
      setValues((v) => ({ ...v, delta: "", reference: "" }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label="Adjust stock">
      <p className="form-wide muted">
        Corrects stock in one bin. A negative change removes units. Every adjustment is kept in the ledger with its reason.
      </p>
      <div className="form-wide">
        <FormErrors error={error} fields={["warehouse", "bin", "sku", "lot", "delta", "reason", "expiry", "reference"]} />
        <Notice text={result} />
        {result && (
          <p>
            <Link to={withQuery("/console/inventory", { sku: values.sku.trim() })}>See the stock of {values.sku.trim()}</Link>
          </p>
        )}
      </div>
      <Select
        label="Warehouse"
        name="warehouse"
        value={warehouse}
        onChange={set("warehouse")}
        options={warehouseOptions(warehouses.data?.items)}
        error={error}
      />
      <Field label="Bin" name="bin" value={values.bin} onChange={(e) => set("bin")(e.target.value)} error={error} required />
      <Field label="SKU" name="sku" value={values.sku} onChange={(e) => set("sku")(e.target.value)} error={error} required />
      <Field label="Lot" name="lot" value={values.lot} onChange={(e) => set("lot")(e.target.value)} error={error} hint="For lot-tracked products" />
      <Field
        label="Change in units"
        name="delta"
        type="number"
        inputMode="numeric"
        value={values.delta}
        onChange={(e) => set("delta")(e.target.value)}
        error={error}
        hint="For example -2 or 5"
        required
      />
      <Select
        label="Reason"
        name="reason"
        value={values.reason}
        onChange={set("reason")}
        options={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: humanize(r) }))}
        error={error}
      />
      <Field
        label="Expiry"
        name="expiry"
        type="date"
        value={values.expiry}
        onChange={(e) => set("expiry")(e.target.value)}
        error={error}
        hint="Only when adding a new dated lot"
      />
      <Field
        label="Reference"
        name="reference"
        value={values.reference}
        onChange={(e) => set("reference")(e.target.value)}
        error={error}
        hint="Count sheet, ticket…"
      />
      <div className="form-wide">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Adjusting…" : "Adjust stock"}
        </button>
      </div>
    </form>
  );
}
