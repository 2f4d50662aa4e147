// The one way the app talks to Tally: JSON over /api/v1 with the session cookie. Failures
// arrive as RFC 9457 problem+json and become an ApiError that knows its field errors.

export type FieldError = { field: string; reason: string };

export type Problem = {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
};

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `Request failed with status ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
  }

  // The reason given for one field (for the message beside that field), if any.
  forField(field: string): string | undefined {
    // Nested fields are named "supervisor/username" (or "lines[0]/sku").
    return this.problem.errors?.find(
      (e) =>
        e.field === field ||
        e.field.startsWith(field + "/") ||
        e.field.startsWith(field + ".") ||
        e.field.startsWith(field + "["),
    )?.reason;
  }

  // A sentence naming every field error, for places that have no field to sit beside.
  get readable(): string {
    const fields = (this.problem.errors ?? []).map((e) => `${e.field} ${e.reason}`);
    return fields.length > 0 ? `${this.message} ${fields.join("; ")}.` : this.message;
  }
}

// Thrown when the server could not be reached at all (offline, server down).
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("Tally cannot be reached. Check the network connection.");
    this.cause = cause;
  }
}

export type RequestOptions = {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  // A 401 normally means the session ended, and the app goes back to sign-in. Off where a
  // 401 is about other credentials in the body (a supervisor's password at an override).
  signOutOn401?: boolean;
};

export type ApiResponse<T> = { data: T; status: number; headers: Headers };

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === "string") {
      body = options.body;
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new NetworkError(error);
  }
  const type = response.headers.get("Content-Type") ?? "";
  const text = await response.text();
  const parsed = type.includes("json") && text.length > 0 ? JSON.parse(text) : text;
  if (!response.ok) {
    const problem: Problem =
      typeof parsed === "object" && parsed !== null
        ? { status: response.status, ...(parsed as Omit<Problem, "status">) }
        : { status: response.status, detail: String(parsed) || response.statusText };
    if (response.status === 401 && options.signOutOn401 !== false && !path.endsWith("/sessions")) {
      window.dispatchEvent(new CustomEvent("tally:signed-out"));
    }
    throw new ApiError(problem);
  }
  return { data: parsed as T, status: response.status, headers: response.headers };
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).data;
}

// A list page of any collection: `{items, next_cursor}`.
export type Page<T> = { items: T[]; next_cursor?: string | null };

// Builds "path?key=value&..." from the defined, non-empty values.
export function withQuery(path: string, query: Record<string, string | number | undefined | null>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.readable;
  if (error instanceof Error) return error.message;
  return String(error);
}
