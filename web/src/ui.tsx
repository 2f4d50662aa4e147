// Small building blocks every screen shares: form fields that show the server's reason
// beside the right input, an error banner, and a hook that loads one API resource.
import { useCallback, useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { api, ApiError, errorText } from "./api";

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      {errorText(error)}
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
  const id = useId();
  const reason = error instanceof ApiError ? error.forField(name) : undefined;
  return (
    <div className={reason ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={reason ? true : undefined}
        aria-describedby={reason ? `${id}-error` : undefined}
        {...input}
      />
      {hint && !reason && <small className="hint">{hint}</small>}
      {reason && (
        <small className="field-error" id={`${id}-error`}>
          {label}: {reason}
        </small>
      )}
    </div>
  );
}

type SelectProps = {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: unknown;
};

export function Select({ label, name, value, onChange, options, error }: SelectProps) {
  const id = useId();
  const reason = error instanceof ApiError ? error.forField(name) : undefined;
  return (
    <div className={reason ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={reason ? true : undefined}
        aria-describedby={reason ? `${id}-error` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {reason && (
        <small className="field-error" id={`${id}-error`}>
          {label}: {reason}
        </small>
      )}
    </div>
  );
}

export type Resource<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
};

// Loads `path` (GET) and again whenever it changes or reload() is called.
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    api<T>(path, { signal: controller.signal })
      .then((value) => {
        setData(value);
        setError(null);
      })
      .catch((e) => {
        if (!(e instanceof DOMException && e.name === "AbortError")) setError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}

export function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
