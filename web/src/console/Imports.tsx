// CSV uploads of products, opening stock and orders. Each is all or nothing: a file with a
// bad row saves nothing, and the rows the server refused are listed with their reasons.
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { ApiError, api } from "../api";
import { Notice, SubmitRow, useSubmit } from "../forms";
import { isManager, useSession } from "../session";
import { ErrorBanner, humanize, useTitle } from "../ui";
import { canTakeOrders, Table } from "./common";

// Files larger than this are refused before they are sent (the server has its own limit).
const MAX_BYTES = 8 * 1024 * 1024;

type Kind = {
  key: string;
  title: string;
  path: string;
  columns: string;
  link: { to: string; text: string };
  done: (answer: Record<string, unknown>) => string;
};

const KINDS: Kind[] = [
  {
    key: "products",
    title: "Products",
    path: "/api/v1/products/import",
    columns: "sku, name, currency and any of barcodes, weight_g, length_mm, width_mm, height_mm, unit_cost, price, lot_tracked, expiry_tracked, fragile, storage_class…",
    link: { to: "/console/products", text: "See the products" },
    done: (a) => `${a.created ?? 0} products created, ${a.updated ?? 0} updated.`,
  },
  {
    key: "stock",
    title: "Opening stock",
    path: "/api/v1/inventory/import",
    columns: "warehouse, bin, sku, quantity and optionally lot and expiry (YYYY-MM-DD)",
    link: { to: "/console/inventory/bins", text: "See the stock by bin" },
    done: (a) => `${a.rows ?? 0} stock rows received.`,
  },
  {
    key: "orders",
    title: "Orders",
    path: "/api/v1/orders/import",
    columns: "Tally's order columns (external_id, currency, ship_name, ship_line1, ship_city, ship_country, sku, quantity…) or a Shopify order export",
    link: { to: "/console/orders", text: "See the orders" },
    done: (a) =>
      `${a.orders ?? 0} orders taken in: ${a.allocated ?? 0} allocated, ${a.backordered ?? 0} backordered, ${a.on_hold ?? 0} on hold` +
      (Array.isArray(a.skipped) && a.skipped.length > 0 ? `; ${a.skipped.length} skipped.` : "."),
  },
];

export function ImportsPage() {
  useTitle("Imports");
  const { me } = useSession();
  const allowed = (k: Kind) => (k.key === "orders" ? canTakeOrders(me?.role) : isManager(me?.role));
  return (
    <main className="page page-wide" id="main">
      <h1>Imports</h1>
      <p className="muted">
        Upload a CSV file with a header row. Each file is checked whole first: when any row is wrong nothing is saved, and the
        rows to fix are listed.
      </p>
      {KINDS.filter(allowed).map((k) => (
        <Upload key={k.key} kind={k} />
      ))}
      {!KINDS.some(allowed) && <p>Your role ({me?.role}) imports nothing.</p>}
    </main>
  );
}

function Upload({ kind }: { kind: Kind }) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (!file) {
      setMissing("Choose a CSV file first.");
      return;
    }
    if (file.size > MAX_BYTES) {
      setMissing(`The file is larger than ${MAX_BYTES / 1024 / 1024} MB.`);
      return;
    }
    setMissing(null);
    void run(async () => {
      const answer = await api<Record<string, unknown>>(kind.path, { body: await file.text(), headers: { "Content-Type": "text/csv" } });
      setNotice(`${file.name}: ${kind.done(answer)}`);
    });
  };

  const problems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const omitted = error instanceof ApiError ? Number((error.problem as { errors_omitted?: number }).errors_omitted ?? 0) : 0;
  return (
    <section className="form-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{kind.title}</h2>
      <p className="muted small">Columns: {kind.columns}.</p>
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <div className={missing ? "field field-invalid" : "field"}>
          <label htmlFor={`${id}-file`}>{kind.title} CSV file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={missing ? true : undefined}
            aria-describedby={missing ? `${id}-missing` : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissing(null);
            }}
          />
          {missing && (
            <small className="field-error" id={`${id}-missing`}>
              {missing}
            </small>
          )}
        </div>
        <SubmitRow text={`Upload ${kind.title.toLowerCase()}`} busyText="Uploading…" busy={busy} />
      </form>
      <Notice text={notice} />
      {notice && (
        <p>
          <Link to={kind.link.to}>{kind.link.text}</Link>
        </p>
      )}
      {problems.length === 0 ? (
        <ErrorBanner error={error} />
      ) : (
        <>
          <div className="banner banner-error" role="alert">
            {(error as ApiError).message} Nothing was saved; fix these rows and upload the file again.
          </div>
          <Table
            caption={`Rows refused in the ${kind.title.toLowerCase()} file`}
            columns={["Row", "Column", "Reason"]}
            rows={problems}
            row={(p, i) => {
              const [where, row, column] = p.field.split("/");
              return (
                <tr key={i}>
                  <td>{where === "rows" ? row : "Header"}</td>
                  <td>
                    <code>{where === "rows" ? column : where === "columns" ? row : humanize(p.field)}</code>
                  </td>
                  <td>{p.reason}</td>
                </tr>
              );
            }}
          />
          {omitted > 0 && <p className="muted">And {omitted} more.</p>}
        </>
      )}
    </section>
  );
}
