// Forms, the one way every screen has them: fields that show the server's reason beside
// the right input, a hook that keeps a form's values and its submission (busy, the error),
// filter forms whose values live in the URL, and the pieces around them (the error summary,
// the confirmation, the button rows).
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
} from "react";
import { useSearchParams } from "react-router-dom";
import { ApiError } from "./api";
import { ErrorBanner, humanize } from "./ui";

// ---- fields -----------------------------------------------------------------------------

type Control = { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };

// A label, the control, and under it the hint or the server's reason for `name` (an
// ApiError's field error), tied to the control by aria-describedby.
function FieldFrame({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  error?: unknown;
  hint?: ReactNode;
  children: (control: Control) => ReactNode;
}) {
  const id = useId();
  const reason = error instanceof ApiError ? error.forField(name) : undefined;
  const control: Control = {
    id,
    name,
    "aria-invalid": reason ? true : undefined,
    "aria-describedby": reason ? `${id}-error` : hint ? `${id}-hint` : undefined,
  };
  return (
    <div className={reason ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children(control)}
      {hint && !reason && (
        <small className="hint" id={`${id}-hint`}>
          {hint}
        </small>
      )}
      {reason && (
        <small className="field-error" id={`${id}-error`}>
          {label}: {reason}
        </small>
      )}
    </div>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: unknown; // an ApiError: its reason for `name` is shown under the input
  hint?: ReactNode;
};

export function Field({ label, name, error, hint, ...input }: FieldProps) {
  return (
    <FieldFrame label={label} name={name} error={error} hint={hint}>
      {(control) => <input {...control} {...input} />}
    </FieldFrame>
  );
}

type SelectProps = {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: unknown;
  hint?: ReactNode;
  autoFocus?: boolean;
};

export function Select({ label, name, value, onChange, options, error, hint, autoFocus }: SelectProps) {
  return (
    <FieldFrame label={label} name={name} error={error} hint={hint}>
      {(control) => (
        <select {...control} value={value} autoFocus={autoFocus} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function Checkbox({ label, checked, onChange, name }: { label: string; checked: boolean; onChange: (checked: boolean) => void; name?: string }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

// ---- submitting ---------------------------------------------------------------------------

export type Submission = {
  busy: boolean;
  error: unknown;
  setError: (error: unknown) => void;
  // Runs `action`: busy meanwhile, its failure kept as `error`. True when it succeeded.
  run: (action: () => Promise<unknown>) => Promise<boolean>;
};

export function useSubmit(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

type FormValues = Record<string, string | boolean>;
type KeyOf<V, T> = { [K in keyof V]: V[K] extends T ? K : never }[keyof V] & string;

// A form's values and its submission. `field("name")` and `select("name")` are the props
// that bind a Field or a Select to one value (and to the error); `check` a Checkbox.
// `shownError` reshapes the server's error before the fields see it.
export function useForm<V extends FormValues>(initial: V | (() => V), shownError?: (error: unknown) => unknown) {
  const [values, setValues] = useState<V>(initial);
  const submission = useSubmit();
  const error = shownError ? shownError(submission.error) : submission.error;
  const set = useCallback(
    <K extends keyof V>(key: K) =>
      (value: V[K]) =>
        setValues((v) => ({ ...v, [key]: value })),
    [],
  );
  const field = (key: KeyOf<V, string>, name: string = key) => ({
    name,
    value: values[key] as string,
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key)(event.target.value as V[typeof key]),
    error,
  });
  const select = (key: KeyOf<V, string>, name: string = key) => ({
    name,
    value: values[key] as string,
    onChange: (value: string) => set(key)(value as V[typeof key]),
    error,
  });
  const check = (key: KeyOf<V, boolean>) => ({
    name: key,
    checked: values[key] as boolean,
    onChange: (checked: boolean) => set(key)(checked as V[typeof key]),
  });
  // The form's onSubmit: runs `action` with the values as they are.
  const onSubmit = (action: (values: V) => Promise<unknown>) => (event: FormEvent) => {
    event.preventDefault();
    void submission.run(() => action(values));
  };
  return { ...submission, error, values, setValues, set, field, select, check, onSubmit };
}

// A filter form over the URL's query: edits stay in the form until it is submitted, the
// submitted values are the URL's (so a filtered list is a deep link), and back and forward
// bring the URL's values back into the form.
export function useQueryForm<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const applied = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, new URLSearchParams(query).get(k) ?? ""])) as Record<K, string>,
    [keys, query],
  );
  const [draft, setDraft] = useState(applied);
  // A new URL (submitted, back or forward) brings its values into the form. Adjusted while
  // rendering, not in an effect: an effect runs after the page is shown, and would undo what
  // a quick hand (or a scanner) changed in the form meanwhile.
  const [shown, setShown] = useState(query);
  if (shown !== query) {
    setShown(query);
    setDraft(applied);
  }
  const set = (key: K) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const k of keys) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  };
  const field = (key: K) => ({
    name: key,
    value: draft[key],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key)(event.target.value),
  });
  const select = (key: K) => ({ name: key, value: draft[key], onChange: set(key) });
  const filtered = keys.some((k) => applied[k]);
  return { applied, draft, set, submit, field, select, filtered };
}

// ---- around the fields --------------------------------------------------------------------

// A form's error: field reasons sit beside their inputs (Field/Select with error=), so the
// banner only points at them and spells out whatever has no input of its own.
export function FormErrors({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (error instanceof ApiError && error.problem.errors?.length) {
    const rest = error.problem.errors.filter(
      (e) => !fields.some((f) => e.field === f || e.field.startsWith(f + ".") || e.field.startsWith(f + "/")),
    );
    return (
      <div className="banner banner-error" role="alert">
        {error.message}{" "}
        {rest.length === 0
          ? "See the marked fields."
          : `${rest.map((e) => `${humanize(e.field)} ${e.reason}`).join("; ")}.`}
      </div>
    );
  }
  return <ErrorBanner error={error} />;
}

// What an action did. The status region is there while empty too: screen readers read a
// status when its text changes, not always when it arrives with its text.
export function Notice({ text }: { text: string | null }) {
  return (
    <div role="status" className="notice">
      {text && <div className="banner banner-ok">{text}</div>}
    </div>
  );
}

// The submit button (saying `busyText` while busy) and, with onCancel, a way back.
export function SubmitRow({
  text,
  busyText,
  busy,
  disabled,
  danger,
  wide,
  onCancel,
  cancelText = "Cancel",
  children,
}: {
  text: string;
  busyText?: string;
  busy: boolean;
  disabled?: boolean;
  danger?: boolean;
  wide?: boolean; // across a form-grid
  onCancel?: () => void;
  cancelText?: string;
  children?: ReactNode;
}) {
  return (
    <div className={wide ? "form-wide button-row" : "button-row"}>
      <button type="submit" className={danger ? "danger" : "primary"} disabled={busy || disabled}>
        {busy && busyText ? busyText : text}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {cancelText}
        </button>
      )}
      {children}
    </div>
  );
}

// A bar of filters (or one short form) over a list, its button at the end.
export function FilterBar({
  label,
  onSubmit,
  submit,
  search = true,
  disabled,
  extra,
  children,
}: {
  label: string;
  onSubmit: (event: FormEvent) => void;
  submit: string;
  search?: boolean; // a search form (role=search) rather than one that changes data
  disabled?: boolean;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form className="filters" onSubmit={onSubmit} role={search ? "search" : undefined} noValidate={!search} aria-label={label}>
      {children}
      <div className="filter-actions">
        <button type="submit" className="primary" disabled={disabled}>
          {submit}
        </button>
        {extra}
      </div>
    </form>
  );
}

// A form below a list, for a new item or the one being edited; its heading names the
// section. Field errors sit beside their fields, the rest above them.
export function GridForm({
  title,
  onSubmit,
  error,
  fields,
  ref,
  children,
}: {
  title: string;
  onSubmit: (event: FormEvent) => void;
  error: unknown;
  fields: readonly string[];
  ref?: Ref<HTMLElement>;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section ref={ref} className="form-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <form className="form-grid" onSubmit={onSubmit} noValidate aria-labelledby={id}>
        <div className="form-wide">
          <FormErrors error={error} fields={fields} />
        </div>
        {children}
      </form>
    </section>
  );
}

// A button whose action is asked again in place ("Revoke…" → "Yes, revoke" / "Keep"). The
// keyboard goes along: to the confirmation, and back to the button when kept.
export function ConfirmButton({
  text,
  confirm,
  keep = "Keep",
  label,
  small,
  onConfirm,
}: {
  text: string;
  confirm: string;
  keep?: string;
  label?: string; // the first button's accessible name, when its text alone is too short
  small?: boolean;
  onConfirm: () => Promise<boolean>; // true: done, stop asking
}) {
  const [asking, setAsking] = useState(false);
  const asked = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (asked.current) button.current?.focus();
    asked.current = asking;
  }, [asking]);
  const size = small ? "small-button" : undefined;

  if (!asking) {
    return (
      <button type="button" ref={button} className={size} onClick={() => setAsking(true)} aria-label={label}>
        {text}
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        ref={yes}
        className={small ? "danger small-button" : "danger"}
        onClick={async () => {
          if (await onConfirm()) setAsking(false);
        }}
      >
        {confirm}
      </button>{" "}
      <button type="button" className={size} onClick={() => setAsking(false)}>
        {keep}
      </button>
    </>
  );
}
