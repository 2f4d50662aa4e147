// /stations/:code: one big instruction at a time, the verdict of every scan (colour, text
// and a tone), and the tools of a pick, pack, load or count station.
import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { api, ApiError, errorText, NetworkError } from "../api";
import { useTitle } from "../ui";
import { CameraScanner } from "./Camera";
import { StationHeader } from "./Chooser";
import { ConnectionBanner, groupDigits, PendingScans, useQueue } from "./common";
import { COUNTED_COMMAND, CountInstruction, CountPanel } from "./CountTools";
import { ApproveKeyedDialog, ShortDialog } from "./EntryTools";
import { OpenTrailers, TrailerPanel } from "./LoadTools";
import { DamageDialog, LabelPanel, OverrideDialog, parseWeight, WeightForm, type CartonRef } from "./PackTools";
import { scanQueue, type Outcome, type QueuedScan } from "./queue";
import { ScanBox, type Entry, type ScanBoxHandle } from "./ScanBox";
import { isMuted, playOk, playQueued, playRefused, setMuted } from "./sound";
import {
  TYPE_NAMES,
  verdictTitle,
  type Instruction,
  type Progress,
  type ScanAnswer,
  type Station,
  type StationType,
} from "./types";

type Feedback =
  | { kind: "idle"; key: number }
  | { kind: "pending"; key: number; barcode: string; offline: boolean }
  | { kind: "note"; key: number; message: string }
  | {
      kind: "ok" | "refused";
      key: number;
      verdict: string;
      message: string;
      barcode: string;
      delayed: boolean;
      replayed: boolean;
      queued: QueuedRun; // the queued scans sent in a row with this one
    }
  | { kind: "error"; key: number; message: string; barcode: string };

type QueuedRun = { sent: number; refused: number };

const scanText = (scan: Pick<QueuedScan, "barcode" | "weight_g">) =>
  [scan.barcode, scan.weight_g !== undefined ? `${scan.weight_g} g` : ""].filter(Boolean).join(" ");

export function StationScreen({ code }: { code: string }) {
  const queue = useQueue();
  const [station, setStation] = useState<Station | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [next, setNext] = useState<Instruction | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [finished, setFinished] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback>({ kind: "idle", key: 0 });
  const [answers, setAnswers] = useState(0);
  const [carton, setCarton] = useState<CartonRef | null>(null);
  const [lastOrder, setLastOrder] = useState<number | null>(null);
  const [refusedWeight, setRefusedWeight] = useState<number | undefined>();
  const [dialog, setDialog] = useState<"override" | "damage" | "short" | "approve" | null>(null);
  const [keyed, setKeyed] = useState<string | null>(null); // the typed code a supervisor approves
  const [camera, setCamera] = useState(false);
  const [muted, setMutedState] = useState(isMuted);
  const applied = useRef(0); // answers applied: an older station load never overwrites them
  const feedbackKey = useRef(1);
  const queuedRun = useRef<QueuedRun>({ sent: 0, refused: 0 });
  const stationRef = useRef<Station | null>(null);
  stationRef.current = station;
  const scanBox = useRef<ScanBoxHandle>(null);

  useTitle(code);

  const noteInstruction = useCallback((instruction: Instruction) => {
    if (instruction.carton) {
      setCarton({ id: instruction.carton, barcode: instruction.carton_barcode, sscc: instruction.sscc });
    }
    if (instruction.order) setLastOrder(instruction.order);
  }, []);

  const loadStation = useCallback(async () => {
    const seen = applied.current;
    try {
      const found = await api<Station>(`/api/v1/stations/${encodeURIComponent(code)}`);
      scanQueue.reportNetwork(true);
      setStation(found);
      setLoadError(null);
      if (applied.current === seen) {
        // A finished job stays on screen ("done") until the next scan; the idle station's
        // own instruction says the same in fewer words.
        const idle = found.next.action === "scan_order" || found.next.action === "scan_trailer";
        setNext((shown) => (shown?.action === "done" && idle ? shown : found.next));
        setProgress(found.progress);
        noteInstruction(found.next);
      }
    } catch (e) {
      if (e instanceof NetworkError) scanQueue.reportNetwork(false);
      setLoadError(e);
    }
  }, [code, noteInstruction]);

  useEffect(() => {
    void loadStation();
  }, [loadStation]);

  const apply = useCallback(
    (answer: ScanAnswer, scan: Pick<QueuedScan, "barcode" | "weight_g">, delayed: boolean, replayed: boolean) => {
      applied.current += 1;
      setAnswers(applied.current);
      const ok = answer.verdict === "ok";
      setNext(answer.next);
      setProgress(answer.progress);
      noteInstruction(answer.expected);
      noteInstruction(answer.next);
      if (answer.next.action === "done") setFinished(answer.message);
      else if (ok) setFinished(null);
      queuedRun.current = delayed
        ? { sent: queuedRun.current.sent + 1, refused: queuedRun.current.refused + (ok ? 0 : 1) }
        : { sent: 0, refused: 0 };
      if (answer.verdict === "weight_mismatch") setRefusedWeight(scan.weight_g);
      else if (ok) setRefusedWeight(undefined);
      // Asked for at once: the reason of a short pick, a supervisor for a typed code.
      if (answer.verdict === "reason_required" && !delayed) setDialog("short");
      if (answer.verdict === "supervisor_required" && !delayed && scan.barcode) {
        setKeyed(scan.barcode);
        setDialog("approve");
      }
      setFeedback({
        kind: ok ? "ok" : "refused",
        key: feedbackKey.current++,
        verdict: answer.verdict,
        message: answer.message,
        barcode: scanText(scan),
        delayed,
        replayed,
        queued: queuedRun.current,
      });
      if (ok) playOk();
      else playRefused();
      // A replayed answer may be older than the station's state; the load dock needs the
      // trailer in hand once a new one starts.
      const stepChanged = answer.expected.action !== answer.next.action;
      if (replayed || (stationRef.current?.type === "load" && ok && stepChanged)) void loadStation();
    },
    [loadStation, noteInstruction],
  );

  useEffect(
    () =>
      scanQueue.onOutcome((outcome: Outcome) => {
        if (outcome.scan.station !== code) return;
        if (outcome.answer) {
          apply(outcome.answer, outcome.scan, outcome.delayed, outcome.replayed);
          return;
        }
        applied.current += 1;
        setAnswers(applied.current);
        if (outcome.delayed) queuedRun.current.refused += 1;
        setFeedback({
          kind: "error",
          key: feedbackKey.current++,
          message: outcome.error ?? "The scan was not accepted.",
          barcode: scanText(outcome.scan),
        });
        playRefused();
      }),
    [code, apply],
  );

  const send = useCallback(
    (scan: { barcode?: string; weight_g?: number; entry?: "keyed"; reason?: string }) => {
      const offline = !scanQueue.isOnline;
      scanQueue.add(code, scan);
      const pending: Feedback = { kind: "pending", key: feedbackKey.current++, barcode: scanText(scan), offline };
      if (offline) {
        setFeedback(pending);
        playQueued();
        return;
      }
      // Online the answer is usually back at once: say "checking" only when it is not.
      const seen = applied.current;
      window.setTimeout(() => {
        if (applied.current === seen) setFeedback(pending);
      }, 300);
    },
    [code],
  );
  const scan = useCallback(
    (barcode: string, entry: Entry = "scan") => send(entry === "keyed" ? { barcode, entry } : { barcode }),
    [send],
  );
  // At the weigh step a scale may type into the scan field too: a short number is a weight
  // (GTINs have 8 to 14 digits).
  const scanOrWeigh = useCallback(
    (text: string, entry: Entry = "scan") => {
      const grams = /^\d{8,}$/.test(text) ? null : parseWeight(text);
      if (grams !== null) send({ weight_g: grams });
      else scan(text, entry);
    },
    [send, scan],
  );

  const type: StationType | undefined = station?.type;
  const action = next?.action;
  const pending = queue.items.filter((i) => i.station === code).length;
  const slipOrder = next?.order || lastOrder;

  if (loadError && !station) {
    const missing = loadError instanceof ApiError && loadError.status === 404;
    return (
      <main className="station-page" id="main">
        <StationHeader title={code} />
        <ConnectionBanner pending={pending} />
        <div className="banner banner-error" role="alert">
          {missing ? `There is no station ${code}.` : `The station could not be loaded: ${errorText(loadError)}`}
        </div>
        <p>
          <Link to="/stations">Choose another station</Link>{" "}
          {!missing && (
            <button type="button" onClick={() => void loadStation()}>
              Try again
            </button>
          )}
        </p>
        <PendingScans station={code} />
      </main>
    );
  }

  if (!station || !next || !type) {
    return (
      <main className="station-page" id="main">
        <StationHeader title={code} />
        <p className="loading">Loading station {code}…</p>
      </main>
    );
  }

  const stateClass =
    feedback.kind === "ok" ? "flash-ok" : feedback.kind === "refused" || feedback.kind === "error" ? "flash-bad" : "";

  return (
    <main
      className={`station-page station-${type} ${stateClass}`}
      id="main"
      data-station={station.code}
      data-answers={answers}
      data-action={action}
    >
      <StationHeader
        title={
          <>
            {station.code} <span className="station-kind">{TYPE_NAMES[type]}</span>
          </>
        }
      >
        <Link to="/stations">Stations</Link>
        <button type="button" aria-pressed={camera} onClick={() => setCamera((v) => !v)}>
          Camera
        </button>
        <button
          type="button"
          aria-pressed={muted}
          onClick={() => {
            setMuted(!muted);
            setMutedState(!muted);
          }}
        >
          Mute
        </button>
      </StationHeader>
      <ConnectionBanner pending={pending} />

      <InstructionView type={type} next={next} finished={finished} />

      {progress && progress.total > 0 && <ProgressBar type={type} progress={progress} />}

      <VerdictPanel feedback={feedback} />

      {action === "weigh" && (
        <WeightForm range={next.weight} onWeight={(grams) => send({ weight_g: grams })} onBarcode={scan} />
      )}
      <ScanBox
        ref={scanBox}
        onScan={action === "weigh" ? scanOrWeigh : scan}
        grabFocus={action !== "weigh" && dialog === null}
        label={action === "weigh" ? "Scan a barcode" : "Scan or type a barcode"}
      />
      {camera && (
        <CameraScanner
          onScan={(text) => (action === "weigh" ? scanOrWeigh(text) : scan(text))}
          onClose={() => {
            setCamera(false);
            scanBox.current?.focus();
          }}
        />
      )}

      <PendingScans station={code} />

      {type === "pick" && (action === "scan_bin" || action === "scan_item") && (
        <div className="button-row tools">
          <button type="button" onClick={() => setDialog("short")}>
            Short pick (CMD-SHORT)
          </button>
          <button type="button" onClick={() => setDialog("damage")}>
            Report damage
          </button>
        </div>
      )}

      {type === "pack" && (
        <>
          {action === "weigh" && refusedWeight !== undefined && (
            <div className="button-row tools">
              <button type="button" className="danger" onClick={() => setDialog("override")}>
                Supervisor override
              </button>
            </div>
          )}
          {carton && (action === "scan_tracking" || (finished !== null && action === "done")) && (
            <LabelPanel
              carton={carton}
              autoPrint={action === "scan_tracking"}
              station={code}
              warehouse={station?.warehouse ?? ""}
            />
          )}
          <div className="button-row tools">
            {slipOrder ? (
              <a
                className="button"
                href={`/api/v1/orders/${slipOrder}/packing-slip`}
                target="_blank"
                rel="noopener"
              >
                Packing slip
              </a>
            ) : null}
            {(action === "scan_item" || action === "weigh") && (
              <button type="button" onClick={() => setDialog("damage")}>
                Report damage
              </button>
            )}
          </div>
        </>
      )}

      {(action === "count_units" || action === "count_carton") && (
        <CountPanel next={next} onSubmit={() => scan(COUNTED_COMMAND)} />
      )}

      {type === "load" && action === "scan_carton" && (
        <TrailerPanel
          manifestId={station.manifest}
          missing={next.missing ?? []}
          loaded={progress?.done ?? 0}
          total={progress?.total ?? 0}
          onClose={() => scan("CMD-CLOSE")}
        />
      )}
      {type === "load" && (action === "scan_trailer" || action === "done") && (
        <OpenTrailers warehouse={station.warehouse} onStart={scan} />
      )}

      <History outcomes={queue.outcomes.filter((o) => o.scan.station === code).slice(0, 6)} />

      {dialog === "override" && (
        <OverrideDialog
          station={code}
          weight={refusedWeight}
          onAnswer={(answer) => apply(answer, { barcode: "OVERRIDE", weight_g: refusedWeight }, false, false)}
          onClose={() => {
            setDialog(null);
            scanBox.current?.focus();
          }}
        />
      )}
      {dialog === "short" && (
        <ShortDialog
          bin={next.bin}
          sku={next.sku}
          quantity={next.quantity}
          onReason={(reason) => send({ barcode: "CMD-SHORT", reason })}
          onClose={() => {
            setDialog(null);
            scanBox.current?.focus();
          }}
        />
      )}
      {dialog === "approve" && keyed && (
        <ApproveKeyedDialog
          station={code}
          barcode={keyed}
          onAnswer={(answer) => apply(answer, { barcode: keyed }, false, false)}
          onClose={() => {
            setDialog(null);
            setKeyed(null);
            scanBox.current?.focus();
          }}
        />
      )}
      {dialog === "damage" && (
        <DamageDialog
          station={code}
          barcode={next.sku}
          onDone={(text) => setFeedback({ kind: "note", key: feedbackKey.current++, message: text })}
          onClose={() => {
            setDialog(null);
            scanBox.current?.focus();
          }}
        />
      )}
    </main>
  );
}

const IDLE_PROMPTS: Record<StationType, { title: string; detail: string }> = {
  pick: { title: "Scan a pick ticket", detail: "An order's ticket ORD-… or a batch BAT-…" },
  pack: { title: "Scan an order", detail: "Its pick ticket ORD-… or a tote TOTE-…" },
  load: { title: "Scan a trailer label", detail: "TRL-… on the trailer being loaded" },
  count: { title: "Scan a bin to count", detail: "The bin label B:… of a bin with a count task" },
};

function ProductImage({ name, sku }: { name?: string; sku?: string }) {
  const initials = (name ?? sku ?? "?")
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  return (
    <div className="product-image" role="img" aria-label={`No picture of ${name ?? sku ?? "the product"} yet`}>
      <span aria-hidden="true">{initials}</span>
    </div>
  );
}

function InstructionView({
  type,
  next,
  finished,
}: {
  type: StationType;
  next: Instruction;
  finished: string | null;
}) {
  const action = next.action;
  if (type === "count" && (action === "scan_bin" || action === "count_units")) {
    return <CountInstruction next={next} />;
  }
  const idle = action === "done" || action === "scan_order" || action === "scan_trailer";
  if (idle) {
    const prompt = IDLE_PROMPTS[type];
    return (
      <section className="instruction instruction-idle" aria-label="Instruction" data-action={action}>
        {finished && (
          <p className="done-banner" data-field="done">
            <span aria-hidden="true">✓ </span>
            {finished}
          </p>
        )}
        <p className="headline">{prompt.title}</p>
        <p className="detail">{prompt.detail}</p>
      </section>
    );
  }

  const facts = (
    <dl className="facts">
      {next.sku && (
        <div>
          <dt>SKU</dt>
          <dd data-field="sku">{next.sku}</dd>
        </div>
      )}
      {next.lot && (
        <div>
          <dt>Lot</dt>
          <dd data-field="lot">{next.lot}</dd>
        </div>
      )}
      {next.expiry && (
        <div>
          <dt>Expires</dt>
          <dd data-field="expiry">{next.expiry}</dd>
        </div>
      )}
      {next.tote !== undefined && (
        <div>
          <dt>Tote</dt>
          <dd data-field="tote">{next.tote}</dd>
        </div>
      )}
      {next.order !== undefined && next.order !== 0 && (
        <div>
          <dt>Order</dt>
          <dd data-field="order">{next.order_barcode ?? `ORD-${next.order}`}</dd>
        </div>
      )}
    </dl>
  );

  const warnings = (
    <>
      {next.rotation_warning && (
        <p className="warning" role="note">
          Expires soon: pick this lot first and check the date.
        </p>
      )}
      {next.fragile && (
        <p className="warning" role="note">
          {next.packing_rules ?? "Fragile: pack with care."}
        </p>
      )}
    </>
  );

  if (type === "pick" && (action === "scan_bin" || action === "scan_item")) {
    return (
      <section className="instruction" aria-label="Instruction" data-action={action}>
        <p className="eyebrow">{action === "scan_bin" ? "Go to bin and scan its label" : "Pick from bin"}</p>
        <p className="bin" data-field="bin">
          {next.bin}
          {action === "scan_item" && <span className="confirmed"> ✓ confirmed</span>}
        </p>
        <div className="product">
          <ProductImage name={next.name} sku={next.sku} />
          <div>
            <p className="headline">
              <span className="quantity" data-field="quantity">
                {next.quantity}
              </span>{" "}
              × <span data-field="name">{next.name}</span>
            </p>
            <p className="detail">
              {action === "scan_bin" ? "Scan the bin first, then each unit." : "Scan each unit as you pick it."}
            </p>
            {facts}
          </div>
        </div>
        {warnings}
      </section>
    );
  }

  const cartonLine = next.carton ? (
    <p className="eyebrow">
      Carton <span data-field="carton">{next.carton_barcode ?? `CTN-${next.carton}`}</span> · box{" "}
      <strong data-field="box">{next.box}</strong>
      {next.carrier && (
        <>
          {" "}
          · <span data-field="carrier">{next.carrier}</span> {next.service}
        </>
      )}
    </p>
  ) : null;

  if (type === "pack" && action === "scan_item") {
    return (
      <section className="instruction" aria-label="Instruction" data-action={action}>
        {cartonLine}
        <div className="product">
          <ProductImage name={next.name} sku={next.sku} />
          <div>
            <p className="headline">
              Pack{" "}
              <span className="quantity" data-field="quantity">
                {next.quantity}
              </span>{" "}
              × <span data-field="name">{next.name}</span>
            </p>
            <p className="detail">Scan each unit as it goes into the carton.</p>
            {facts}
          </div>
        </div>
        {next.weight && (
          <p className="detail">
            Weight so far with the box: {next.weight.min_g}–{next.weight.max_g} g
          </p>
        )}
        {warnings}
      </section>
    );
  }

  if (action === "weigh") {
    return (
      <section className="instruction" aria-label="Instruction" data-action={action}>
        {cartonLine}
        <p className="headline">Weigh the carton</p>
        {next.weight && (
          <p className="bin weight-range">
            <span data-field="weight-min">{next.weight.min_g}</span>
            <span aria-hidden="true">–</span>
            <span className="visually-hidden"> to </span>
            <span data-field="weight-max">{next.weight.max_g}</span> g
          </p>
        )}
        {next.weight && <p className="detail">Expected {next.weight.expected_g} g. Put the carton on the scale.</p>}
        {next.weight?.count_required && (
          <p className="warning" role="note" data-field="count-required">
            The scale cannot tell this carton's lightest unit: after weighing, count its contents.
          </p>
        )}
        {next.sscc && <p className="detail">SSCC {groupDigits(next.sscc)}</p>}
      </section>
    );
  }

  if (action === "count_carton") {
    return (
      <section className="instruction" aria-label="Instruction" data-action={action}>
        {cartonLine}
        <p className="headline">Count the carton's contents</p>
        <p className="detail">
          Its lightest unit is too light for the scale: scan each unit in the carton once, then submit the count.
        </p>
      </section>
    );
  }

  if (action === "scan_tracking") {
    return (
      <section className="instruction" aria-label="Instruction" data-action={action}>
        {cartonLine}
        <p className="headline">Scan the {next.carrier ?? "carrier"} tracking number</p>
        <p className="detail">From the carrier's label on the carton{next.service ? ` (${next.service})` : ""}.</p>
        {next.sscc && <p className="detail">SSCC {groupDigits(next.sscc)}</p>}
      </section>
    );
  }

  if (action === "scan_carton") {
    return (
      <section className="instruction" aria-label="Instruction" data-action={action}>
        <p className="eyebrow">
          Load cartons for <span data-field="carrier">{next.carrier}</span>
        </p>
        <p className="headline">Scan a carton</p>
        <p className="detail">Its label CTN-… or SSCC. Scan CMD-CLOSE when every carton is on.</p>
      </section>
    );
  }

  return (
    <section className="instruction" aria-label="Instruction" data-action={action}>
      <p className="headline">{action.replace(/_/g, " ")}</p>
      {facts}
    </section>
  );
}

function ProgressBar({ type, progress }: { type: StationType; progress: Progress }) {
  const unit =
    type === "load"
      ? "cartons loaded"
      : type === "pack"
        ? "units packed"
        : type === "count"
          ? "count tasks done"
          : "units picked";
  return (
    <div className="progress" data-field="progress">
      <progress max={progress.total} value={progress.done} aria-label="Progress" />
      <span>
        {progress.done} of {progress.total} {unit}
        {progress.cartons ? ` · carton ${progress.carton} of ${progress.cartons}` : ""}
      </span>
    </div>
  );
}

function VerdictPanel({ feedback }: { feedback: Feedback }) {
  switch (feedback.kind) {
    case "idle":
      return (
        <div className="verdict verdict-idle" data-verdict="idle" role="status">
          Ready to scan.
        </div>
      );
    case "note":
      return (
        <div key={feedback.key} className="verdict verdict-idle" data-verdict="note" role="status">
          {feedback.message}
        </div>
      );
    case "pending":
      return (
        <div key={feedback.key} className="verdict verdict-pending" data-verdict="pending" role="status">
          <p className="verdict-title">{feedback.offline ? "Queued (offline)" : "Checking…"}</p>
          <p>
            {feedback.offline
              ? `${feedback.barcode} is kept on this device and sent when the connection returns.`
              : `${feedback.barcode}`}
          </p>
        </div>
      );
    case "ok":
      return (
        <div key={feedback.key} className="verdict verdict-ok" data-verdict="ok" role="status">
          <p className="verdict-title">
            <span aria-hidden="true">✓ </span>OK
          </p>
          <p className="verdict-message">{feedback.message}</p>
          <p className="verdict-meta">
            {feedback.barcode}
            {feedback.delayed ? " · sent from the queue" : ""}
            {feedback.replayed ? " · judged before" : ""}
          </p>
          <QueuedSummary run={feedback.queued} />
        </div>
      );
    case "refused":
      return (
        <div key={feedback.key} className="verdict verdict-bad" data-verdict={feedback.verdict} role="alert">
          <p className="verdict-title">
            <span aria-hidden="true">✗ </span>Refused: {verdictTitle(feedback.verdict)}
          </p>
          <p className="verdict-message">{feedback.message}</p>
          <p className="verdict-meta">
            Scanned {feedback.barcode}
            {feedback.delayed ? " (sent from the queue)" : ""}
            {feedback.replayed ? " (judged before)" : ""}. The step has not changed.
          </p>
          <QueuedSummary run={feedback.queued} />
        </div>
      );
    case "error":
      return (
        <div key={feedback.key} className="verdict verdict-bad" data-verdict="error" role="alert">
          <p className="verdict-title">
            <span aria-hidden="true">✗ </span>Not accepted
          </p>
          <p className="verdict-message">{feedback.message}</p>
          <p className="verdict-meta">Scanned {feedback.barcode}</p>
        </div>
      );
  }
}

// After the connection returns: how the queued scans fared, so an earlier refusal is not
// hidden behind the last answer.
function QueuedSummary({ run }: { run: QueuedRun }) {
  if (run.sent < 2) return null;
  return (
    <p className="verdict-meta" data-queued-sent={run.sent} data-queued-refused={run.refused}>
      <strong>
        {run.sent} queued scans sent
        {run.refused > 0 ? `, ${run.refused} refused: see Recent scans.` : ", all accepted."}
      </strong>
    </p>
  );
}

function History({ outcomes }: { outcomes: Outcome[] }) {
  if (outcomes.length === 0) return null;
  return (
    <section className="history" aria-label="Recent scans">
      <h2>Recent scans</h2>
      <ol>
        {outcomes.map((o) => {
          const verdict = o.answer?.verdict ?? "error";
          return (
            <li key={o.id} data-history-verdict={verdict} className={verdict === "ok" ? "ok" : "bad"}>
              <time dateTime={o.scan.scanned_at}>{new Date(o.scan.scanned_at).toLocaleTimeString()}</time>{" "}
              <span className="history-code">{scanText(o.scan)}</span>{" "}
              <strong>{verdict === "ok" ? "OK" : verdictTitle(verdict)}</strong>
              {o.scan.entry === "keyed" && (
                <>
                  {" "}
                  <span className="badge badge-keyed" title="Typed by hand, not scanned">
                    keyed
                  </span>
                </>
              )}
              {o.scan.reason ? ` · ${o.scan.reason}` : ""}
              {o.delayed ? " · queued" : ""}
              {o.replayed ? " · replayed" : ""}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
