// Warehouses (address, time zone, position) and their bins.
import { type Ref } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../api";
import { Checkbox, Field, GridForm, Notice, Select, SubmitRow, useForm } from "../forms";
import { ErrorBanner, humanize, useTitle } from "../ui";
import {
  ACTIONS,
  LoadMore,
  num,
  numberOrText,
  Table,
  useEditing,
  usePaged,
  useWarehouses,
  warehouseOptions,
  type Warehouse,
} from "../console/common";

export function WarehousesPage() {
  useTitle("Warehouses");
  const warehouses = useWarehouses();
  const editor = useEditing<Warehouse>(warehouses.reload);

  return (
    <>
      <h2>Warehouses</h2>
      <Notice text={editor.notice} />
      <ErrorBanner error={warehouses.error} />
      <Table
        caption="Warehouses"
        busy={warehouses.loading}
        columns={["Code", "Name", "Address", "Time zone", "Position", ACTIONS]}
        rows={warehouses.data?.items ?? []}
        loading={warehouses.loading}
        empty="No warehouses yet."
        row={(w) => (
          <tr key={w.id}>
            <td>
              <strong>{w.code}</strong>
            </td>
            <td>{w.name}</td>
            <td>
              {[w.address.line1, [w.address.postal_code, w.address.city].filter(Boolean).join(" "), w.country].filter(Boolean).join(", ") || "—"}
            </td>
            <td>{w.timezone}</td>
            <td>{w.latitude !== null && w.longitude !== null ? `${w.latitude.toFixed(3)}, ${w.longitude.toFixed(3)}` : "—"}</td>
            <td className="actions">
              <button type="button" className="small-button" aria-label={`Edit ${w.code}`} onClick={() => editor.edit(w)}>
                Edit
              </button>{" "}
              <Link to={`/admin/bins?warehouse=${encodeURIComponent(w.code)}`} aria-label={`Bins of ${w.code}`}>
                Bins
              </Link>
            </td>
          </tr>
        )}
      />
      <WarehouseForm key={editor.editing?.code ?? "new"} ref={editor.section} warehouse={editor.editing} onDone={editor.done} />
    </>
  );
}

function WarehouseForm({ warehouse, onDone, ref }: { warehouse: Warehouse | null; onDone: (message: string | null) => void; ref: Ref<HTMLElement> }) {
  const form = useForm({
    code: warehouse?.code ?? "",
    name: warehouse?.name ?? "",
    timezone: warehouse?.timezone ?? "",
    country: warehouse?.country ?? "",
    line1: warehouse?.address.line1 ?? "",
    line2: warehouse?.address.line2 ?? "",
    city: warehouse?.address.city ?? "",
    region: warehouse?.address.region ?? "",
    postal_code: warehouse?.address.postal_code ?? "",
    latitude: warehouse?.latitude?.toString() ?? "",
    longitude: warehouse?.longitude?.toString() ?? "",
  });

  const submit = form.onSubmit(async (values) => {
    const body = {
      code: values.code.trim(),
      name: values.name.trim(),
      timezone: values.timezone.trim(),
      country: values.country.trim(),
      address: {
        line1: values.line1.trim(),
        line2: values.line2.trim(),
        city: values.city.trim(),
        region: values.region.trim(),
        postal_code: values.postal_code.trim(),
      },
      latitude: numberOrText(values.latitude),
      longitude: numberOrText(values.longitude),
    };
    const saved = warehouse
      ? await api<Warehouse>(`/api/v1/warehouses/${encodeURIComponent(warehouse.code)}`, { method: "PUT", body })
      : await api<Warehouse>("/api/v1/warehouses", { body });
    onDone(warehouse ? `Warehouse ${saved.code} is saved.` : `Warehouse ${saved.code} is created.`);
  });

  return (
    <GridForm
      ref={ref}
      title={warehouse ? `Edit ${warehouse.code}` : "New warehouse"}
      onSubmit={submit}
      error={form.error}
      fields={["code", "name", "timezone", "country", "address", "latitude", "longitude"]}
    >
      <Field
        label="Code"
        disabled={warehouse !== null}
        hint="Up to 16 of A–Z, 0–9, - and _, such as BER"
        {...form.field("code")}
        onChange={(e) => form.set("code")(e.target.value.toUpperCase())}
      />
      <Field label="Name" {...form.field("name")} />
      <Field label="Time zone" list="time-zones" hint="IANA name, such as Europe/Berlin" {...form.field("timezone")} />
      <datalist id="time-zones">
        {timeZones().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <Field label="Country" hint="Two letters, such as DE" {...form.field("country")} />
      <Field label="Address line 1" {...form.field("line1", "address/line1")} />
      <Field label="Address line 2" {...form.field("line2", "address/line2")} />
      <Field label="Postal code" {...form.field("postal_code", "address/postal_code")} />
      <Field label="City" {...form.field("city", "address/city")} />
      <Field label="Region" {...form.field("region", "address/region")} />
      <Field label="Latitude" inputMode="decimal" {...form.field("latitude")} />
      <Field label="Longitude" inputMode="decimal" {...form.field("longitude")} />
      <SubmitRow
        wide
        text={warehouse ? `Save ${warehouse.code}` : "Create warehouse"}
        busy={form.busy}
        onCancel={warehouse ? () => onDone(null) : undefined}
      />
    </GridForm>
  );
}

let zones: string[] | null = null;
function timeZones(): string[] {
  if (!zones) {
    try {
      zones = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
    } catch {
      zones = [];
    }
  }
  return zones;
}

// ---- bins -------------------------------------------------------------------------------------

type Bin = { id: number; warehouse: string; code: string; zone: string; pick_sequence: number; kind: string; active: boolean; barcode: string };

const BIN_KINDS = ["storage", "receiving", "staging", "damage", "returns"];

export function BinsPage() {
  useTitle("Bins");
  const [params, setParams] = useSearchParams();
  const warehouses = useWarehouses();
  const warehouse = params.get("warehouse") || warehouses.data?.items[0]?.code || "";
  const bins = usePaged<Bin>(warehouse ? `/api/v1/warehouses/${encodeURIComponent(warehouse)}/bins?limit=100` : null);
  const editor = useEditing<Bin>(bins.reload);

  return (
    <>
      <h2>Bins{warehouse ? ` in ${warehouse}` : ""}</h2>
      <div className="filters">
        <Select
          label="Warehouse"
          name="warehouse"
          value={warehouse}
          onChange={(value) => {
            editor.close();
            setParams({ warehouse: value });
          }}
          options={warehouseOptions(warehouses.data?.items)}
        />
      </div>
      <Notice text={editor.notice} />
      <ErrorBanner error={bins.error} />
      <Table
        caption={`Bins of ${warehouse}`}
        busy={bins.loading}
        columns={["Bin", "Zone", "Kind", num("Pick sequence"), "Status", "Label", ACTIONS]}
        rows={bins.items}
        loading={bins.loading}
        empty={`No bins in ${warehouse || "this warehouse"} yet.`}
        row={(b) => (
          <tr key={b.id}>
            <td>
              <Link to={`/console/inventory/bins?warehouse=${encodeURIComponent(b.warehouse)}&bin=${encodeURIComponent(b.code)}`}>{b.code}</Link>
            </td>
            <td>{b.zone || "—"}</td>
            <td>{humanize(b.kind)}</td>
            <td className="number">{b.pick_sequence}</td>
            <td>{b.active ? <span className="badge badge-ok">Active</span> : <span className="badge badge-neutral">Inactive</span>}</td>
            <td>
              <code>{b.barcode}</code>
            </td>
            <td className="actions">
              <button type="button" className="small-button" aria-label={`Edit bin ${b.code}`} onClick={() => editor.edit(b)}>
                Edit
              </button>
            </td>
          </tr>
        )}
      />
      <LoadMore list={bins} noun="bins" />
      {warehouse && (
        <BinForm
          key={`${warehouse}/${editor.editing?.code ?? "new"}`}
          ref={editor.section}
          warehouse={warehouse}
          bin={editor.editing}
          onDone={editor.done}
        />
      )}
    </>
  );
}

function BinForm({
  warehouse,
  bin,
  onDone,
  ref,
}: {
  warehouse: string;
  bin: Bin | null;
  onDone: (message: string | null) => void;
  ref: Ref<HTMLElement>;
}) {
  const form = useForm({
    code: bin?.code ?? "",
    zone: bin?.zone ?? "",
    pick_sequence: bin ? String(bin.pick_sequence) : "",
    kind: bin?.kind ?? "storage",
    active: bin?.active ?? true,
  });

  const submit = form.onSubmit(async (values) => {
    const body = {
      code: values.code.trim(),
      zone: values.zone.trim(),
      pick_sequence: numberOrText(values.pick_sequence),
      kind: values.kind,
      active: values.active,
    };
    const base = `/api/v1/warehouses/${encodeURIComponent(warehouse)}/bins`;
    const saved = bin
      ? await api<Bin>(`${base}/${encodeURIComponent(bin.code)}`, { method: "PUT", body })
      : await api<Bin>(base, { body });
    onDone(bin ? `Bin ${saved.code} is saved.` : `Bin ${saved.code} is created in ${warehouse}.`);
  });

  return (
    <GridForm
      ref={ref}
      title={bin ? `Edit bin ${bin.code}` : `New bin in ${warehouse}`}
      onSubmit={submit}
      error={form.error}
      fields={["code", "zone", "pick_sequence", "kind", "active"]}
    >
      <Field
        label="Bin code"
        disabled={bin !== null}
        hint="Such as A-01-01"
        {...form.field("code")}
        onChange={(e) => form.set("code")(e.target.value.toUpperCase())}
      />
      <Field label="Zone" {...form.field("zone")} />
      <Field label="Pick sequence" inputMode="numeric" hint="Pickers walk bins in this order" {...form.field("pick_sequence")} />
      <Select label="Kind" options={BIN_KINDS.map((k) => ({ value: k, label: humanize(k) }))} {...form.select("kind")} />
      <Checkbox label="Active" {...form.check("active")} />
      <SubmitRow wide text={bin ? `Save bin ${bin.code}` : "Create bin"} busy={form.busy} onCancel={bin ? () => onDone(null) : undefined} />
    </GridForm>
  );
}
