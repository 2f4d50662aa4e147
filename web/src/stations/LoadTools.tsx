// The load dock's extras: the open trailers to start with (and opening a new one), and the
// trailer being loaded with its counts and the staged cartons still missing.
import { useState, type FormEvent } from "react";
import { api, type Page } from "../api";
import { Select, useSubmit } from "../forms";
import { ErrorBanner, useResource } from "../ui";
import { groupDigits } from "./common";
import type { Carrier, Manifest } from "./types";

export function OpenTrailers({ warehouse, onStart }: { warehouse: string; onStart: (barcode: string) => void }) {
  const trailers = useResource<Page<Manifest>>(
    `/api/v1/manifests?warehouse=${encodeURIComponent(warehouse)}&status=open`,
  );
  const carriers = useResource<{ items: Carrier[] }>("/api/v1/carriers");
  const [carrier, setCarrier] = useState("");
  const { busy, error, run } = useSubmit();

  const create = (event: FormEvent) => {
    event.preventDefault();
    const code = carrier || carriers.data?.items[0]?.code;
    if (!code) return;
    void run(async () => {
      await api<Manifest>("/api/v1/manifests", { body: { carrier: code, warehouse } });
      trailers.reload();
    });
  };

  const list = trailers.data?.items ?? [];
  return (
    <section className="trailers" aria-label="Open trailers">
      <h2>Open trailers in {warehouse}</h2>
      <ErrorBanner error={trailers.error} />
      {trailers.data && list.length === 0 && <p>No trailer is open. Open one for the carrier that is picking up.</p>}
      <ul className="trailer-list">
        {list.map((m) => (
          <li key={m.id} data-trailer={m.barcode}>
            <span className="trailer-code">{m.barcode}</span>
            <span>
              {m.carrier}: {m.loaded} loaded, {m.missing.length} staged carton{m.missing.length === 1 ? "" : "s"} to load
            </span>
            <button type="button" onClick={() => onStart(m.barcode)}>
              Load {m.barcode}
            </button>
          </li>
        ))}
      </ul>
      {carriers.data && carriers.data.items.length > 0 && (
        <form className="inline-form" onSubmit={create}>
          <ErrorBanner error={error} />
          <Select
            label="Open a new trailer for"
            name="carrier"
            value={carrier || carriers.data.items[0].code}
            onChange={setCarrier}
            options={carriers.data.items.filter((c) => c.active).map((c) => ({ value: c.code, label: c.name }))}
            error={error}
          />
          <button type="submit" disabled={busy}>
            {busy ? "Opening…" : "Open trailer"}
          </button>
        </form>
      )}
    </section>
  );
}

export function TrailerPanel({
  manifestId,
  missing,
  loaded,
  total,
  onClose,
}: {
  manifestId: number | null;
  missing: string[];
  loaded: number;
  total: number;
  onClose: () => void;
}) {
  const manifest = useResource<Manifest>(manifestId ? `/api/v1/manifests/${manifestId}` : null);
  const m = manifest.data;
  return (
    <section className="trailer-panel" aria-label="Trailer">
      <h2>
        Trailer {m ? `${m.barcode} · ${m.carrier}` : manifestId ? `TRL-${manifestId}` : ""}
      </h2>
      <dl className="counts">
        <div>
          <dt>Loaded</dt>
          <dd data-field="loaded">{loaded}</dd>
        </div>
        <div>
          <dt>Missing</dt>
          <dd data-field="missing-count">{missing.length}</dd>
        </div>
        <div>
          <dt>Cartons in all</dt>
          <dd>{total}</dd>
        </div>
      </dl>
      {missing.length > 0 ? (
        <>
          <h3>Staged cartons not on the trailer yet (SSCC)</h3>
          <ul className="missing-list" data-field="missing">
            {missing.map((sscc) => (
              <li key={sscc} data-sscc={sscc}>
                {groupDigits(sscc)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="all-loaded">Every staged carton is on the trailer.</p>
      )}
      <button type="button" className={missing.length === 0 ? "primary" : undefined} onClick={onClose}>
        Close the trailer (CMD-CLOSE)
      </button>
    </section>
  );
}
