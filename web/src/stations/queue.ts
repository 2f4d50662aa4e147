// The device's scan queue. Every scan gets a scan_id and its scan time, is written to
// localStorage first and then sent; it leaves the queue only once the server has answered
// it. Scans go out one at a time, oldest first, so a station sees them in the order they
// were made. When the device is offline (or Tally cannot be reached) they wait and are sent
// when the connection returns; a retry of a scan the server already judged is safe, since
// the same scan_id replays the first answer and changes nothing.
import { ApiError, NetworkError, request } from "../api";
import type { ScanAnswer } from "./types";

export type QueuedScan = {
  scan_id: string;
  station: string;
  user: string; // who scanned: only their session sends it
  barcode?: string;
  weight_g?: number;
  entry?: "keyed"; // typed by hand (a scan when absent)
  reason?: string; // a short pick's reason
  scanned_at: string; // ISO 8601, when it was scanned
  queued_at: number; // ms since the epoch
  tries: number; // failed attempts to send it
  held?: boolean; // it could not be sent at once
  error?: string; // why the last attempt failed
};

// What became of one scan: judged (answer) or refused as a request (error, 4xx).
export type Outcome = {
  id: number;
  scan: QueuedScan;
  at: number;
  delayed: boolean; // it waited in the queue before it was judged
  replayed: boolean; // the server had judged it already (Idempotent-Replayed)
  answer?: ScanAnswer;
  error?: string;
  status?: number;
};

export type QueueSnapshot = {
  items: QueuedScan[];
  online: boolean; // the browser is online and the last request reached Tally
  browserOnline: boolean;
  sending: string | null; // the scan_id in flight
  user: string | null; // whose scans are being sent
  outcomes: Outcome[]; // newest first, this page's life only
};

const STORAGE_KEY = "tally.stations.queue.v1";
const MAX_OUTCOMES = 40;

function readStored(): QueuedScan[] {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed)
      ? parsed.filter(
          (s): s is QueuedScan =>
            typeof s === "object" && s !== null && typeof s.scan_id === "string" && typeof s.station === "string",
        )
      : [];
  } catch {
    return [];
  }
}

// crypto.randomUUID needs a secure context; a station on plain http on the LAN still has
// getRandomValues.
export function newScanId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Listener = () => void;
type OutcomeListener = (outcome: Outcome) => void;

class ScanQueue {
  private items: QueuedScan[] = readStored();
  private reachable = true;
  private browserOnline = typeof navigator === "undefined" ? true : navigator.onLine;
  private sending: string | null = null;
  private outcomes: Outcome[] = [];
  private user: string | null = null;
  private flushing = false;
  private retryTimer: number | undefined;
  private nextOutcomeId = 1;
  private listeners = new Set<Listener>();
  private outcomeListeners = new Set<OutcomeListener>();
  private snapshot: QueueSnapshot = this.makeSnapshot();

  constructor() {
    if (typeof window === "undefined") return;
    window.addEventListener("online", () => {
      this.browserOnline = true;
      this.reachable = true;
      this.changed();
      void this.flush();
    });
    window.addEventListener("offline", () => {
      this.browserOnline = false;
      this.changed();
    });
    // Another tab of this device changed the queue.
    window.addEventListener("storage", (event) => {
      if (event.key !== STORAGE_KEY) return;
      this.items = readStored();
      this.changed();
    });
  }

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => this.snapshot;

  onOutcome(listener: OutcomeListener) {
    this.outcomeListeners.add(listener);
    return () => {
      this.outcomeListeners.delete(listener);
    };
  }

  // The signed-in user: their queued scans are sent, nobody else's.
  setUser(username: string | null) {
    this.user = username;
    this.changed();
    void this.flush();
  }

  // Other requests of the station screens report whether they reached Tally.
  reportNetwork(reached: boolean) {
    if (this.reachable === reached) return;
    this.reachable = reached;
    this.changed();
    if (reached) void this.flush();
    else this.scheduleRetry(1);
  }

  get isOnline() {
    return this.browserOnline && this.reachable;
  }

  // Queues one scan (a barcode, a weight or both) and starts sending.
  add(station: string, scan: { barcode?: string; weight_g?: number; entry?: "keyed"; reason?: string }): QueuedScan {
    const item: QueuedScan = {
      scan_id: newScanId(),
      station,
      user: this.user ?? "",
      ...scan,
      scanned_at: new Date().toISOString(),
      queued_at: Date.now(),
      tries: 0,
      held: !this.isOnline || this.items.some((i) => i.user === this.user && i.held),
    };
    this.items = [...this.items, item];
    this.save();
    this.changed();
    void this.flush();
    return item;
  }

  // Drops a waiting scan (never the one in flight): the user decided it should not count.
  discard(scanId: string) {
    if (this.sending === scanId) return;
    this.items = this.items.filter((i) => i.scan_id !== scanId);
    this.save();
    this.changed();
  }

  retryNow() {
    this.reachable = true;
    this.changed();
    void this.flush();
  }

  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        if (!this.browserOnline || this.user === null) return;
        const head = this.items.find((i) => i.user === this.user);
        if (!head) return;
        this.sending = head.scan_id;
        this.changed();
        const result = await this.send(head);
        this.sending = null;
        if (result === "stop") {
          this.changed();
          return;
        }
      }
    } finally {
      this.sending = null;
      this.flushing = false;
      this.changed();
    }
  }

  // Sends one scan: "next" when the server answered (the scan leaves the queue), "stop"
  // when it must wait.
  private async send(scan: QueuedScan): Promise<"next" | "stop"> {
    const body: Record<string, unknown> = {
      scan_id: scan.scan_id,
      scanned_at: scan.scanned_at,
    };
    if (scan.barcode !== undefined) body.barcode = scan.barcode;
    if (scan.weight_g !== undefined) body.weight_g = scan.weight_g;
    if (scan.entry !== undefined) body.entry = scan.entry;
    if (scan.reason !== undefined) body.reason = scan.reason;
    const delayed = Boolean(scan.held) || scan.tries > 0;
    try {
      const response = await request<ScanAnswer>(
        `/api/v1/stations/${encodeURIComponent(scan.station)}/scans`,
        { body },
      );
      this.reachable = true;
      this.remove(scan.scan_id);
      this.emit({
        scan,
        delayed,
        replayed: response.headers.get("Idempotent-Replayed") === "true",
        answer: response.data,
      });
      return "next";
    } catch (error) {
      if (error instanceof NetworkError) {
        this.reachable = false;
        this.update(scan.scan_id, { tries: scan.tries + 1, held: true, error: error.message });
        this.scheduleRetry(scan.tries + 1);
        return "stop";
      }
      if (error instanceof ApiError) {
        this.reachable = true;
        const status = error.status;
        if (status === 401) {
          // Signed out: the scan waits for the user to sign in again.
          this.update(scan.scan_id, { held: true, error: error.readable });
          return "stop";
        }
        if (status >= 500 || status === 408 || status === 429) {
          // Not judged: try again later.
          this.update(scan.scan_id, { tries: scan.tries + 1, held: true, error: error.readable });
          this.scheduleRetry(scan.tries + 1);
          return "stop";
        }
        // A 4xx: answered, but not a scan the server could judge (malformed, no such
        // station, another warehouse's station). Sending it again would not help.
        this.remove(scan.scan_id);
        this.emit({ scan, delayed, replayed: false, error: error.readable, status });
        return "next";
      }
      // Anything else is a bug of ours; keep the scan and show why.
      this.update(scan.scan_id, { tries: scan.tries + 1, held: true, error: String(error) });
      this.scheduleRetry(scan.tries + 1);
      return "stop";
    }
  }

  private scheduleRetry(tries: number) {
    window.clearTimeout(this.retryTimer);
    const delay = Math.min(15_000, 2_000 * 2 ** Math.max(0, Math.min(tries, 4) - 1));
    this.retryTimer = window.setTimeout(() => {
      if (this.items.length > 0) void this.flush();
      else if (!this.reachable) this.probe();
    }, delay);
  }

  // Nothing queued but Tally was unreachable: a light request finds out when it is back.
  private probe() {
    if (!this.browserOnline) return;
    fetch("/health", { cache: "no-store" })
      .then((r) => this.reportNetwork(r.ok || r.status < 500))
      .catch(() => this.scheduleRetry(4));
  }

  private remove(scanId: string) {
    this.items = this.items.filter((i) => i.scan_id !== scanId);
    this.save();
  }

  private update(scanId: string, change: Partial<QueuedScan>) {
    this.items = this.items.map((i) => (i.scan_id === scanId ? { ...i, ...change } : i));
    this.save();
  }

  private emit(outcome: Omit<Outcome, "id" | "at">) {
    const full: Outcome = { ...outcome, id: this.nextOutcomeId++, at: Date.now() };
    this.outcomes = [full, ...this.outcomes].slice(0, MAX_OUTCOMES);
    this.changed();
    for (const listener of this.outcomeListeners) listener(full);
  }

  private save() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.items));
    } catch {
      // Storage full or disabled: the scans still live in memory until sent.
    }
  }

  private makeSnapshot(): QueueSnapshot {
    return {
      items: this.items,
      online: this.browserOnline && this.reachable,
      browserOnline: this.browserOnline,
      sending: this.sending,
      user: this.user,
      outcomes: this.outcomes,
    };
  }

  private changed() {
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }
}

export const scanQueue = new ScanQueue();
