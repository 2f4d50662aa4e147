// Warehouses (address, time zone, position) and their bins.
import { useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../api";
import { ErrorBanner, Field, Select } from "../ui";
import {
  Checkbox,
  EmptyRow,
  FormErrors,
  humanize,
  LoadMore,
  Notice,
  numberOrText,
  usePaged,
  useTitle,
  useWarehouses,
  warehouseOptions,
  type Warehouse,
} from "../console/common";

const WAREHOUSE_FIELDS = ["code", "name", "timezone", "country", "address", "latitude", "longitude"];

function focusForm(section: HTMLElement | null) {
  requestAnimationFrame(() => {
    section?.scrollIntoView({ block: "start" });
    section?.querySelector<HTMLElement>("input:not([disabled]), select")?.focus();
  });
}

export function WarehousesPage() {
  useTitle("Warehouses");
  const warehouses = useWarehouses();
  const [editing, setEditing] = useState<Warehouse | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLElement>(null);
  const items = warehouses.data?.items ?? [];

  return (
    <>
      <h2>Warehouses</h2>
      <Notice text={notice} />
      <ErrorBanner error={warehouses.error} />
      <table aria-busy={warehouses.loading}>
        <caption className="visually-hidden">Warehouses</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Address</th>
            <th scope="col">Time zone</th>
            <th scope="col">Position</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <EmptyRow columns={6} loading={warehouses.loading}>
              No warehouses yet.
            </EmptyRow>
          ) : (
            items.map((w) => (
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
                  <button
                    type="button"
                    className="small-button"
                    aria-label={`Edit ${w.code}`}
                    onClick={() => {
                      setEditing(w);
                      setNotice(null);
                      focusForm(formRef.current);
                    }}
                  >
                    Edit
                  </button>{" "}
                  <Link to={`/admin/bins?warehouse=${encodeURIComponent(w.code)}`} aria-label={`Bins of ${w.code}`}>
                    Bins
                  </Link>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <section ref={formRef} className="form-section" aria-labelledby="warehouse-form-title">
        <WarehouseForm
          key={editing?.code ?? "new"}
          warehouse={editing}
          onDone={(message) => {
            setEditing(null);
            if (message) setNotice(message);
            warehouses.reload();
          }}
        />
      </section>
    </>
  );
}

function WarehouseForm({ warehouse, onDone }: { warehouse: Warehouse | null; onDone: (message: string | null) => void }) {
  const [values, setValues] = useState({
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
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
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
    try {
      const saved = warehouse
        ? await api<Warehouse>(`/api/v1/warehouses/${encodeURIComponent(warehouse.code)}`, { method: "PUT", body })
        : await api<Warehouse>("/api/v1/warehouses", { body });
      onDone(warehouse ? `Warehouse ${saved.code} is saved.` : `Warehouse ${saved.code} is created.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="warehouse-form-title">{warehouse ? `Edit ${warehouse.code}` : "New warehouse"}</h2>
      <form className="form-grid" onSubmit={submit} noValidate aria-labelledby="warehouse-form-title">
        <div className="form-wide">
          <FormErrors error={error} fields={WAREHOUSE_FIELDS} />
        </div>
        <Field
          label="Code"
          name="code"
          value={values.code}
          disabled={warehouse !== null}
          onChange={(e) => set("code")(e.target.value.toUpperCase())}
          error={error}
          hint="Up to 16 of A–Z, 0–9, - and _, such as BER"
        />
        <Field label="Name" name="name" value={values.name} onChange={(e) => set("name")(e.target.value)} error={error} />
        <Field
          label="Time zone"
          name="timezone"
          list="time-zones"
          value={values.timezone}
          onChange={(e) => set("timezone")(e.target.value)}
          error={error}
          hint="IANA name, such as Europe/Berlin"
        />
        <datalist id="time-zones">
          {timeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field label="Country" name="country" value={values.country} onChange={(e) => set("country")(e.target.value)} error={error} hint="Two letters, such as DE" />
        <Field label="Address line 1" name="address/line1" value={values.line1} onChange={(e) => set("line1")(e.target.value)} error={error} />
        <Field label="Address line 2" name="address/line2" value={values.line2} onChange={(e) => set("line2")(e.target.value)} error={error} />
        <Field label="Postal code" name="address/postal_code" value={values.postal_code} onChange={(e) => set("postal_code")(e.target.value)} error={error} />
        <Field label="City" name="address/city" value={values.city} onChange={(e) => set("city")(e.target.value)} error={error} />
        <Field label="Region" name="address/region" value={values.region} onChange={(e) => set("region")(e.target.value)} error={error} />
        <Field label="Latitude" name="latitude" inputMode="decimal" value={values.latitude} onChange={(e) => set("latitude")(e.target.value)} error={error} />
        <Field label="Longitude" name="longitude" inputMode="decimal" value={values.longitude} onChange={(e) => set("longitude")(e.target.value)} error={error} />
        <div className="form-wide button-row">
          <button type="submit" className="primary" disabled={busy}>
            {warehouse ? `Save ${warehouse.code}` : "Create warehouse"}
          </button>
          {warehouse && (
            <button type="button" onClick={() => onDone(null)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </>
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
  const [editing, setEditing] = useState<Bin | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLElement>(null);

  return (
    <>
      <h2>Bins{warehouse ? ` in ${warehouse}` : ""}</h2>
      <div className="filters">
        <Select
          label="Warehouse"
          name="warehouse"
          value={warehouse}
          onChange={(value) => {
            setEditing(null);
            setNotice(null);
            setParams({ warehouse: value });
          }}
          options={warehouseOptions(warehouses.data?.items)}
        />
      </div>
      <Notice text={notice} />
      <ErrorBanner error={bins.error} />
      <table aria-busy={bins.loading}>
        <caption className="visually-hidden">Bins of {warehouse}</caption>
        <thead>
          <tr>
            <th scope="col">Bin</th>
            <th scope="col">Zone</th>
            <th scope="col">Kind</th>
            <th scope="col" className="number">
              Pick sequence
            </th>
            <th scope="col">Status</th>
            <th scope="col">Label</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bins.items.length === 0 ? (
            <EmptyRow columns={7} loading={bins.loading}>
              No bins in {warehouse || "this warehouse"} yet.
            </EmptyRow>
          ) : (
            bins.items.map((b) => (
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
                  <button
                    type="button"
                    className="small-button"
                    aria-label={`Edit bin ${b.code}`}
                    onClick={() => {
                      setEditing(b);
                      setNotice(null);
                      focusForm(formRef.current);
                    }}
                  >
                    Edit
                  </button>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <LoadMore list={bins} noun="bins" />
      {warehouse && (
        <section ref={formRef} className="form-section" aria-labelledby="bin-form-title">
          <BinForm
            key={`${warehouse}/${editing?.code ?? "new"}`}
            warehouse={warehouse}
            bin={editing}
            onDone={(message) => {
              setEditing(null);
              if (message) setNotice(message);
              bins.reload();
            }}
          />
        </section>
      )}
    </>
  );
}

function BinForm({ warehouse, bin, onDone }: { warehouse: string; bin: Bin | null; onDone: (message: string | null) => void }) {
  const [values, setValues] = useState({
    code: bin?.code ?? "",
    zone: bin?.zone ?? "",
    pick_sequence: bin ? String(bin.pick_sequence) : "",
    kind: bin?.kind ?? "storage",
  });
  const [active, setActive] = useState(bin?.active ?? true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      code: values.code.trim(),
      zone: values.zone.trim(),
      pick_sequence: numberOrText(values.pick_sequence),
      kind: values.kind,
      active,
    };
    const base = `/api/v1/warehouses/${encodeURIComponent(warehouse)}/bins`;
    try {
      const saved = bin
        ? await api<Bin>(`${base}/${encodeURIComponent(bin.code)}`, { method: "PUT", body })
        : await api<Bin>(base, { body });
      onDone(bin ? `Bin ${saved.code} is saved.` : `Bin ${saved.code} is created in ${warehouse}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="bin-form-title">{bin ? `Edit bin ${bin.code}` : `New bin in ${warehouse}`}</h2>
      <form className="form-grid" onSubmit={submit} noValidate aria-labelledby="bin-form-title">
        <div className="form-wide">
          <FormErrors error={error} fields={["code", "zone", "pick_sequence", "kind", "active"]} />
        </div>
        <Field
          label="Bin code"
          name="code"
          value={values.code}
          disabled={bin !== null}
          onChange={(e) => set("code")(e.target.value.toUpperCase())}
          error={error}
          hint="Such as A-01-01"
        />
        <Field label="Zone" name="zone" value={values.zone} onChange={(e) => set("zone")(e.target.value)} error={error} />
        <Field
          label="Pick sequence"
          name="pick_sequence"
          inputMode="numeric"
          value={values.pick_sequence}
          onChange={(e) => set("pick_sequence")(e.target.value)}
          error={error}
          hint="Pickers walk bins in this order"
        />
        <Select label="Kind" name="kind" value={values.kind} onChange={set("kind")} options={BIN_KINDS.map((k) => ({ value: k, label: humanize(k) }))} error={error} />
        <Checkbox label="Active" name="active" checked={active} onChange={setActive} />
        <div className="form-wide button-row">
          <button type="submit" className="primary" disabled={busy}>
            {bin ? `Save bin ${bin.code}` : "Create bin"}
          </button>
          {bin && (
            <button type="button" onClick={() => onDone(null)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </>
  );
}
