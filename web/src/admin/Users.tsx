// Users and their roles, and API tokens (whose secret is shown once, right after creation).
import { useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../api";
import { useSession } from "../session";
import { ErrorBanner, Field, formatTime, Select, useResource } from "../ui";
import {
  Checkbox,
  EmptyRow,
  FormErrors,
  humanize,
  LoadMore,
  Notice,
  usePaged,
  useTitle,
  useWarehouses,
  warehouseOptions,
} from "../console/common";

type User = {
  id: number;
  username: string;
  role: string;
  warehouse: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
};

const ROLES = ["admin", "manager", "picker", "packer", "loader", "receiver", "support", "viewer"];
const ROLE_HINTS: Record<string, string> = {
  admin: "everything, including users and settings",
  manager: "orders, stock, stations and reports",
  picker: "picks at pick stations",
  packer: "packs at pack stations",
  loader: "loads trailers",
  receiver: "receives stock",
  support: "takes and holds orders",
  viewer: "reads everything, changes nothing",
};

export function UsersPage() {
  useTitle("Users");
  const { me } = useSession();
  const users = usePaged<User>("/api/v1/users?limit=100");
  const [editing, setEditing] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLElement>(null);

  const edit = (user: User) => {
    setEditing(user);
    setNotice(null);
    requestAnimationFrame(() => {
      formRef.current?.scrollIntoView({ block: "start" });
      formRef.current?.querySelector<HTMLElement>("select, input")?.focus();
    });
  };

  return (
    <>
      <h2>Users</h2>
      <Notice text={notice} />
      <ErrorBanner error={users.error} />
      <table aria-busy={users.loading}>
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Warehouse</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.items.length === 0 ? (
            <EmptyRow columns={6} loading={users.loading}>
              No users.
            </EmptyRow>
          ) : (
            users.items.map((u) => (
              <tr key={u.id}>
                <td>
                  <strong>{u.username}</strong>
                  {u.username === me?.username && <span className="muted small"> (you)</span>}
                </td>
                <td>{humanize(u.role)}</td>
                <td>{u.warehouse ?? "All"}</td>
                <td>{u.active ? <span className="badge badge-ok">Active</span> : <span className="badge badge-neutral">Disabled</span>}</td>
                <td>{formatTime(u.created_at)}</td>
                <td className="actions">
                  <button type="button" className="small-button" onClick={() => edit(u)} aria-label={`Edit ${u.username}`}>
                    Edit
                  </button>{" "}
                  <Link to={`/admin/tokens?user=${encodeURIComponent(u.username)}`} aria-label={`API tokens of ${u.username}`}>
                    Tokens
                  </Link>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <LoadMore list={users} noun="users" />
      <section ref={formRef} aria-labelledby="user-form-title" className="form-section">
        {editing ? (
          <EditUser
            key={editing.username}
            user={editing}
            onDone={(message) => {
              setEditing(null);
              if (message) setNotice(message);
              users.reload();
            }}
          />
        ) : (
          <NewUser
            onCreated={(user) => {
              setNotice(`User ${user.username} is created as ${user.role}.`);
              users.reload();
            }}
          />
        )}
      </section>
    </>
  );
}

function NewUser({ onCreated }: { onCreated: (user: User) => void }) {
  const warehouses = useWarehouses();
  const [values, setValues] = useState({ username: "", password: "", role: "picker", warehouse: "" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await api<User>("/api/v1/users", {
        body: {
          username: values.username.trim(),
          password: values.password,
          role: values.role,
          warehouse: values.warehouse || undefined,
        },
      });
      setValues({ username: "", password: "", role: values.role, warehouse: values.warehouse });
      onCreated(user);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="user-form-title">New user</h2>
      <form className="form-grid" onSubmit={submit} noValidate aria-labelledby="user-form-title">
        <div className="form-wide">
          <FormErrors error={error} fields={["username", "password", "role", "warehouse"]} />
        </div>
        <Field label="User name" name="username" autoComplete="off" value={values.username} onChange={(e) => set("username")(e.target.value)} error={error} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => set("password")(e.target.value)}
          error={error}
          hint="At least 8 characters"
        />
        <Select
          label="Role"
          name="role"
          value={values.role}
          onChange={set("role")}
          options={ROLES.map((r) => ({ value: r, label: `${humanize(r)} — ${ROLE_HINTS[r]}` }))}
          error={error}
        />
        <Select
          label="Warehouse"
          name="warehouse"
          value={values.warehouse}
          onChange={set("warehouse")}
          options={warehouseOptions(warehouses.data?.items, "All warehouses")}
          error={error}
        />
        <div className="form-wide">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Creating…" : "Create user"}
          </button>
        </div>
      </form>
    </>
  );
}

function EditUser({ user, onDone }: { user: User; onDone: (message: string | null) => void }) {
  const warehouses = useWarehouses();
  const [role, setRole] = useState(user.role);
  const [warehouse, setWarehouse] = useState(user.warehouse ?? "");
  const [active, setActive] = useState(user.active);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api<User>(`/api/v1/users/${encodeURIComponent(user.username)}`, {
        method: "PATCH",
        body: { role, warehouse: warehouse || null, active, password: password || undefined },
      });
      onDone(`User ${user.username} is saved.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="user-form-title">Edit {user.username}</h2>
      <form className="form-grid" onSubmit={submit} noValidate aria-labelledby="user-form-title">
        <div className="form-wide">
          <FormErrors error={error} fields={["role", "warehouse", "active", "password"]} />
        </div>
        <Select label="Role" name="role" value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: `${humanize(r)} — ${ROLE_HINTS[r]}` }))} error={error} />
        <Select
          label="Warehouse"
          name="warehouse"
          value={warehouse}
          onChange={setWarehouse}
          options={warehouseOptions(warehouses.data?.items, "All warehouses")}
          error={error}
        />
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error}
          hint="Leave empty to keep the current one"
        />
        <Checkbox label="Active (may sign in)" name="active" checked={active} onChange={setActive} />
        <div className="form-wide button-row">
          <button type="submit" className="primary" disabled={busy}>
            Save {user.username}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}

// ---- API tokens -------------------------------------------------------------------------------

type Token = { id: number; user: string; name: string; prefix: string; created_at: string; revoked_at: string | null };

export function TokensPage() {
  useTitle("API tokens");
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const users = usePaged<User>("/api/v1/users?limit=500");
  const username = params.get("user") ?? me?.username ?? "";
  const tokens = useResource<{ items: Token[] }>(username ? `/api/v1/users/${encodeURIComponent(username)}/tokens` : null);
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const userOptions = users.items.map((u) => ({ value: u.username, label: `${u.username} (${u.role})` }));
  if (username && !userOptions.some((o) => o.value === username)) userOptions.unshift({ value: username, label: username });

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    setCopied(false);
    try {
      const created = await api<Token & { token: string }>(`/api/v1/users/${encodeURIComponent(username)}/tokens`, {
        body: { name: name.trim() },
      });
      setSecret({ token: created.token, name: created.name || created.prefix });
      setName("");
      tokens.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: Token) => {
    setError(null);
    try {
      await api(`/api/v1/tokens/${token.id}`, { method: "DELETE" });
      setRevoking(null);
      setNotice(`Token ${token.name || token.prefix} is revoked.`);
      tokens.reload();
    } catch (e) {
      setError(e);
    }
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <>
      <h2>API tokens</h2>
      <p className="muted">Tokens let scripts and integrations call the API as a user. Send one as “Authorization: Bearer …”.</p>
      <div className="filters">
        <Select
          label="User"
          name="user"
          value={username}
          onChange={(value) => {
            setSecret(null);
            setNotice(null);
            setParams({ user: value });
          }}
          options={userOptions}
        />
      </div>
      {secret && (
        <div className="banner banner-ok secret" role="status">
          <p>
            <strong>Token “{secret.name}” is created.</strong> Copy it now: it is shown only this once.
          </p>
          <p>
            <code className="token-secret" data-testid="token-secret">
              {secret.token}
            </code>
          </p>
          <div className="button-row">
            <button type="button" onClick={copy}>
              {copied ? "Copied" : "Copy token"}
            </button>
            <button type="button" onClick={() => setSecret(null)}>
              I have stored it — hide it
            </button>
          </div>
        </div>
      )}
      <Notice text={notice} />
      <ErrorBanner error={tokens.error} />
      <table aria-busy={tokens.loading}>
        <caption className="visually-hidden">API tokens of {username}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Starts with</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(tokens.data?.items ?? []).length === 0 ? (
            <EmptyRow columns={5} loading={tokens.loading && !tokens.data}>
              {username} has no API tokens.
            </EmptyRow>
          ) : (
            tokens.data!.items.map((t) => (
              <tr key={t.id}>
                <td>{t.name || <span className="muted">unnamed</span>}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{formatTime(t.created_at)}</td>
                <td>
                  {t.revoked_at ? (
                    <span className="badge badge-neutral">Revoked {formatTime(t.revoked_at)}</span>
                  ) : (
                    <span className="badge badge-ok">Active</span>
                  )}
                </td>
                <td className="actions">
                  {!t.revoked_at &&
                    (revoking === t.id ? (
                      <>
                        <button type="button" className="danger small-button" onClick={() => revoke(t)}>
                          Yes, revoke
                        </button>{" "}
                        <button type="button" className="small-button" onClick={() => setRevoking(null)}>
                          Keep
                        </button>
                      </>
                    ) : (
                      <button type="button" className="small-button" onClick={() => setRevoking(t.id)} aria-label={`Revoke token ${t.name || t.prefix}`}>
                        Revoke…
                      </button>
                    ))}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <section aria-labelledby="token-form-title" className="form-section">
        <h2 id="token-form-title">New token for {username}</h2>
        <form className="filters" onSubmit={create} noValidate aria-labelledby="token-form-title">
          <Field label="Token name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={error} hint="What uses it, such as “shop sync”" />
          <div className="filter-actions">
            <button type="submit" className="primary" disabled={busy || !username}>
              Create token
            </button>
          </div>
        </form>
        <FormErrors error={error} fields={["name"]} />
      </section>
    </>
  );
}
