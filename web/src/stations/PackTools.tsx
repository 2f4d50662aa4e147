// The pack bench's extras: the weight field (a USB/serial scale types digits and Enter into
// it), the carton label (ZPL to a registered printer of the warehouse, or the PNG), the
// supervisor's override of a refused weight, and flagging a damaged unit.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../api";
import { Field, Select, SubmitRow, useForm } from "../forms";
import { ErrorBanner, useResource } from "../ui";
import { DeviceField, Dialog } from "./common";
import type { ScanAnswer, WeightRange } from "./types";

// "1234", "1234 g", "1.234 kg", "1,234kg": grams. A decimal without a unit is read as kg.
export function parseWeight(text: string): number | null {
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*(kg|g)?\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1].replace(",", "."));
  const kg = match[2]?.toLowerCase() === "kg" || (!match[2] && /[.,]/.test(match[1]));
  const grams = Math.round(kg ? value * 1000 : value);
  return grams >= 0 && grams <= 1_000_000 ? grams : null;
}

export function WeightForm({
  range,
  onWeight,
  onBarcode,
}: {
  range?: WeightRange;
  onWeight: (grams: number) => void;
  onBarcode: (code: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    input.current?.focus({ preventScroll: true });
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const field = input.current;
    if (!field) return;
    const text = field.value.trim();
    field.value = "";
    field.focus({ preventScroll: true });
    if (!text) return;
    const grams = parseWeight(text);
    if (grams !== null) {
      setProblem(null);
      onWeight(grams);
    } else if (/^[\x21-\x7e]+$/.test(text) && !/^\d/.test(text)) {
      // A barcode scanned while this field had the focus: it is a scan all the same.
      setProblem(null);
      onBarcode(text);
    } else {
      setProblem(`"${text}" is not a weight. Type grams, e.g. ${range?.expected_g ?? 1200}.`);
    }
  };

  return (
    <form className="weight-form" onSubmit={submit} autoComplete="off">
      <DeviceField
        label="Carton weight in grams (from the scale)"
        button="Send weight"
        note={problem}
        invalid={problem !== null}
        inputRef={input}
        name="weight_g"
        inputMode="decimal"
        data-weight-field=""
      />
    </form>
  );
}

// The printer chosen at each station, kept on this device: tally.stations.printer.STATION.
function printerKey(station: string): string {
  return `tally.stations.printer.${station}`;
}

function storedPrinter(station: string): string {
  try {
    return localStorage.getItem(printerKey(station)) ?? "";
  } catch {
    return "";
  }
}

export type CartonRef = { id: number; barcode?: string; sscc?: string };

type Printer = { code: string; name: string; active: boolean };

// The carton's label: sent as ZPL to one of the warehouse's registered printers (the one chosen
// at this station is remembered), or opened as a PNG.
export function LabelPanel({
  carton,
  autoPrint,
  station,
  warehouse,
}: {
  carton: CartonRef;
  autoPrint: boolean;
  station: string;
  warehouse: string;
}) {
  const printers = useResource<{ items: Printer[] }>(`/api/v1/warehouses/${encodeURIComponent(warehouse)}/printers`);
  const active = (printers.data?.items ?? []).filter((p) => p.active);
  const [chosen, setChosen] = useState(() => storedPrinter(station));
  // The remembered printer while it is still registered, else the only one there is.
  const printer = active.some((p) => p.code === chosen) ? chosen : active.length === 1 ? active[0].code : "";
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const printed = useRef(new Set<number>());
  const png = `/api/v1/cartons/${carton.id}/label?format=png`;
  const zpl = `/api/v1/cartons/${carton.id}/label?format=zpl`;

  const choose = (code: string) => {
    try {
      if (code) localStorage.setItem(printerKey(station), code);
      else localStorage.removeItem(printerKey(station));
    } catch {
      // not kept past this page
    }
    setChosen(code);
  };

  const print = async () => {
    if (!printer) {
      setResult({ ok: false, text: "Choose one of the warehouse's label printers, or open the PNG label." });
      return;
    }
    setBusy(true);
    try {
      const sent = await api<{ printer: string; bytes: number }>(`/api/v1/cartons/${carton.id}/print`, {
        body: { printer },
      });
      setResult({ ok: true, text: `Label sent to ${sent.printer} (${sent.bytes} bytes).` });
    } catch (e) {
      setResult({ ok: false, text: `The label was not printed: ${errorText(e)}` });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (autoPrint && printer && !printed.current.has(carton.id)) {
      printed.current.add(carton.id);
      void print();
    }
    // Once per carton, when it is weighed (print is a new function every render).
  }, [autoPrint, carton.id, printer]);

  return (
    <section className="label-panel" aria-label="Carton label">
      <h2>Label for carton {carton.barcode ?? `CTN-${carton.id}`}</h2>
      {printers.error !== null && <ErrorBanner error={printers.error} />}
      {printers.data && active.length === 0 && (
        <p className="banner banner-error" role="alert">
          No label printer is registered for {warehouse}. An admin registers them under Admin, Warehouses; meanwhile
          open the PNG label.
        </p>
      )}
      {active.length > 0 && (
        <Select
          label="Label printer"
          name="printer"
          value={printer}
          onChange={choose}
          options={[
            ...(printer ? [] : [{ value: "", label: "Choose a printer…" }]),
            ...active.map((p) => ({ value: p.code, label: p.name ? `${p.code} (${p.name})` : p.code })),
          ]}
        />
      )}
      <div className="button-row">
        <button type="button" className="primary" onClick={print} disabled={busy || !printer}>
          {busy ? "Printing…" : printer ? `Print label on ${printer}` : "Print label"}
        </button>
        <a className="button" href={png} target="_blank" rel="noopener">
          Open label (PNG)
        </a>
        <a className="button" href={zpl} target="_blank" rel="noopener">
          ZPL
        </a>
      </div>
      {result && (
        <p className={result.ok ? "banner banner-ok" : "banner banner-error"} role={result.ok ? "status" : "alert"}>
          {result.text}
        </p>
      )}
    </section>
  );
}

// A wrong supervisor's password (401) or a supervisor who may not (403), said plainly.
function supervisorError(error: unknown): unknown {
  if (error instanceof ApiError && error.status === 401) {
    return new ApiError({ ...error.problem, detail: `The supervisor's user name or password is wrong. ${error.message}` });
  }
  if (error instanceof ApiError && error.status === 403) {
    return new ApiError({ ...error.problem, detail: `${error.message} Only a manager or admin may accept a weight.` });
  }
  return error;
}

// A supervisor accepts the weight just refused: their user name, password and a reason.
export function OverrideDialog({
  station,
  weight,
  onAnswer,
  onClose,
}: {
  station: string;
  weight?: number;
  onAnswer: (answer: ScanAnswer) => void;
  onClose: () => void;
}) {
  const form = useForm({ username: "", password: "", reason: "" }, supervisorError);
  const { username, password, reason } = form.values;

  const submit = form.onSubmit(async () => {
    const answer = await api<ScanAnswer>(`/api/v1/stations/${encodeURIComponent(station)}/override`, {
      body: { reason: reason.trim(), supervisor: { username: username.trim(), password } },
      signOutOn401: false,
    });
    onAnswer(answer);
    onClose();
  });

  return (
    <Dialog title="Supervisor override" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          A supervisor (manager or admin) accepts the weight
          {weight !== undefined ? ` of ${weight} g` : ""} the scale gave, with a reason that is kept on the
          carton.
        </p>
        <ErrorBanner error={form.error} />
        <Field label="Supervisor's user name" autoComplete="off" required autoFocus {...form.field("username", "supervisor.username")} />
        <Field label="Supervisor's password" type="password" autoComplete="off" required {...form.field("password", "supervisor.password")} />
        <Field label="Reason" required maxLength={500} {...form.field("reason")} />
        <SubmitRow
          text="Accept the weight"
          busyText="Checking…"
          busy={form.busy}
          disabled={!username || !password || !reason.trim()}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

type DamageReport = { sku: string; from_bin: string; to_bin: string; reason: string };

// A damaged unit goes to the damage bin through the ledger.
export function DamageDialog({
  station,
  barcode,
  onDone,
  onClose,
}: {
  station: string;
  barcode?: string;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const form = useForm({ barcode: barcode ?? "", reason: "" });
  const { values } = form;

  const submit = form.onSubmit(async () => {
    const report = await api<DamageReport>(`/api/v1/stations/${encodeURIComponent(station)}/damage`, {
      body: { barcode: values.barcode.trim(), reason: values.reason.trim() },
    });
    onDone(`Damaged ${report.sku} moved from ${report.from_bin} to ${report.to_bin}.`);
    onClose();
  });

  return (
    <Dialog title="Report a damaged unit" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={form.error} />
        <Field label="Product barcode or SKU" autoFocus {...form.field("barcode")} />
        <Field label="What is wrong" {...form.field("reason")} />
        <SubmitRow
          text="Report damage"
          busyText="Reporting…"
          busy={form.busy}
          disabled={!values.barcode.trim() || !values.reason.trim()}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
