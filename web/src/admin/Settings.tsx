// Box types for packing and the order routing rules.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api } from "../api";
import { ErrorBanner, Field, formatMoney, useResource } from "../ui";
import {
  Checkbox,
  EmptyRow,
  FormErrors,
  humanize,
  majorUnits,
  minorUnits,
  Notice,
  numberOrText,
  useTitle,
  useWarehouses,
} from "../console/common";

type BoxType = {
  id: number;
  code: string;
  name: string;
  inner_mm: { length: number; width: number; height: number };
  tare_g: number;
  max_load_g: number;
  cost: number;
  currency: string;
  active: boolean;
};

export function BoxTypesPage() {
  useTitle("Box types");
  const boxes = useResource<{ items: BoxType[] }>("/api/v1/box-types?include_inactive=true");
  const [editing, setEditing] = useState<BoxType | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLElement>(null);
  const items = boxes.data?.items ?? [];

  return (
    <>
      <h2>Box types</h2>
      <p className="muted">Pack stations suggest the smallest active box the order fits in.</p>
      <Notice text={notice} />
      <ErrorBanner error={boxes.error} />
      <table aria-busy={boxes.loading}>
        <caption className="visually-hidden">Box types</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Inside (mm)</th>
            <th scope="col" className="number">
              Tare (g)
            </th>
            <th scope="col" className="number">
              Max load (g)
            </th>
            <th scope="col" className="number">
              Cost
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <EmptyRow columns={8} loading={boxes.loading}>
              No box types yet.
            </EmptyRow>
          ) : (
            items.map((b) => (
              <tr key={b.id}>
                <td>
                  <strong>{b.code}</strong>
                </td>
                <td>{b.name}</td>
                <td>
                  {b.inner_mm.length} × {b.inner_mm.width} × {b.inner_mm.height}
                </td>
                <td className="number">{b.tare_g}</td>
                <td className="number">{b.max_load_g}</td>
                <td className="number">{formatMoney(b.cost, b.currency)}</td>
                <td>{b.active ? <span className="badge badge-ok">Active</span> : <span className="badge badge-neutral">Retired</span>}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="small-button"
                    aria-label={`Edit box type ${b.code}`}
                    onClick={() => {
                      setEditing(b);
                      setNotice(null);
                      requestAnimationFrame(() => {
                        formRef.current?.scrollIntoView({ block: "start" });
                        formRef.current?.querySelector<HTMLElement>("input:not([disabled])")?.focus();
                      });
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
      <section ref={formRef} className="form-section" aria-labelledby="box-form-title">
        <BoxForm
          key={editing?.code ?? "new"}
          box={editing}
          onDone={(message) => {
            setEditing(null);
            if (message) setNotice(message);
            boxes.reload();
          }}
        />
      </section>
    </>
  );
}

function BoxForm({ box, onDone }: { box: BoxType | null; onDone: (message: string | null) => void }) {
  const [values, setValues] = useState({
    code: box?.code ?? "",
    name: box?.name ?? "",
    length: box ? String(box.inner_mm.length) : "",
    width: box ? String(box.inner_mm.width) : "",
    height: box ? String(box.inner_mm.height) : "",
    tare_g: box ? String(box.tare_g) : "",
    max_load_g: box ? String(box.max_load_g) : "",
    cost: box ? majorUnits(box.cost) : "",
    currency: box?.currency ?? "EUR",
  });
  const [active, setActive] = useState(box?.active ?? true);
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
      inner_mm: { length: numberOrText(values.length), width: numberOrText(values.width), height: numberOrText(values.height) },
      tare_g: numberOrText(values.tare_g),
      max_load_g: numberOrText(values.max_load_g),
      cost: minorUnits(values.cost),
      currency: values.currency.trim(),
      active,
    };
    try {
      const saved = box
        ? await api<BoxType>(`/api/v1/box-types/${encodeURIComponent(box.code)}`, { method: "PUT", body })
        : await api<BoxType>("/api/v1/box-types", { body });
      onDone(box ? `Box type ${saved.code} is saved.` : `Box type ${saved.code} is created.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="box-form-title">{box ? `Edit box type ${box.code}` : "New box type"}</h2>
      <form className="form-grid" onSubmit={submit} noValidate aria-labelledby="box-form-title">
        <div className="form-wide">
          <FormErrors error={error} fields={["code", "name", "inner_mm", "tare_g", "max_load_g", "cost", "currency", "active"]} />
        </div>
        <Field label="Code" name="code" value={values.code} disabled={box !== null} onChange={(e) => set("code")(e.target.value.toUpperCase())} error={error} />
        <Field label="Name" name="name" value={values.name} onChange={(e) => set("name")(e.target.value)} error={error} />
        <Field label="Inside length (mm)" name="inner_mm/length" inputMode="numeric" value={values.length} onChange={(e) => set("length")(e.target.value)} error={error} />
        <Field label="Inside width (mm)" name="inner_mm/width" inputMode="numeric" value={values.width} onChange={(e) => set("width")(e.target.value)} error={error} />
        <Field label="Inside height (mm)" name="inner_mm/height" inputMode="numeric" value={values.height} onChange={(e) => set("height")(e.target.value)} error={error} />
        <Field label="Tare (g)" name="tare_g" inputMode="numeric" value={values.tare_g} onChange={(e) => set("tare_g")(e.target.value)} error={error} hint="The empty box's weight" />
        <Field label="Max load (g)" name="max_load_g" inputMode="numeric" value={values.max_load_g} onChange={(e) => set("max_load_g")(e.target.value)} error={error} />
        <Field label="Cost" name="cost" inputMode="decimal" value={values.cost} onChange={(e) => set("cost")(e.target.value)} error={error} hint="Per box, such as 0.35" />
        <Field label="Currency" name="currency" value={values.currency} onChange={(e) => set("currency")(e.target.value)} error={error} />
        <Checkbox label="Active (offered at packing)" name="active" checked={active} onChange={setActive} />
        <div className="form-wide button-row">
          <button type="submit" className="primary" disabled={busy}>
            {box ? `Save ${box.code}` : "Create box type"}
          </button>
          {box && (
            <button type="button" onClick={() => onDone(null)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </>
  );
}

// ---- routing ----------------------------------------------------------------------------------

type Routing = { rules: Array<{ rule: string; enabled: boolean }>; warehouse_costs: Record<string, number> };

const RULE_TEXT: Record<string, string> = {
  ship_complete: "Prefer one warehouse that can ship the whole order.",
  fewest_warehouses: "Otherwise split the order over as few warehouses as possible.",
  nearest: "Prefer the warehouse nearest to the delivery address.",
  lowest_cost: "Prefer the warehouse with the lowest shipment cost (set below).",
};

export function RoutingPage() {
  useTitle("Routing");
  const routing = useResource<Routing>("/api/v1/routing");
  const warehouses = useWarehouses();
  const [rules, setRules] = useState<Routing["rules"]>([]);
  const [costs, setCosts] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!routing.data) return;
    setRules(routing.data.rules);
    setCosts(Object.fromEntries(Object.entries(routing.data.warehouse_costs).map(([k, v]) => [k, String(v)])));
  }, [routing.data]);

  const codes = Array.from(new Set([...(warehouses.data?.items ?? []).map((w) => w.code), ...Object.keys(costs)])).sort();

  const move = (index: number, by: number) => {
    setRules((old) => {
      const next = [...old];
      const [rule] = next.splice(index, 1);
      next.splice(index + by, 0, rule);
      return next;
    });
    setNotice(null);
    // Keep the keyboard on the moved rule's button.
    requestAnimationFrame(() => {
      document.getElementById(`rule-${index + by}-${by < 0 ? "up" : "down"}`)?.focus();
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const warehouse_costs: Record<string, number | string> = {};
      for (const code of codes) {
        const value = numberOrText(costs[code] ?? "");
        if (value !== undefined) warehouse_costs[code] = value;
      }
      await api<Routing>("/api/v1/routing", { method: "PUT", body: { rules, warehouse_costs } });
      setNotice("The routing rules are saved. New orders are routed by them.");
      routing.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2>Routing rules</h2>
      <p className="muted">New orders go to warehouses by these rules, in this order; a rule that is off is skipped.</p>
      <ErrorBanner error={routing.error} />
      {routing.data && (
        <form onSubmit={save} noValidate aria-label="Routing rules">
          <FormErrors error={error} fields={["warehouse_costs"]} />
          <Notice text={notice} />
          <ol className="rule-list">
            {rules.map((r, i) => (
              <li key={r.rule} className="rule">
                <Checkbox
                  label={humanize(r.rule)}
                  name={`rules/${i}/enabled`}
                  checked={r.enabled}
                  onChange={(enabled) => setRules((old) => old.map((x, j) => (j === i ? { ...x, enabled } : x)))}
                />
                <span className="muted rule-text">{RULE_TEXT[r.rule] ?? ""}</span>
                <span className="button-row">
                  <button
                    type="button"
                    id={`rule-${i}-up`}
                    className="small-button"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={`Move ${humanize(r.rule)} up`}
                  >
                    ↑ Up
                  </button>
                  <button
                    type="button"
                    id={`rule-${i}-down`}
                    className="small-button"
                    disabled={i === rules.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={`Move ${humanize(r.rule)} down`}
                  >
                    ↓ Down
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <h3>Shipment cost per warehouse</h3>
          <p className="muted">Used by the lowest-cost rule: a relative cost per shipment, in whole units.</p>
          <div className="form-grid">
            {codes.map((code) => (
              <Field
                key={code}
                label={`Cost from ${code}`}
                name={`warehouse_costs/${code}`}
                inputMode="numeric"
                value={costs[code] ?? ""}
                onChange={(e) => setCosts((c) => ({ ...c, [code]: e.target.value }))}
                error={error}
              />
            ))}
          </div>
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? "Saving…" : "Save routing"}
            </button>
            <button type="button" onClick={() => routing.reload()} disabled={busy}>
              Undo changes
            </button>
          </div>
        </form>
      )}
    </>
  );
}
