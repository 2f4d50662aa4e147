// A pick station's asks before a scan counts: the reason of a short pick, and a supervisor's
// approval of a code typed by hand when the fulfillment settings require one.
import { api, ApiError } from "../api";
import { Field, Select, SubmitRow, useForm } from "../forms";
import { ErrorBanner } from "../ui";
import { Dialog } from "./common";
import { newScanId } from "./queue";
import { SHORT_REASONS, type ScanAnswer } from "./types";

// The short pick's reason: one of the usual ones, or the picker's own words (at most 200).
export function ShortDialog({
  bin,
  sku,
  quantity,
  onReason,
  onClose,
}: {
  bin?: string;
  sku?: string;
  quantity?: number;
  onReason: (reason: string) => void;
  onClose: () => void;
}) {
  const form = useForm({ reason: SHORT_REASONS[0].value, words: "" });
  const { reason, words } = form.values;
  const other = reason === "other";

  const submit = form.onSubmit(async () => {
    onReason(other ? words.trim() : reason);
    onClose();
  });

  return (
    <Dialog title="Short pick" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          Bin {bin ?? ""} is short of {quantity ?? ""} × {sku ?? ""}. The missing units are written off until the bin is
          counted again.
        </p>
        <Select label="Why is it short?" options={SHORT_REASONS} autoFocus {...form.select("reason")} />
        {other && <Field label="In your words" required maxLength={200} {...form.field("words")} />}
        <SubmitRow text="Report the short pick" busy={form.busy} disabled={other && !words.trim()} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function approvalError(error: unknown): unknown {
  if (error instanceof ApiError && error.status === 401) {
    return new ApiError({ ...error.problem, detail: `The supervisor's user name or password is wrong. ${error.message}` });
  }
  return error;
}

// A supervisor (manager or admin) signs off a code keyed by hand on this device. Sent at once,
// never through the queue, so the password is not kept on the device.
export function ApproveKeyedDialog({
  station,
  barcode,
  onAnswer,
  onClose,
}: {
  station: string;
  barcode: string;
  onAnswer: (answer: ScanAnswer) => void;
  onClose: () => void;
}) {
  const form = useForm({ username: "", password: "" }, approvalError);
  const { username, password } = form.values;

  const submit = form.onSubmit(async () => {
    const answer = await api<ScanAnswer>(`/api/v1/stations/${encodeURIComponent(station)}/scans`, {
      body: {
        barcode,
        entry: "keyed",
        scan_id: newScanId(),
        scanned_at: new Date().toISOString(),
        supervisor: { username: username.trim(), password },
      },
      signOutOn401: false,
    });
    onAnswer(answer);
    onClose();
  });

  return (
    <Dialog title="Supervisor approval" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          <strong>{barcode}</strong> was typed by hand. Here a supervisor (manager or admin) approves a typed code, or scan
          the label instead.
        </p>
        <ErrorBanner error={form.error} />
        <Field label="Supervisor's user name" autoComplete="off" required autoFocus {...form.field("username", "supervisor.username")} />
        <Field label="Supervisor's password" type="password" autoComplete="off" required {...form.field("password", "supervisor.password")} />
        <SubmitRow text="Approve the code" busyText="Checking…" busy={form.busy} disabled={!username || !password} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
