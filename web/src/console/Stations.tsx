// Stations: every pick, pack and load station, who is signed in on it and what it is
// doing, kept current by the server's change feed.
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, withQuery } from "../api";
import { isManager, useSession } from "../session";
import { Field, formatTime, Select, useResource } from "../ui";
import {
  EmptyRow,
  FormErrors,
  humanize,
  LiveIndicator,
  Notice,
  useLiveChanges,
  useTitle,
  useWarehouses,
  warehouseOptions,
} from "./common";

export type Station = {
  id: number;
  code: string;
  type: string;
  warehouse: string;
  user: string | null;
  step: string;
  orders: number[];
  batch: number | null;
  manifest: number | null;
  next: { action: string; bin?: string; sku?: string; quantity?: number };
  progress: { done: number; total: number; carton?: number; cartons?: number };
  updated_at: string;
};

export function StationsPage() {
  useTitle("Stations");
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const warehouse = params.get("warehouse") ?? "";
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
      <div className="filters">
        <Select
          label="Warehouse"
          name="warehouse"
          value={warehouse}
          onChange={(value) => setParams(value ? { warehouse: value } : {})}
          options={warehouseOptions(warehouses.data?.items, "Every warehouse")}
          error={stations.error}
        />
      </div>
      <FormErrors error={stations.error} fields={["warehouse"]} />
      <p className="muted">
        {items.length} stations, {busy} with someone signed in.
      </p>
      <table aria-busy={stations.loading}>
        <caption className="visually-hidden">Stations</caption>
        <thead>
          <tr>
            <th scope="col">Station</th>
            <th scope="col">Type</th>
            <th scope="col">Warehouse</th>
            <th scope="col">Who is on it</th>
            <th scope="col">Waiting for</th>
            <th scope="col">Orders</th>
            <th scope="col" className="number">
              Progress
            </th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <EmptyRow columns={8} loading={stations.loading && !stations.data}>
              No stations{warehouse ? ` in ${warehouse}` : ""}.
            </EmptyRow>
          ) : (
            items.map((s) => (
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
                  {s.batch && <div className="muted small">batch {s.batch}</div>}
                  {s.manifest && <div className="muted small">trailer {s.manifest}</div>}
                </td>
                <td className="number">
                  {s.progress.total > 0 ? `${s.progress.done} / ${s.progress.total}` : "—"}
                  {s.progress.cartons ? <div className="muted small">carton {s.progress.carton} of {s.progress.cartons}</div> : null}
                </td>
                <td>{formatTime(s.updated_at)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {isManager(me?.role) && <NewStation onCreated={stations.reload} defaultWarehouse={warehouse || warehouses.data?.items[0]?.code || ""} />}
    </main>
  );
}

function NewStation({ onCreated, defaultWarehouse }: { onCreated: () => void; defaultWarehouse: string }) {
  const warehouses = useWarehouses();
  const [code, setCode] = useState("");
  const [type, setType] = useState("pick");
  const [warehouse, setWarehouse] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const created = await api<Station>("/api/v1/stations", { body: { code: code.trim(), type, warehouse: warehouse || defaultWarehouse } });
      setNotice(`Station ${created.code} is set up.`);
      setCode("");
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-station">
      <h2 id="new-station">Set up a station</h2>
      <form className="filters" onSubmit={submit} noValidate aria-label="Set up a station">
        <Field label="Station code" name="code" value={code} onChange={(e) => setCode(e.target.value)} error={error} placeholder="BER-P2" />
        <Select
          label="Type"
          name="type"
          value={type}
          onChange={setType}
          options={["pick", "pack", "load"].map((t) => ({ value: t, label: humanize(t) }))}
          error={error}
        />
        <Select
          label="In warehouse"
          name="warehouse"
          value={warehouse || defaultWarehouse}
          onChange={setWarehouse}
          options={warehouseOptions(warehouses.data?.items)}
          error={error}
        />
        <div className="filter-actions">
          <button type="submit" className="primary" disabled={busy}>
            Set up station
          </button>
        </div>
      </form>
      <FormErrors error={error} fields={["code", "type", "warehouse"]} />
      <Notice text={notice} />
    </section>
  );
}
