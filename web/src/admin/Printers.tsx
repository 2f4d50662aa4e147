// A warehouse's label printers: the only places carton labels are sent (raw TCP, ZPL).
import { type Ref } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api";
import { Checkbox, Field, GridForm, Notice, Select, SubmitRow, useForm } from "../forms";
import { ErrorBanner, useResource, useTitle } from "../ui";
import { ACTIONS, numberOrText, Table, useEditing, useWarehouses, warehouseOptions } from "../console/common";

type Printer = { id: number; warehouse: string; code: string; name: string; host: string; port: number; active: boolean };

export function PrintersPage() {
  useTitle("Printers");
  const [params, setParams] = useSearchParams();
  const warehouses = useWarehouses();
  const warehouse = params.get("warehouse") || warehouses.data?.items[0]?.code || "";
  const printers = useResource<{ items: Printer[] }>(
    warehouse ? `/api/v1/warehouses/${encodeURIComponent(warehouse)}/printers` : null,
  );
  const editor = useEditing<Printer>(printers.reload);

  return (
    <>
      <h2>Label printers{warehouse ? ` in ${warehouse}` : ""}</h2>
      <p>Pack stations print carton labels only to the active printers registered here.</p>
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
      <ErrorBanner error={printers.error} />
      <Table
        caption={`Printers of ${warehouse}`}
        busy={printers.loading}
        columns={["Printer", "Name", "Address", "Status", ACTIONS]}
        rows={printers.data?.items ?? []}
        loading={printers.loading}
        empty={`No printers in ${warehouse || "this warehouse"} yet.`}
        row={(p) => (
          <tr key={p.id}>
            <td>
              <strong>{p.code}</strong>
            </td>
            <td>{p.name || "—"}</td>
            <td>
              <code>
                {p.host}:{p.port}
              </code>
            </td>
            <td>{p.active ? <span className="badge badge-ok">Active</span> : <span className="badge badge-neutral">Inactive</span>}</td>
            <td className="actions">
              <button type="button" className="small-button" aria-label={`Edit printer ${p.code}`} onClick={() => editor.edit(p)}>
                Edit
              </button>
            </td>
          </tr>
        )}
      />
      {warehouse && (
        <PrinterForm
          key={`${warehouse}/${editor.editing?.code ?? "new"}`}
          ref={editor.section}
          warehouse={warehouse}
          printer={editor.editing}
          onDone={editor.done}
        />
      )}
    </>
  );
}

function PrinterForm({
  warehouse,
  printer,
  onDone,
  ref,
}: {
  warehouse: string;
  printer: Printer | null;
  onDone: (message: string | null) => void;
  ref: Ref<HTMLElement>;
}) {
  const form = useForm({
    code: printer?.code ?? "",
    name: printer?.name ?? "",
    host: printer?.host ?? "",
    port: printer ? String(printer.port) : "9100",
    active: printer?.active ?? true,
  });

  const submit = form.onSubmit(async (values) => {
    const base = `/api/v1/warehouses/${encodeURIComponent(warehouse)}/printers`;
    const body = { name: values.name.trim(), host: values.host.trim(), port: numberOrText(values.port) };
    const saved = printer
      ? await api<Printer>(`${base}/${encodeURIComponent(printer.code)}`, {
          method: "PATCH",
          body: { ...body, active: values.active },
        })
      : await api<Printer>(base, { body: { ...body, code: values.code.trim() } });
    onDone(printer ? `Printer ${saved.code} is saved.` : `Printer ${saved.code} is registered in ${warehouse}.`);
  });

  return (
    <GridForm
      ref={ref}
      title={printer ? `Edit printer ${printer.code}` : `New printer in ${warehouse}`}
      onSubmit={submit}
      error={form.error}
      fields={["code", "name", "host", "port", "active"]}
    >
      <Field
        label="Printer code"
        disabled={printer !== null}
        hint="Such as PACK-1"
        {...form.field("code")}
        onChange={(e) => form.set("code")(e.target.value.toUpperCase())}
      />
      <Field label="Name" {...form.field("name")} />
      <Field label="Host" hint="Its name or address on the warehouse's network" {...form.field("host")} />
      <Field label="Port" inputMode="numeric" hint="Raw TCP, usually 9100" {...form.field("port")} />
      {printer && <Checkbox label="Active" {...form.check("active")} />}
      <SubmitRow
        wide
        text={printer ? `Save printer ${printer.code}` : "Register printer"}
        busy={form.busy}
        onCancel={printer ? () => onDone(null) : undefined}
      />
    </GridForm>
  );
}
