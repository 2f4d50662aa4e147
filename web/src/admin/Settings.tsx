// Box types for packing and the order routing rules.
import { useEffect, useState, type FormEvent, type Ref } from "react";
import { api } from "../api";
import { Checkbox, Field, FormErrors, GridForm, Notice, SubmitRow, useForm, useSubmit } from "../forms";
import { ErrorBanner, formatMoney, humanize, useResource, useTitle } from "../ui";
import { ACTIONS, majorUnits, minorUnits, num, numberOrText, Table, useEditing, useWarehouses } from "../console/common";

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
  const editor = useEditing<BoxType>(boxes.reload);

  return (
    <>
      <h2>Box types</h2>
      <p className="muted">Pack stations suggest the smallest active box the order fits in.</p>
      <Notice text={editor.notice} />
      <ErrorBanner error={boxes.error} />
      <Table
        caption="Box types"
        busy={boxes.loading}
        columns={["Code", "Name", "Inside (mm)", num("Tare (g)"), num("Max load (g)"), num("Cost"), "Status", ACTIONS]}
        rows={boxes.data?.items ?? []}
        loading={boxes.loading}
        empty="No box types yet."
        row={(b) => (
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
              <button type="button" className="small-button" aria-label={`Edit box type ${b.code}`} onClick={() => editor.edit(b)}>
                Edit
              </button>
            </td>
          </tr>
        )}
      />
      <BoxForm key={editor.editing?.code ?? "new"} ref={editor.section} box={editor.editing} onDone={editor.done} />
    </>
  );
}

function BoxForm({ box, onDone, ref }: { box: BoxType | null; onDone: (message: string | null) => void; ref: Ref<HTMLElement> }) {
  const form = useForm({
    code: box?.code ?? "",
    name: box?.name ?? "",
    length: box ? String(box.inner_mm.length) : "",
    width: box ? String(box.inner_mm.width) : "",
    height: box ? String(box.inner_mm.height) : "",
    tare_g: box ? String(box.tare_g) : "",
    max_load_g: box ? String(box.max_load_g) : "",
    cost: box ? majorUnits(box.cost) : "",
    currency: box?.currency ?? "EUR",
    active: box?.active ?? true,
  });

  const submit = form.onSubmit(async (values) => {
    const body = {
      code: values.code.trim(),
      name: values.name.trim(),
      inner_mm: { length: numberOrText(values.length), width: numberOrText(values.width), height: numberOrText(values.height) },
      tare_g: numberOrText(values.tare_g),
      max_load_g: numberOrText(values.max_load_g),
      cost: minorUnits(values.cost),
      currency: values.currency.trim(),
      active: values.active,
    };
    const saved = box
      ? await api<BoxType>(`/api/v1/box-types/${encodeURIComponent(box.code)}`, { method: "PUT", body })
      : await api<BoxType>("/api/v1/box-types", { body });
    onDone(box ? `Box type ${saved.code} is saved.` : `Box type ${saved.code} is created.`);
  });

  return (
    <GridForm
      ref={ref}
      title={box ? `Edit box type ${box.code}` : "New box type"}
      onSubmit={submit}
      error={form.error}
      fields={["code", "name", "inner_mm", "tare_g", "max_load_g", "cost", "currency", "active"]}
    >
      <Field label="Code" disabled={box !== null} {...form.field("code")} onChange={(e) => form.set("code")(e.target.value.toUpperCase())} />
      <Field label="Name" {...form.field("name")} />
      <Field label="Inside length (mm)" inputMode="numeric" {...form.field("length", "inner_mm/length")} />
      <Field label="Inside width (mm)" inputMode="numeric" {...form.field("width", "inner_mm/width")} />
      <Field label="Inside height (mm)" inputMode="numeric" {...form.field("height", "inner_mm/height")} />
      <Field label="Tare (g)" inputMode="numeric" hint="The empty box's weight" {...form.field("tare_g")} />
      <Field label="Max load (g)" inputMode="numeric" {...form.field("max_load_g")} />
      <Field label="Cost" inputMode="decimal" hint="Per box, such as 0.35" {...form.field("cost")} />
      <Field label="Currency" {...form.field("currency")} />
      <Checkbox label="Active (offered at packing)" {...form.check("active")} />
      <SubmitRow wide text={box ? `Save ${box.code}` : "Create box type"} busy={form.busy} onCancel={box ? () => onDone(null) : undefined} />
    </GridForm>
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
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

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

  const save = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    void run(async () => {
      const warehouse_costs: Record<string, number | string> = {};
      for (const code of codes) {
        const value = numberOrText(costs[code] ?? "");
        if (value !== undefined) warehouse_costs[code] = value;
      }
      await api<Routing>("/api/v1/routing", { method: "PUT", body: { rules, warehouse_costs } });
      setNotice("The routing rules are saved. New orders are routed by them.");
      routing.reload();
    });
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
          <SubmitRow text="Save routing" busyText="Saving…" busy={busy}>
            <button type="button" onClick={() => routing.reload()} disabled={busy}>
              Undo changes
            </button>
          </SubmitRow>
        </form>
      )}
    </>
  );
}
