// The floor's settings (weighing, carton labels, expiry warnings, the scan report's money
// figures) and each warehouse's dock doors.
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api";
import { Checkbox, Field, GridForm, Notice, Select, SubmitRow, useForm } from "../forms";
import { ErrorBanner, humanize, useResource, useTitle } from "../ui";
import { majorUnits, minorUnits, numberOrText, Table, useEditing, useWarehouses, warehouseOptions } from "../console/common";

type Settings = {
  weight_tolerance_percent: number;
  weight_tolerance_min_g: number;
  carton_padding_mm: number;
  sscc_extension: number;
  sscc_company_prefix: string;
  cost_per_shipped_error: number;
  seconds_per_scan: number;
  labour_rate_per_hour: number;
  currency: string;
  expiry_warning_days: number;
  keyed_entry_requires_supervisor: boolean;
};

const text = (s: Settings) => ({
  weight_tolerance_percent: String(s.weight_tolerance_percent),
  weight_tolerance_min_g: String(s.weight_tolerance_min_g),
  carton_padding_mm: String(s.carton_padding_mm),
  sscc_extension: String(s.sscc_extension),
  sscc_company_prefix: s.sscc_company_prefix,
  cost_per_shipped_error: majorUnits(s.cost_per_shipped_error),
  seconds_per_scan: String(s.seconds_per_scan),
  labour_rate_per_hour: majorUnits(s.labour_rate_per_hour),
  currency: s.currency,
  expiry_warning_days: String(s.expiry_warning_days),
  keyed_entry_requires_supervisor: s.keyed_entry_requires_supervisor,
});

const SETTING_FIELDS = [
  "weight_tolerance_percent",
  "weight_tolerance_min_g",
  "carton_padding_mm",
  "sscc_extension",
  "sscc_company_prefix",
  "cost_per_shipped_error",
  "seconds_per_scan",
  "labour_rate_per_hour",
  "currency",
  "expiry_warning_days",
];

export function FulfillmentSettingsPage() {
  useTitle("Fulfillment settings");
  const settings = useResource<Settings>("/api/v1/fulfillment/settings");
  const form = useForm<ReturnType<typeof text>>({
    weight_tolerance_percent: "",
    weight_tolerance_min_g: "",
    carton_padding_mm: "",
    sscc_extension: "",
    sscc_company_prefix: "",
    cost_per_shipped_error: "",
    seconds_per_scan: "",
    labour_rate_per_hour: "",
    currency: "",
    expiry_warning_days: "",
    keyed_entry_requires_supervisor: false,
  });
  const { setValues } = form;
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setValues(text(settings.data));
  }, [settings.data, setValues]);

  const submit = form.onSubmit(async (values) => {
    setNotice(null);
    const saved = await api<Settings>("/api/v1/fulfillment/settings", {
      method: "PUT",
      body: {
        weight_tolerance_percent: numberOrText(values.weight_tolerance_percent),
        weight_tolerance_min_g: numberOrText(values.weight_tolerance_min_g),
        carton_padding_mm: numberOrText(values.carton_padding_mm),
        sscc_extension: numberOrText(values.sscc_extension),
        sscc_company_prefix: values.sscc_company_prefix.trim(),
        cost_per_shipped_error: minorUnits(values.cost_per_shipped_error),
        seconds_per_scan: numberOrText(values.seconds_per_scan),
        labour_rate_per_hour: minorUnits(values.labour_rate_per_hour),
        currency: values.currency.trim().toUpperCase(),
        expiry_warning_days: numberOrText(values.expiry_warning_days),
        keyed_entry_requires_supervisor: values.keyed_entry_requires_supervisor,
      },
    });
    setValues(text(saved));
    setNotice("The fulfillment settings are saved.");
  });

  return (
    <>
      <ErrorBanner error={settings.error} />
      <Notice text={notice} />
      {settings.data && (
        <GridForm title="Fulfillment settings" onSubmit={submit} error={form.error} fields={SETTING_FIELDS}>
          <Field label="Weight tolerance (%)" inputMode="numeric" hint="Either side of the expected carton weight" {...form.field("weight_tolerance_percent")} />
          <Field label="Least weight tolerance (g)" inputMode="numeric" hint="The larger of the two applies" {...form.field("weight_tolerance_min_g")} />
          <Field label="Carton padding (mm)" inputMode="numeric" hint="Free space around the contents" {...form.field("carton_padding_mm")} />
          <Field label="SSCC company prefix" inputMode="numeric" hint="Your GS1 prefix, 7 to 10 digits" {...form.field("sscc_company_prefix")} />
          <Field label="SSCC extension digit" inputMode="numeric" {...form.field("sscc_extension")} />
          <Field label="Expiry warning (days)" inputMode="numeric" hint="Lots expiring this soon warn at pick" {...form.field("expiry_warning_days")} />
          <Field label="Report currency" {...form.field("currency")} />
          <Field label="Cost of a shipped error" inputMode="decimal" hint="Such as 25.00" {...form.field("cost_per_shipped_error")} />
          <Field label="Labour rate per hour" inputMode="decimal" {...form.field("labour_rate_per_hour")} />
          <Field label="Seconds per scan" inputMode="numeric" {...form.field("seconds_per_scan")} />
          <div className="form-wide">
            <Checkbox label="A code keyed by hand needs a supervisor" {...form.check("keyed_entry_requires_supervisor")} />
          </div>
          <SubmitRow wide text="Save settings" busyText="Saving…" busy={form.busy} />
        </GridForm>
      )}
    </>
  );
}

// ---- docks -------------------------------------------------------------------------------

type Dock = { id: number; warehouse: string; door: string; kind: string };

const DOCK_KINDS = ["both", "inbound", "outbound"];

export function DocksPage() {
  useTitle("Docks");
  const [params, setParams] = useSearchParams();
  const warehouses = useWarehouses();
  const warehouse = params.get("warehouse") || warehouses.data?.items[0]?.code || "";
  const docks = useResource<{ items: Dock[] }>(warehouse ? `/api/v1/warehouses/${encodeURIComponent(warehouse)}/docks` : null);
  const editor = useEditing<Dock>(docks.reload);
  const form = useForm({ door: "", kind: "both" });

  const submit = form.onSubmit(async (values) => {
    const saved = await api<Dock>(`/api/v1/warehouses/${encodeURIComponent(warehouse)}/docks`, {
      body: { door: values.door.trim(), kind: values.kind },
    });
    form.setValues({ door: "", kind: values.kind });
    editor.done(`Dock door ${saved.door} is created in ${warehouse}.`);
  });

  return (
    <>
      <h2>Dock doors{warehouse ? ` in ${warehouse}` : ""}</h2>
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
      <ErrorBanner error={docks.error} />
      <Table
        caption={`Dock doors of ${warehouse}`}
        busy={docks.loading}
        columns={["Door", "Kind"]}
        rows={docks.data?.items ?? []}
        loading={docks.loading}
        empty={`No dock doors in ${warehouse || "this warehouse"} yet.`}
        row={(d) => (
          <tr key={d.id}>
            <td>
              <strong>{d.door}</strong>
            </td>
            <td>{humanize(d.kind)}</td>
          </tr>
        )}
      />
      {warehouse && (
        <GridForm title={`New dock door in ${warehouse}`} onSubmit={submit} error={form.error} fields={["door", "kind"]}>
          <Field label="Door" hint="Such as D1" {...form.field("door")} onChange={(e) => form.set("door")(e.target.value.toUpperCase())} />
          <Select label="Kind" options={DOCK_KINDS.map((k) => ({ value: k, label: humanize(k) }))} {...form.select("kind")} />
          <SubmitRow wide text="Create dock door" busy={form.busy} />
        </GridForm>
      )}
    </>
  );
}
