// Inventory: stock by product, by bin, by lot with expiry (and what expires soon), receipts,
// moves, adjustments with a reason and reorder points. Every filter lives in the URL.
import { useState } from "react";
import { Link, Route, Routes, useSearchParams } from "react-router-dom";
import { api, withQuery } from "../api";
import { Field, FilterBar, FormErrors, Notice, Select, SubmitRow, useForm, useQueryForm } from "../forms";
import { isManager, useSession } from "../session";
import { ErrorBanner, formatTime, humanize, useResource, useTitle } from "../ui";
import {
  ACTIONS,
  formatDate,
  LevelsTable,
  LoadMore,
  num,
  numberOrText,
  SubNav,
  Table,
  usePaged,
  useWarehouses,
  warehouseOptions,
  type Levels,
} from "./common";
import { Move, Receive, Thresholds } from "./StockForms";

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
          { to: "/console/inventory/receive", text: "Receive" },
          { to: "/console/inventory/move", text: "Move" },
          { to: "/console/inventory/adjust", text: "Adjust stock" },
          { to: "/console/inventory/thresholds", text: "Reorder points" },
        ]}
      />
      <Routes>
        <Route index element={<ByProduct />} />
        <Route path="bins" element={<ByBin />} />
        <Route path="lots" element={<ByLot />} />
        <Route path="receive" element={<Receive />} />
        <Route path="move" element={<Move />} />
        <Route path="adjust" element={<Adjust />} />
        <Route path="thresholds" element={<Thresholds />} />
        <Route path="*" element={<p>There is no such inventory view.</p>} />
      </Routes>
    </main>
  );
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
  const columns = ["Warehouse", "Bin", "SKU", "Name", "Lot", "Expiry", "Received", num("Quantity")];
  return (
    <Table
      caption={caption}
      busy={loading}
      columns={manages ? [...columns, ACTIONS] : columns}
      rows={rows}
      loading={loading}
      empty={empty}
      row={(r) => (
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
      )}
    />
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
      <FilterBar label="Stock of a product" onSubmit={form.submit} submit="Show stock">
        <Field label="SKU" {...form.field("sku")} error={rows.error} />
        <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items, "Every warehouse")} {...form.select("warehouse")} error={rows.error} />
      </FilterBar>
      {sku && (
        <section aria-labelledby="levels-heading">
          <h2 id="levels-heading">{sku}: stock per warehouse</h2>
          <ErrorBanner error={levels.error} />
          {levels.data && <LevelsTable levels={levels.data} empty={`No stock of ${sku} anywhere.`} totals />}
        </section>
      )}
      <h2>{sku ? `Where ${sku} is` : "Stock rows"}</h2>
      <FormErrors error={rows.error} fields={PRODUCT_KEYS} />
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
      <FilterBar label="Stock in a bin" onSubmit={form.submit} submit="Show stock">
        <Select
          label="Warehouse"
          options={warehouseOptions(warehouses.data?.items)}
          {...form.select("warehouse")}
          value={form.draft.warehouse || first}
          error={rows.error}
        />
        <Field label="Bin" list="bin-codes" placeholder="A-01-01" hint="Leave empty for every bin" {...form.field("bin")} error={rows.error} />
        <datalist id="bin-codes">
          {(bins.data?.items ?? []).map((b) => (
            <option key={b.code} value={b.code} />
          ))}
        </datalist>
      </FilterBar>
      <h2>{bin ? `Bin ${bin} in ${warehouse}` : `Every bin in ${warehouse || "the warehouse"}`}</h2>
      {thisBin && (
        <p className="muted">
          Zone {thisBin.zone || "—"} · {humanize(thisBin.kind)} · {thisBin.active ? "active" : "inactive"}
        </p>
      )}
      <FormErrors error={rows.error} fields={BIN_KEYS} />
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
      <FilterBar label="Stock by lot and expiry" onSubmit={form.submit} submit="Show lots">
        <Field label="Lot" {...form.field("lot")} error={rows.error} />
        <Field label="Expires before" type="date" {...form.field("expires_before")} error={rows.error} />
        <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items, "Every warehouse")} {...form.select("warehouse")} error={rows.error} />
        <Field
          label="Expiring within (days)"
          type="number"
          min={0}
          max={3650}
          hint="Empty: the configured warning window"
          {...form.field("days")}
          error={rotation.error}
        />
      </FilterBar>

      <h2>Expiring soon — pick these first</h2>
      <FormErrors error={rotation.error} fields={["days", "warehouse"]} />
      <Table
        columns={["Expiry", "Warehouse", "Bin", "SKU", "Name", "Lot", num("Quantity")]}
        rows={rotation.data?.items ?? []}
        loading={rotation.loading && !rotation.data}
        empty={`Nothing expires ${days ? `within ${days} days` : "soon"}.`}
        row={(r, i) => (
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
        )}
      />

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
  const form = useForm({
    warehouse: params.get("warehouse") ?? "",
    bin: params.get("bin") ?? "",
    sku: params.get("sku") ?? "",
    lot: params.get("lot") ?? "",
    delta: "",
    reason: "count_correction",
    expiry: "",
    reference: "",
  });
  const [result, setResult] = useState<string | null>(null);
  const { values } = form;
  const warehouse = values.warehouse || warehouses.data?.items[0]?.code || "";

  if (!isManager(me?.role)) {
    return <p>Only managers adjust stock. Your role is {me?.role}.</p>;
  }

  const submit = form.onSubmit(async (values) => {
    setResult(null);
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
    form.setValues((v) => ({ ...v, delta: "", reference: "" }));
  });

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label="Adjust stock">
      <p className="form-wide muted">
        Corrects stock in one bin. A negative change removes units. Every adjustment is kept in the ledger with its reason.
      </p>
      <div className="form-wide">
        <FormErrors error={form.error} fields={["warehouse", "bin", "sku", "lot", "delta", "reason", "expiry", "reference"]} />
        <Notice text={result} />
        {result && (
          <p>
            <Link to={withQuery("/console/inventory", { sku: values.sku.trim() })}>See the stock of {values.sku.trim()}</Link>
          </p>
        )}
      </div>
      <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items)} {...form.select("warehouse")} value={warehouse} />
      <Field label="Bin" required {...form.field("bin")} />
      <Field label="SKU" required {...form.field("sku")} />
      <Field label="Lot" hint="For lot-tracked products" {...form.field("lot")} />
      <Field label="Change in units" type="number" inputMode="numeric" hint="For example -2 or 5" required {...form.field("delta")} />
      <Select label="Reason" options={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: humanize(r) }))} {...form.select("reason")} />
      <Field label="Expiry" type="date" hint="Only when adding a new dated lot" {...form.field("expiry")} />
      <Field label="Reference" hint="Count sheet, ticket…" {...form.field("reference")} />
      <SubmitRow wide text="Adjust stock" busyText="Adjusting…" busy={form.busy} />
    </form>
  );
}
