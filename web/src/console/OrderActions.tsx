// An order's actions by its status and the user's role: hold, lift the hold, release to
// picking, flag an exception, cancel; each asks for its reason first.
import { useRef, useState, type FormEvent } from "react";
import { api } from "../api";
import { Field, FormErrors, Notice, Select, SubmitRow, useSubmit } from "../forms";
import { isManager, useSession } from "../session";
import { ErrorBanner, humanize } from "../ui";
import { canTakeOrders } from "./common";

const HOLDABLE = ["received", "allocated", "backordered", "released", "exception"];
const CANCELLABLE = ["received", "allocated", "backordered", "on_hold", "released", "exception"];
const EXCEPTIONABLE = ["received", "allocated", "backordered", "on_hold", "released", "picking", "picked", "packing", "packed", "staged", "shipped"];
const HOLD_REASONS = ["manual", "address_check", "fraud", "payment"];

type ActionForm = null | "hold" | "unhold" | "cancel" | "exception";

export function OrderActions({ order, onChanged }: { order: { id: number; status: string }; onChanged: () => void }) {
  const { me } = useSession();
  const [form, setForm] = useState<ActionForm>(null);
  const [reason, setReason] = useState("manual");
  const [text, setText] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);

  const takes = canTakeOrders(me?.role);
  const manages = isManager(me?.role);
  const status = order.status;
  const can = {
    hold: takes && HOLDABLE.includes(status),
    unhold: takes && status === "on_hold",
    release: manages && status === "allocated",
    cancel: takes && CANCELLABLE.includes(status),
    exception: manages && EXCEPTIONABLE.includes(status),
  };
  const any = Object.values(can).some(Boolean);

  // When a form closes, the keyboard goes back to the actions (its button is gone).
  const close = () => {
    setForm(null);
    requestAnimationFrame(() => heading.current?.focus());
  };

  const show = (next: ActionForm) => {
    if (next) setForm(next);
    else close();
    setError(null);
    setDone(null);
    setText("");
    setReason("manual");
  };

  const act = (action: string, body: Record<string, string> | undefined, message: string) => {
    setDone(null);
    return run(async () => {
      await api(`/api/v1/orders/${order.id}/${action}`, { method: "POST", body: body ?? {} });
      close();
      setDone(message);
      onChanged();
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form === "hold") void act("hold", { reason, note: text }, "The order is on hold.");
    if (form === "unhold") void act("unhold", { note: text }, "The hold is lifted.");
    if (form === "cancel") void act("cancel", { reason: text }, "The order is cancelled; its stock is free again.");
    if (form === "exception") void act("exception", { reason: text }, "The order is flagged as an exception.");
  };

  return (
    <section className="card" aria-labelledby="order-actions">
      <h2 id="order-actions" ref={heading} tabIndex={-1}>
        Actions
      </h2>
      <Notice text={done} />
      {!form && <ErrorBanner error={error} />}
      {!any && <p className="muted">No actions for a {humanize(status).toLowerCase()} order{takes ? "" : " with your role"}.</p>}
      {!form && any && (
        <div className="button-row">
          {can.hold && (
            <button type="button" onClick={() => show("hold")}>
              Hold…
            </button>
          )}
          {can.unhold && (
            <button type="button" onClick={() => show("unhold")}>
              Lift hold…
            </button>
          )}
          {can.release && (
            <button type="button" className="primary" disabled={busy} onClick={() => act("release", undefined, "Released to the pick queue.")}>
              Release to picking
            </button>
          )}
          {can.exception && (
            <button type="button" onClick={() => show("exception")}>
              Flag exception…
            </button>
          )}
          {can.cancel && (
            <button type="button" className="danger" onClick={() => show("cancel")}>
              Cancel order…
            </button>
          )}
        </div>
      )}
      {form && (
        <form onSubmit={submit} noValidate aria-label={`${humanize(form)} the order`}>
          <FormErrors error={error} fields={["reason", "note"]} />
          {form === "hold" && (
            <Select
              label="Hold reason"
              name="reason"
              value={reason}
              onChange={setReason}
              options={HOLD_REASONS.map((r) => ({ value: r, label: humanize(r) }))}
              error={error}
              autoFocus
            />
          )}
          <Field
            label={form === "hold" || form === "unhold" ? "Note (optional)" : form === "cancel" ? "Reason (optional)" : "Reason"}
            name={form === "hold" || form === "unhold" ? "note" : "reason"}
            value={text}
            autoFocus={form !== "hold"}
            required={form === "exception"}
            onChange={(e) => setText(e.target.value)}
            error={error}
          />
          <SubmitRow
            text={form === "hold" ? "Put on hold" : form === "unhold" ? "Lift hold" : form === "cancel" ? "Cancel the order" : "Flag exception"}
            danger={form === "cancel"}
            busy={busy}
            onCancel={() => show(null)}
            cancelText="Back"
          />
        </form>
      )}
    </section>
  );
}
