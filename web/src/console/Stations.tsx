// Stations: every pick, pack and load station, who is signed in on it and what it is
// doing, kept current by the server's change feed.
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, withQuery } from "../api";
import { Field, FilterBar, FormErrors, Notice, Select, useForm } from "../forms";
import { isManager, useSession } from "../session";
import type { Station } from "../stations/types";
import { formatTime, humanize, useResource, useTitle } from "../ui";
import { LiveIndicator, num, Table, useLiveChanges, useWarehouseParam, useWarehouses, WarehouseFilter, warehouseOptions } from "./common";

export function StationsPage() {
  useTitle("Stations");
  const { me } = useSession();
  const [warehouse, setWarehouse] = useWarehouseParam();
  const warehouses = useWarehouses();
  const stations = useResource<{ items: Station[] }>(withQuery("/api/v1/stations", { warehouse }));
  const live = useLiveChanges(stations.reload);
  const items = stations.data?.items ?? [];
  const busy = items.filter((s) => s.user).length;

  return (
    <main className="page page-wide" id="main">
      <div className="page-head">
        <h1>Stations</h1>
        <LiveIndicator state={live} />
      </div>
      <WarehouseFilter value={warehouse} onChange={setWarehouse} error={stations.error} />
      <FormErrors error={stations.error} fields={["warehouse"]} />
      <p className="muted">
        {items.length} stations, {busy} with someone signed in.
      </p>
      <Table
        caption="Stations"
        busy={stations.loading}
        columns={["Station", "Type", "Warehouse", "Who is on it", "Waiting for", "Orders", num("Progress"), "Last activity"]}
        rows={items}
        loading={stations.loading && !stations.data}
        empty={`No stations${warehouse ? ` in ${warehouse}` : ""}.`}
        row={(s) => (
          <tr key={s.id}>
            <td>
              <strong>{s.code}</strong>
            </td>
            <td>{humanize(s.type)}</td>
            <td>{s.warehouse}</td>
            <td>{s.user ? <span className="badge badge-ok">{s.user}</span> : <span className="muted">Nobody</span>}</td>
            <td>
              {humanize(s.step)}
              {s.next.bin && (
                <div className="muted small">
                  bin {s.next.bin}
                  {s.next.sku ? `, ${s.next.quantity ?? ""} × ${s.next.sku}` : ""}
                </div>
              )}
            </td>
            <td>
              {s.orders.length === 0
                ? "—"
                : s.orders.map((o, i) => (
                    <span key={o}>
                      {i > 0 && ", "}
                      <Link to={`/console/orders/${o}`}>ORD-{o}</Link>
                    </span>
                  ))}
              {s.batch && (
                <div className="muted small">
                  <Link to={`/console/pick-batches/${s.batch}/pick-list`}>batch {s.batch}</Link>
                </div>
              )}
              {s.manifest && <div className="muted small">trailer {s.manifest}</div>}
            </td>
            <td className="number">
              {s.progress.total > 0 ? `${s.progress.done} / ${s.progress.total}` : "—"}
              {s.progress.cartons ? <div className="muted small">carton {s.progress.carton} of {s.progress.cartons}</div> : null}
            </td>
            <td>{formatTime(s.updated_at)}</td>
          </tr>
        )}
      />
      {isManager(me?.role) && <NewStation onCreated={stations.reload} defaultWarehouse={warehouse || warehouses.data?.items[0]?.code || ""} />}
    </main>
  );
}

function NewStation({ onCreated, defaultWarehouse }: { onCreated: () => void; defaultWarehouse: string }) {
  const warehouses = useWarehouses();
  const form = useForm({ code: "", type: "pick", warehouse: "" });
  const [notice, setNotice] = useState<string | null>(null);

  const submit = form.onSubmit(async ({ code, type, warehouse }) => {
    setNotice(null);
    const created = await api<Station>("/api/v1/stations", { body: { code: code.trim(), type, warehouse: warehouse || defaultWarehouse } });
    setNotice(`Station ${created.code} is set up.`);
    form.set("code")("");
    onCreated();
  });

  return (
    <section aria-labelledby="new-station">
      <h2 id="new-station">Set up a station</h2>
      <FilterBar label="Set up a station" search={false} onSubmit={submit} submit="Set up station" disabled={form.busy}>
        <Field label="Station code" placeholder="BER-P2" {...form.field("code")} />
        <Select label="Type" options={["pick", "pack", "load"].map((t) => ({ value: t, label: humanize(t) }))} {...form.select("type")} />
        <Select label="In warehouse" options={warehouseOptions(warehouses.data?.items)} {...form.select("warehouse")} value={form.values.warehouse || defaultWarehouse} />
      </FilterBar>
      <FormErrors error={form.error} fields={["code", "type", "warehouse"]} />
      <Notice text={notice} />
    </section>
  );
}
