// Stock coming in and moving: a receipt into a bin (with its lot and expiry when the product
// tracks them), a move between bins, and the reorder points that raise replenishment signals.
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, withQuery, type Page } from "../api";
import { Field, FilterBar, FormErrors, Notice, Select, SubmitRow, useForm, useQueryForm } from "../forms";
import { isManager, useSession } from "../session";
import { ErrorBanner, useResource, useTitle } from "../ui";
import { num, numberOrText, Table, useWarehouses, warehouseOptions } from "./common";

type StockChange = { warehouse: string; sku: string; on_hand: number; reserved: number; available: number };
type Tracking = { sku: string; name: string; lot_tracked: boolean; expiry_tracked: boolean; is_kit: boolean };

const totals = (c: StockChange) => `on hand ${c.on_hand}, reserved ${c.reserved}, available ${c.available}`;

// The product a SKU field names, once it names exactly one.
function useProductBySku(sku: string) {
  const found = useResource<Page<Tracking>>(sku.trim() ? withQuery("/api/v1/products", { sku: sku.trim(), limit: 1 }) : null);
  const product = found.data?.items[0];
  return sku.trim() && product?.sku === sku.trim() ? product : undefined;
}

function StockLink({ sku }: { sku: string }) {
  return (
    <p>
      <Link to={withQuery("/console/inventory", { sku })}>See the stock of {sku}</Link>
    </p>
  );
}

export function Receive() {
  useTitle("Receive stock");
  const { me } = useSession();
  const [params] = useSearchParams();
  const warehouses = useWarehouses();
  const form = useForm({
    warehouse: params.get("warehouse") ?? "",
    bin: params.get("bin") ?? "",
    sku: params.get("sku") ?? "",
    quantity: "",
    lot: "",
    expiry: "",
    reference: "",
  });
  const [result, setResult] = useState<{ text: string; sku: string } | null>(null);
  const { values } = form;
  const warehouse = values.warehouse || warehouses.data?.items[0]?.code || "";
  const product = useProductBySku(values.sku);

  if (!(isManager(me?.role) || me?.role === "receiver")) {
    return <p>Only managers and receivers receive stock. Your role is {me?.role}.</p>;
  }

  const submit = form.onSubmit(async (values) => {
    setResult(null);
    const changed = await api<StockChange>("/api/v1/inventory/receipts", {
      body: {
        warehouse,
        bin: values.bin.trim(),
        sku: values.sku.trim(),
        quantity: numberOrText(values.quantity) ?? "",
        lot: values.lot.trim() || undefined,
        expiry: values.expiry || undefined,
        reference: values.reference.trim() || undefined,
      },
    });
    setResult({ text: `Received ${values.quantity.trim()} of ${changed.sku} into ${values.bin.trim()} in ${changed.warehouse}: ${totals(changed)}.`, sku: changed.sku });
    form.setValues((v) => ({ ...v, quantity: "", lot: "", expiry: "" }));
  });

  const lots = product?.lot_tracked || values.lot !== "";
  const dated = product?.expiry_tracked || values.expiry !== "";
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label="Receive stock">
      <p className="form-wide muted">Puts delivered units into a bin. Every receipt is kept in the ledger with its reference.</p>
      <div className="form-wide">
        <FormErrors error={form.error} fields={["warehouse", "bin", "sku", "quantity", "lot", "expiry", "reference"]} />
        <Notice text={result?.text ?? null} />
        {result && <StockLink sku={result.sku} />}
      </div>
      <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items)} {...form.select("warehouse")} value={warehouse} />
      <Field label="Bin" required hint="Such as A-01-01" {...form.field("bin")} onChange={(e) => form.set("bin")(e.target.value.toUpperCase())} />
      <Field
        label="SKU"
        required
        hint={
          product
            ? product.is_kit
              ? `${product.name} is a kit: receive its components`
              : `${product.name}${product.lot_tracked ? ", lot-tracked" : ""}${product.expiry_tracked ? ", dated" : ""}`
            : undefined
        }
        {...form.field("sku")}
      />
      <Field label="Quantity" type="number" inputMode="numeric" min={1} required {...form.field("quantity")} />
      {lots && <Field label="Lot" hint="The lot printed on the goods" required={product?.lot_tracked} {...form.field("lot")} />}
      {dated && <Field label="Expiry" type="date" required={product?.expiry_tracked} {...form.field("expiry")} />}
      <Field label="Reference" hint="Delivery note, purchase order…" {...form.field("reference")} />
      <SubmitRow wide text="Receive stock" busyText="Receiving…" busy={form.busy} />
    </form>
  );
}

export function Move() {
  useTitle("Move stock");
  const { me } = useSession();
  const [params] = useSearchParams();
  const warehouses = useWarehouses();
  const form = useForm({
    warehouse: params.get("warehouse") ?? "",
    from_bin: params.get("bin") ?? "",
    to_bin: "",
    sku: params.get("sku") ?? "",
    lot: params.get("lot") ?? "",
    quantity: "",
    reference: "",
  });
  const [result, setResult] = useState<{ text: string; sku: string } | null>(null);
  const { values } = form;
  const warehouse = values.warehouse || warehouses.data?.items[0]?.code || "";

  if (!(isManager(me?.role) || me?.role === "receiver")) {
    return <p>Only managers and receivers move stock. Your role is {me?.role}.</p>;
  }

  const submit = form.onSubmit(async (values) => {
    setResult(null);
    const changed = await api<StockChange>("/api/v1/inventory/moves", {
      body: {
        warehouse,
        from_bin: values.from_bin.trim(),
        to_bin: values.to_bin.trim(),
        sku: values.sku.trim(),
        lot: values.lot.trim() || undefined,
        quantity: numberOrText(values.quantity) ?? "",
        reference: values.reference.trim() || undefined,
      },
    });
    setResult({
      text: `Moved ${values.quantity.trim()} of ${changed.sku} from ${values.from_bin.trim()} to ${values.to_bin.trim()}: ${totals(changed)}.`,
      sku: changed.sku,
    });
    form.setValues((v) => ({ ...v, quantity: "" }));
  });

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label="Move stock">
      <p className="form-wide muted">Moves units from one bin to another in the same warehouse, such as a put-away from receiving.</p>
      <div className="form-wide">
        <FormErrors error={form.error} fields={["warehouse", "from_bin", "to_bin", "sku", "lot", "quantity", "reference"]} />
        <Notice text={result?.text ?? null} />
        {result && <StockLink sku={result.sku} />}
      </div>
      <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items)} {...form.select("warehouse")} value={warehouse} />
      <Field label="From bin" required {...form.field("from_bin")} onChange={(e) => form.set("from_bin")(e.target.value.toUpperCase())} />
      <Field label="To bin" required {...form.field("to_bin")} onChange={(e) => form.set("to_bin")(e.target.value.toUpperCase())} />
      <Field label="SKU" required {...form.field("sku")} />
      <Field label="Lot" hint="For lot-tracked products" {...form.field("lot")} />
      <Field label="Quantity" type="number" inputMode="numeric" min={1} required {...form.field("quantity")} />
      <Field label="Reference" {...form.field("reference")} />
      <SubmitRow wide text="Move stock" busyText="Moving…" busy={form.busy} />
    </form>
  );
}

// ---- reorder points --------------------------------------------------------------------------

type Threshold = { sku: string; warehouse: string; reorder_point: number; safety_stock: number; lead_time_days: number };

const THRESHOLD_KEYS = ["sku"] as const;

export function Thresholds() {
  useTitle("Reorder points");
  const { me } = useSession();
  const filter = useQueryForm(THRESHOLD_KEYS);
  const warehouses = useWarehouses();
  const list = useResource<{ items: Threshold[] }>(withQuery("/api/v1/inventory/thresholds", { sku: filter.applied.sku }));
  const form = useForm({ sku: "", warehouse: "", reorder_point: "", safety_stock: "", lead_time_days: "" });
  const [notice, setNotice] = useState<string | null>(null);
  const warehouse = form.values.warehouse || warehouses.data?.items[0]?.code || "";

  const submit = form.onSubmit(async (values) => {
    setNotice(null);
    const saved = await api<Threshold>("/api/v1/inventory/thresholds", {
      method: "PUT",
      body: {
        sku: values.sku.trim(),
        warehouse,
        reorder_point: numberOrText(values.reorder_point) ?? "",
        safety_stock: numberOrText(values.safety_stock),
        lead_time_days: numberOrText(values.lead_time_days),
      },
    });
    setNotice(`The reorder point of ${saved.sku} in ${saved.warehouse} is ${saved.reorder_point}.`);
    form.setValues({ sku: "", warehouse: values.warehouse, reorder_point: "", safety_stock: "", lead_time_days: "" });
    list.reload();
  });

  return (
    <>
      <FilterBar label="Find reorder points" onSubmit={filter.submit} submit="Show">
        <Field label="Exact SKU" {...filter.field("sku")} error={list.error} />
      </FilterBar>
      <ErrorBanner error={list.error} />
      <Notice text={notice} />
      <Table
        caption="Reorder points"
        busy={list.loading}
        columns={["SKU", "Warehouse", num("Reorder point"), num("Safety stock"), num("Lead time (days)")]}
        rows={list.data?.items ?? []}
        loading={list.loading}
        empty={filter.filtered ? "No reorder points for this SKU." : "No reorder points yet."}
        row={(t) => (
          <tr key={`${t.sku}/${t.warehouse}`}>
            <td>
              <Link to={withQuery("/console/inventory", { sku: t.sku })}>{t.sku}</Link>
            </td>
            <td>{t.warehouse}</td>
            <td className="number">{t.reorder_point}</td>
            <td className="number">{t.safety_stock}</td>
            <td className="number">{t.lead_time_days}</td>
          </tr>
        )}
      />
      {isManager(me?.role) && (
        <section className="form-section" aria-labelledby="threshold-form">
          <h2 id="threshold-form">Set a reorder point</h2>
          <form className="form-grid" onSubmit={submit} noValidate aria-labelledby="threshold-form">
            <div className="form-wide">
              <FormErrors error={form.error} fields={["sku", "warehouse", "reorder_point", "safety_stock", "lead_time_days"]} />
            </div>
            <Field label="SKU" required {...form.field("sku")} />
            <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items)} {...form.select("warehouse")} value={warehouse} />
            <Field label="Reorder point" inputMode="numeric" hint="Reorder when available stock falls to this" required {...form.field("reorder_point")} />
            <Field label="Safety stock" inputMode="numeric" {...form.field("safety_stock")} />
            <Field label="Lead time (days)" inputMode="numeric" {...form.field("lead_time_days")} />
            <SubmitRow wide text="Save reorder point" busyText="Saving…" busy={form.busy} />
          </form>
        </section>
      )}
    </>
  );
}
