// Small building blocks every screen shares: an error banner, a hook that loads one API
// resource, the page title, a not-found page and formatting. Forms are in forms.tsx.
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api, errorText } from "./api";

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      {errorText(error)}
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

const WORDS: Record<string, string> = { api: "API", csv: "CSV", sku: "SKU", qr: "QR" };

// "on_hold" → "On hold": a server's code word as text.
export function humanize(text: string | null | undefined): string {
  if (!text) return "—";
  if (WORDS[text]) return WORDS[text];
  const spaced = text.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Tally`;
  }, [title]);
}

export function NotFound({ back, backText }: { back: string; backText: string }) {
  useTitle("Page not found");
  return (
    <main className="page" id="main">
      <h1>Page not found</h1>
      <p>
        <Link to={back}>{backText}</Link>
      </p>
    </main>
  );
}
