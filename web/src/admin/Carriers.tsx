// Carriers with their services, and the shipping rules that choose a carrier's service for
// each shipment (the first rule that matches wins).
import { useEffect, useState, type FormEvent, type Ref } from "react";
import { api } from "../api";
import { Checkbox, Field, FormErrors, GridForm, Notice, Select, SubmitRow, useForm, useSubmit } from "../forms";
import { ErrorBanner, humanize, useResource, useTitle } from "../ui";
import { ACTIONS, numberOrText, Table, useEditing } from "../console/common";

type Service = { id: number; code: string; name: string; service_level: string; active: boolean };

export type Carrier = {
  id: number;
  code: string;
  name: string;
  pickup_days: string[];
  tracking_url: string;
  active: boolean;
  services: Service[];
};

export const SERVICE_LEVELS = ["standard", "express", "overnight", "economy", "freight"];
const PICKUP_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export function useCarriers() {
  return useResource<{ items: Carrier[] }>("/api/v1/carriers");
}

export function CarriersPage() {
  useTitle("Carriers");
  const carriers = useCarriers();
  const editor = useEditing<Carrier>(carriers.reload);

  return (
    <>
      <h2>Carriers</h2>
      <p className="muted">Each carrier's services; the shipping rules choose one of them for every shipment.</p>
      <Notice text={editor.notice} />
      <ErrorBanner error={carriers.error} />
      <Table
        caption="Carriers"
        busy={carriers.loading}
        columns={["Code", "Name", "Services", "Pickup days", "Status", ACTIONS]}
        rows={carriers.data?.items ?? []}
        loading={carriers.loading}
        empty="No carriers yet."
        row={(c) => (
          <tr key={c.id}>
            <td>
              <strong>{c.code}</strong>
            </td>
            <td>{c.name}</td>
            <td>
              {c.services
                .filter((s) => s.active)
                .map((s) => `${s.code} (${humanize(s.service_level).toLowerCase()})`)
                .join(", ") || "—"}
            </td>
            <td>{c.pickup_days.map(humanize).join(", ") || "—"}</td>
            <td>{c.active ? <span className="badge badge-ok">Active</span> : <span className="badge badge-neutral">Inactive</span>}</td>
            <td className="actions">
              <button type="button" className="small-button" aria-label={`Edit carrier ${c.code}`} onClick={() => editor.edit(c)}>
                Edit
              </button>
            </td>
          </tr>
        )}
      />
      <CarrierForm key={editor.editing?.code ?? "new"} ref={editor.section} carrier={editor.editing} onDone={editor.done} />
    </>
  );
}

type ServiceRow = { code: string; name: string; service_level: string; active: boolean };

function CarrierForm({ carrier, onDone, ref }: { carrier: Carrier | null; onDone: (message: string | null) => void; ref: Ref<HTMLElement> }) {
  const form = useForm({
    code: carrier?.code ?? "",
    name: carrier?.name ?? "",
    tracking_url: carrier?.tracking_url ?? "",
    active: carrier?.active ?? true,
  });
  const [days, setDays] = useState<string[]>(carrier?.pickup_days ?? []);
  const [services, setServices] = useState<ServiceRow[]>(
    carrier?.services.filter((s) => s.active).map(({ code, name, service_level, active }) => ({ code, name, service_level, active })) ?? [
      { code: "", name: "", service_level: "standard", active: true },
    ],
  );
  const setService = (i: number, change: Partial<ServiceRow>) =>
    setServices((list) => list.map((s, j) => (j === i ? { ...s, ...change } : s)));

  const submit = form.onSubmit(async (values) => {
    const body = {
      name: values.name.trim(),
      pickup_days: PICKUP_DAYS.filter((d) => days.includes(d)),
      tracking_url: values.tracking_url.trim(),
      active: values.active,
      services: services
        .filter((s) => s.code.trim() || s.name.trim())
        .map((s) => ({ code: s.code.trim(), name: s.name.trim(), service_level: s.service_level, active: s.active })),
    };
    const saved = carrier
      ? await api<Carrier>(`/api/v1/carriers/${encodeURIComponent(carrier.code)}`, { method: "PUT", body })
      : await api<Carrier>("/api/v1/carriers", { body: { ...body, code: values.code.trim() } });
    onDone(carrier ? `Carrier ${saved.code} is saved.` : `Carrier ${saved.code} is created.`);
  });

  return (
    <GridForm
      ref={ref}
      title={carrier ? `Edit carrier ${carrier.code}` : "New carrier"}
      onSubmit={submit}
      error={form.error}
      fields={["code", "name", "tracking_url", "pickup_days", "services"]}
    >
      <Field
        label="Carrier code"
        disabled={carrier !== null}
        hint="Such as DHL"
        {...form.field("code")}
        onChange={(e) => form.set("code")(e.target.value.toUpperCase())}
      />
      <Field label="Name" {...form.field("name")} />
      <Field label="Tracking URL" hint="With {tracking} where the number goes" {...form.field("tracking_url")} />
      {carrier && <Checkbox label="Active" {...form.check("active")} />}
      <fieldset className="checks form-wide">
        <legend>Pickup days</legend>
        <div className="check-row">
          {PICKUP_DAYS.map((d) => (
            <Checkbox
              key={d}
              label={humanize(d)}
              checked={days.includes(d)}
              onChange={(on) => setDays((list) => (on ? [...list, d] : list.filter((x) => x !== d)))}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="checks form-wide">
        <legend>Services</legend>
        {services.map((s, i) => (
          <div className="line-row" key={i}>
            <Field
              label={`Service ${i + 1} code`}
              name={`services/${i}/code`}
              value={s.code}
              error={form.error}
              onChange={(e) => setService(i, { code: e.target.value.toUpperCase() })}
            />
            <Field
              label={`Service ${i + 1} name`}
              name={`services/${i}/name`}
              value={s.name}
              error={form.error}
              onChange={(e) => setService(i, { name: e.target.value })}
            />
            <Select
              label={`Service ${i + 1} level`}
              name={`services/${i}/service_level`}
              value={s.service_level}
              error={form.error}
              onChange={(value) => setService(i, { service_level: value })}
              options={SERVICE_LEVELS.map((l) => ({ value: l, label: humanize(l) }))}
            />
            <button
              type="button"
              className="small-button"
              aria-label={`Remove service ${i + 1}`}
              onClick={() => setServices((list) => list.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setServices((list) => [...list, { code: "", name: "", service_level: "standard", active: true }])}>
          Add a service
        </button>
      </fieldset>
      <SubmitRow wide text={carrier ? `Save carrier ${carrier.code}` : "Create carrier"} busy={form.busy} onCancel={carrier ? () => onDone(null) : undefined} />
    </GridForm>
  );
}

// ---- shipping rules ------------------------------------------------------------------------

type Rule = {
  service_level: string | null;
  country: string | null;
  min_weight_g: number | null;
  max_weight_g: number | null;
  carrier: string;
  service: string;
};

type RuleRow = { service_level: string; country: string; min_weight_g: string; max_weight_g: string; carrier: string; service: string };

const toRow = (r: Rule): RuleRow => ({
  service_level: r.service_level ?? "",
  country: r.country ?? "",
  min_weight_g: r.min_weight_g?.toString() ?? "",
  max_weight_g: r.max_weight_g?.toString() ?? "",
  carrier: r.carrier,
  service: r.service,
});

export function ShippingRulesPage() {
  useTitle("Shipping rules");
  const rules = useResource<{ rules: Rule[] }>("/api/v1/shipping-rules");
  const carriers = useCarriers();
  const [rows, setRows] = useState<RuleRow[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    if (rules.data) setRows(rules.data.rules.map(toRow));
  }, [rules.data]);

  const active = (carriers.data?.items ?? []).filter((c) => c.active);
  const firstCarrier = active[0];
  const servicesOf = (code: string) => (active.find((c) => c.code === code)?.services ?? []).filter((s) => s.active);
  const set = (i: number, change: Partial<RuleRow>) => setRows((list) => (list ?? []).map((r, j) => (j === i ? { ...r, ...change } : r)));
  const add = () =>
    setRows((list) => [
      ...(list ?? []),
      {
        service_level: "",
        country: "",
        min_weight_g: "",
        max_weight_g: "",
        carrier: firstCarrier?.code ?? "",
        service: firstCarrier ? (servicesOf(firstCarrier.code)[0]?.code ?? "") : "",
      },
    ]);
  const move = (i: number, by: number) =>
    setRows((list) => {
      const next = [...(list ?? [])];
      const [row] = next.splice(i, 1);
      next.splice(i + by, 0, row);
      return next;
    });

  const save = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    void run(async () => {
      const body = {
        rules: (rows ?? []).map((r) => ({
          service_level: r.service_level || null,
          country: r.country.trim().toUpperCase() || null,
          min_weight_g: numberOrText(r.min_weight_g) ?? null,
          max_weight_g: numberOrText(r.max_weight_g) ?? null,
          carrier: r.carrier,
          service: r.service,
        })),
      };
      const saved = await api<{ rules: Rule[] }>("/api/v1/shipping-rules", { method: "PUT", body });
      setRows(saved.rules.map(toRow));
      setNotice(`${saved.rules.length} shipping ${saved.rules.length === 1 ? "rule is" : "rules are"} saved.`);
    });
  };

  return (
    <>
      <h2>Shipping rules</h2>
      <p className="muted">
        For each shipment the first rule whose conditions all hold chooses the carrier's service; a condition left empty matches
        anything. Pack stations refuse an order no rule matches.
      </p>
      <Notice text={notice} />
      <ErrorBanner error={rules.error ?? carriers.error} />
      {active.length === 0 && !carriers.loading && <p>Create a carrier with a service first.</p>}
      {rows && (
        <form onSubmit={save} noValidate aria-label="Shipping rules">
          <FormErrors error={error} fields={["rules"]} />
          {rows.length === 0 && <p className="empty-note">No shipping rules yet.</p>}
          <ol className="rule-list">
            {rows.map((r, i) => {
              const n = i + 1;
              const services = servicesOf(r.carrier);
              return (
                <li key={i} className="line-row">
                  <Select
                    label={`Rule ${n} service level`}
                    name={`rules/${i}/service_level`}
                    value={r.service_level}
                    error={error}
                    onChange={(value) => set(i, { service_level: value })}
                    options={[{ value: "", label: "Any" }, ...SERVICE_LEVELS.map((l) => ({ value: l, label: humanize(l) }))]}
                  />
                  <Field
                    label={`Rule ${n} country`}
                    name={`rules/${i}/country`}
                    value={r.country}
                    error={error}
                    placeholder="Any"
                    onChange={(e) => set(i, { country: e.target.value.toUpperCase() })}
                  />
                  <Field
                    label={`Rule ${n} from (g)`}
                    name={`rules/${i}/min_weight_g`}
                    inputMode="numeric"
                    value={r.min_weight_g}
                    error={error}
                    onChange={(e) => set(i, { min_weight_g: e.target.value })}
                  />
                  <Field
                    label={`Rule ${n} up to (g)`}
                    name={`rules/${i}/max_weight_g`}
                    inputMode="numeric"
                    value={r.max_weight_g}
                    error={error}
                    onChange={(e) => set(i, { max_weight_g: e.target.value })}
                  />
                  <Select
                    label={`Rule ${n} carrier`}
                    name={`rules/${i}/carrier`}
                    value={r.carrier}
                    error={error}
                    onChange={(value) => set(i, { carrier: value, service: servicesOf(value)[0]?.code ?? "" })}
                    options={[
                      ...(active.some((c) => c.code === r.carrier) ? [] : [{ value: r.carrier, label: r.carrier || "—" }]),
                      ...active.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` })),
                    ]}
                  />
                  <Select
                    label={`Rule ${n} service`}
                    name={`rules/${i}/service`}
                    value={r.service}
                    error={error}
                    onChange={(value) => set(i, { service: value })}
                    options={[
                      ...(services.some((s) => s.code === r.service) ? [] : [{ value: r.service, label: r.service || "—" }]),
                      ...services.map((s) => ({ value: s.code, label: `${s.code} — ${s.name}` })),
                    ]}
                  />
                  <div className="button-row">
                    <button type="button" className="small-button" aria-label={`Move rule ${n} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                      Up
                    </button>
                    <button
                      type="button"
                      className="small-button"
                      aria-label={`Move rule ${n} down`}
                      disabled={i === rows.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      Down
                    </button>
                    <button
                      type="button"
                      className="small-button"
                      aria-label={`Remove rule ${n}`}
                      onClick={() => setRows((list) => (list ?? []).filter((_, j) => j !== i))}
                    >
                      Remove
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <SubmitRow text="Save shipping rules" busyText="Saving…" busy={busy}>
            <button type="button" onClick={add} disabled={active.length === 0}>
              Add a rule
            </button>
          </SubmitRow>
        </form>
      )}
    </>
  );
}
