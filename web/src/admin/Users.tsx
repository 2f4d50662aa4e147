// Users and their roles, and API tokens (whose secret is shown once, right after creation).
import { useState, type Ref } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../api";
import { Checkbox, ConfirmButton, Field, FilterBar, FormErrors, GridForm, Notice, Select, SubmitRow, useForm, useSubmit } from "../forms";
import { useSession } from "../session";
import { ErrorBanner, formatTime, humanize, useResource, useTitle } from "../ui";
import { ACTIONS, LoadMore, Table, useEditing, usePaged, useWarehouses, warehouseOptions } from "../console/common";

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
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: `${humanize(r)} — ${ROLE_HINTS[r]}` }));

export function UsersPage() {
  useTitle("Users");
  const { me } = useSession();
  const users = usePaged<User>("/api/v1/users?limit=100");
  const editor = useEditing<User>(users.reload);

  return (
    <>
      <h2>Users</h2>
      <Notice text={editor.notice} />
      <ErrorBanner error={users.error} />
      <Table
        caption="Users"
        busy={users.loading}
        columns={["User", "Role", "Warehouse", "Status", "Created", ACTIONS]}
        rows={users.items}
        loading={users.loading}
        empty="No users."
        row={(u) => (
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
              <button type="button" className="small-button" onClick={() => editor.edit(u)} aria-label={`Edit ${u.username}`}>
                Edit
              </button>{" "}
              <Link to={`/admin/tokens?user=${encodeURIComponent(u.username)}`} aria-label={`API tokens of ${u.username}`}>
                Tokens
              </Link>
            </td>
          </tr>
        )}
      />
      <LoadMore list={users} noun="users" />
      {editor.editing ? (
        <EditUser key={editor.editing.username} ref={editor.section} user={editor.editing} onDone={editor.done} />
      ) : (
        <NewUser ref={editor.section} onDone={editor.done} />
      )}
    </>
  );
}

function NewUser({ onDone, ref }: { onDone: (message: string) => void; ref: Ref<HTMLElement> }) {
  const warehouses = useWarehouses();
  const form = useForm({ username: "", password: "", role: "picker", warehouse: "" });

  const submit = form.onSubmit(async (values) => {
    const user = await api<User>("/api/v1/users", {
      body: {
        username: values.username.trim(),
        password: values.password,
        role: values.role,
        warehouse: values.warehouse || undefined,
      },
    });
    form.setValues({ ...values, username: "", password: "" });
    onDone(`User ${user.username} is created as ${user.role}.`);
  });

  return (
    <GridForm ref={ref} title="New user" onSubmit={submit} error={form.error} fields={["username", "password", "role", "warehouse"]}>
      <Field label="User name" autoComplete="off" {...form.field("username")} />
      <Field label="Password" type="password" autoComplete="new-password" hint="At least 8 characters" {...form.field("password")} />
      <Select label="Role" options={ROLE_OPTIONS} {...form.select("role")} />
      <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items, "All warehouses")} {...form.select("warehouse")} />
      <SubmitRow wide text="Create user" busyText="Creating…" busy={form.busy} />
    </GridForm>
  );
}

function EditUser({ user, onDone, ref }: { user: User; onDone: (message: string | null) => void; ref: Ref<HTMLElement> }) {
  const warehouses = useWarehouses();
  const form = useForm({ role: user.role, warehouse: user.warehouse ?? "", active: user.active, password: "" });

  const submit = form.onSubmit(async ({ role, warehouse, active, password }) => {
    await api<User>(`/api/v1/users/${encodeURIComponent(user.username)}`, {
      method: "PATCH",
      body: { role, warehouse: warehouse || null, active, password: password || undefined },
    });
    onDone(`User ${user.username} is saved.`);
  });

  return (
    <GridForm ref={ref} title={`Edit ${user.username}`} onSubmit={submit} error={form.error} fields={["role", "warehouse", "active", "password"]}>
      <Select label="Role" options={ROLE_OPTIONS} {...form.select("role")} />
      <Select label="Warehouse" options={warehouseOptions(warehouses.data?.items, "All warehouses")} {...form.select("warehouse")} />
      <Field label="New password" type="password" autoComplete="new-password" hint="Leave empty to keep the current one" {...form.field("password")} />
      <Checkbox label="Active (may sign in)" {...form.check("active")} />
      <SubmitRow wide text={`Save ${user.username}`} busy={form.busy} onCancel={() => onDone(null)} />
    </GridForm>
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
  const form = useForm({ name: "" });
  const revoking = useSubmit();
  const [secret, setSecret] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const userOptions = users.items.map((u) => ({ value: u.username, label: `${u.username} (${u.role})` }));
  if (username && !userOptions.some((o) => o.value === username)) userOptions.unshift({ value: username, label: username });

  const create = form.onSubmit(async ({ name }) => {
    setNotice(null);
    setCopied(false);
    const created = await api<Token & { token: string }>(`/api/v1/users/${encodeURIComponent(username)}/tokens`, {
      body: { name: name.trim() },
    });
    setSecret({ token: created.token, name: created.name || created.prefix });
    form.setValues({ name: "" });
    tokens.reload();
  });

  const revoke = (token: Token) =>
    revoking.run(async () => {
      await api(`/api/v1/tokens/${token.id}`, { method: "DELETE" });
      setNotice(`Token ${token.name || token.prefix} is revoked.`);
      tokens.reload();
    });

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
      <ErrorBanner error={revoking.error} />
      <Table
        caption={`API tokens of ${username}`}
        busy={tokens.loading}
        columns={["Name", "Starts with", "Created", "Status", ACTIONS]}
        rows={tokens.data?.items ?? []}
        loading={tokens.loading && !tokens.data}
        empty={`${username} has no API tokens.`}
        row={(t) => (
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
              {!t.revoked_at && (
                <ConfirmButton
                  small
                  text="Revoke…"
                  label={`Revoke token ${t.name || t.prefix}`}
                  confirm="Yes, revoke"
                  onConfirm={() => revoke(t)}
                />
              )}
            </td>
          </tr>
        )}
      />
      <section aria-labelledby="token-form-title" className="form-section">
        <h2 id="token-form-title">New token for {username}</h2>
        <FilterBar label={`New token for ${username}`} search={false} onSubmit={create} submit="Create token" disabled={form.busy || !username}>
          <Field label="Token name" hint="What uses it, such as “shop sync”" {...form.field("name")} />
        </FilterBar>
        <FormErrors error={form.error} fields={["name"]} />
      </section>
    </>
  );
}
