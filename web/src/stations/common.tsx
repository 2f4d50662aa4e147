// Pieces every station screen shares: the queue's state as a hook, the connection banner,
// the list of scans waiting to be sent, and a modal dialog.
import {
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
} from "react";
import { scanQueue, type QueueSnapshot } from "./queue";

export function useQueue(): QueueSnapshot {
  return useSyncExternalStore(scanQueue.subscribe, scanQueue.getSnapshot, scanQueue.getSnapshot);
}

// Says at once when the device is offline or Tally cannot be reached.
export function ConnectionBanner({ pending }: { pending: number }) {
  const queue = useQueue();
  if (queue.online) return null;
  return (
    <div className="connection-banner" role="alert" data-network="offline">
      <strong>{queue.browserOnline ? "Tally cannot be reached." : "Offline: no network connection."}</strong>{" "}
      Scans are kept on this device and sent in order when the connection returns
      {pending > 0 ? ` (${pending} waiting).` : "."}
      {queue.browserOnline && (
        <button type="button" onClick={() => scanQueue.retryNow()}>
          Try again now
        </button>
      )}
    </div>
  );
}

// The scans of this station still waiting for the server's answer. A scan on its way that
// is answered at once is not listed (no flicker at every scan); one that takes over a second
// or had to wait is.
export function PendingScans({ station }: { station: string }) {
  const queue = useQueue();
  const [slow, setSlow] = useState<string | null>(null);
  useEffect(() => {
    const sending = queue.sending;
    if (!sending) return;
    const timer = window.setTimeout(() => setSlow(sending), 1000);
    return () => window.clearTimeout(timer);
  }, [queue.sending]);
  const items = queue.items.filter((i) => i.station === station);
  const shown = items.filter((i) => i.held || i.scan_id !== queue.sending || slow === i.scan_id);
  return (
    <section
      className="pending"
      aria-label="Scans waiting to be sent"
      data-pending={items.length}
      hidden={shown.length === 0}
    >
      <h2>
        {items.length} scan{items.length === 1 ? "" : "s"} pending
      </h2>
      <ol>
        {items.map((item) => (
          <li key={item.scan_id} data-scan-id={item.scan_id}>
            <span className="pending-code">
              {item.barcode || ""}
              {item.weight_g !== undefined ? ` ${item.weight_g} g` : ""}
            </span>{" "}
            <span className="pending-state">
              {item.scan_id === queue.sending
                ? "sending…"
                : queue.user !== null && item.user !== queue.user
                  ? `scanned by ${item.user || "someone else"}: sent when they sign in`
                  : queue.online
                    ? "waiting"
                    : "queued until online"}
              {item.error && item.scan_id !== queue.sending ? ` (${item.error})` : ""}
            </span>{" "}
            {item.scan_id !== queue.sending && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  if (window.confirm(`Discard the scan ${item.barcode ?? ""}? It will not be sent.`)) {
                    scanQueue.discard(item.scan_id);
                  }
                }}
              >
                Discard
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

// A modal dialog (the browser's <dialog>: focus stays inside, Esc closes it).
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  return (
    <dialog ref={ref} className="station-dialog" aria-labelledby={id} onClose={onClose}>
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}

// The scan field and the weight field: a scanner or a scale types into it and sends Enter.
// `note` under it is a hint, or with `invalid` what was wrong.
export function DeviceField({
  label,
  button,
  note,
  invalid,
  inputRef,
  extra,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  button: string;
  note?: ReactNode;
  invalid?: boolean;
  inputRef: Ref<HTMLInputElement>;
  extra?: ReactNode;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="scan-row">
        <input
          id={id}
          ref={inputRef}
          autoComplete="off"
          enterKeyHint="send"
          aria-invalid={invalid ? true : undefined}
          aria-describedby={note ? `${id}-note` : undefined}
          {...input}
        />
        <button type="submit" className="primary">
          {button}
        </button>
        {extra}
      </div>
      {note && (
        <small className={invalid ? "field-error" : "hint"} id={`${id}-note`}>
          {note}
        </small>
      )}
    </>
  );
}

// A long number (an SSCC) in groups of four digits, easier to read and compare.
export function groupDigits(text: string): string {
  return /^\d{10,}$/.test(text) ? text.replace(/(\d{4})(?=\d)/g, "$1 ") : text;
}
