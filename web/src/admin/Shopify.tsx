// Shopify shops: connecting one (its token and webhook secret are sealed on the server and
// never shown again), changing its settings, and the webhooks it sent with what came of each.
import { type Ref } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../api";
import { Checkbox, Field, GridForm, Notice, Select, SubmitRow, useForm } from "../forms";
import { ErrorBanner, formatTime, humanize, useResource, useTitle } from "../ui";
import { ACTIONS, LoadMore, numberOrText, OrderLinks, Table, useEditing, usePaged } from "../console/common";

type Shop = {
  id: number;
  shop_domain: string;
  api_version: string;
  api_base_url: string;
  location_id: string;
  status: string; // active | uninstalled
  notify_customer: boolean;
  push_inventory: boolean;
  sync_interval_s: number;
  synced_until: string;
  last_sync_at: string | null;
  last_sync_error: string;
  created_at: string;
  updated_at: string;
};

type Webhook = {
  id: number;
  event_id: string;
  webhook_id: string;
  topic: string;
  received_at: string;
  status: string; // received | processed | failed
  result: string;
};

const TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "app/uninstalled"];

const SHOP_FIELDS = [
  "shop_domain",
  "access_token",
  "api_version",
  "webhook_secret",
  "location_id",
  "api_base_url",
  "sync_interval_s",
  "notify_customer",
  "push_inventory",
  "status",
];

const STATUS_OPTIONS = [
  { value: "active", label: "Active — takes orders and syncs" },
  { value: "uninstalled", label: "Uninstalled — ignored" },
];

// 300 → "5 min", 3600 → "1 h", 45 → "45 s".
function interval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function ShopStatus({ status }: { status: string }) {
  return <span className={`badge badge-${status === "active" ? "ok" : "warn"}`}>{humanize(status)}</span>;
}

export function ShopifyPage() {
  useTitle("Shopify");
  const [params] = useSearchParams();
  const shops = useResource<{ items: Shop[] }>("/api/v1/integrations/shopify/shops");
  const editor = useEditing<Shop>(shops.reload);
  const items = shops.data?.items ?? [];
  // The shop whose webhooks are shown: ?shop=, else the first one.
  const shown = items.find((s) => s.id === Number(params.get("shop"))) ?? items[0] ?? null;
  const endpoint = `${window.location.origin}/webhooks/shopify`;

  return (
    <>
      <h2>Shopify</h2>
      <p className="muted">
        Tally takes a connected shop’s orders as Shopify sends them, and asks Shopify for changed orders every few minutes in case a
        webhook was lost; shipments go back to the shop as fulfillments.
      </p>
      <p>
        In the shop’s admin (Settings → Notifications → Webhooks, or the custom app’s configuration), point the topics{" "}
        {TOPICS.map((t, i) => (
          <span key={t}>
            <code>{t}</code>
            {i < TOPICS.length - 2 ? ", " : i === TOPICS.length - 2 ? " and " : ""}
          </span>
        ))}{" "}
        at <code data-testid="webhook-endpoint">{endpoint}</code> in JSON. Shopify signs them with the webhook secret given below.
      </p>
      <Notice text={editor.notice} />
      <ErrorBanner error={shops.error} />
      <Table
        caption="Connected Shopify shops"
        busy={shops.loading}
        columns={["Shop", "Status", "Location", "Last sync", "Settings", ACTIONS]}
        rows={items}
        loading={shops.loading}
        empty="No shop is connected yet."
        row={(s) => (
          <tr key={s.id}>
            <td>
              <strong className="nowrap">{s.shop_domain}</strong>
              <div className="muted small">
                API {s.api_version}
                {s.api_base_url !== `https://${s.shop_domain}` && <> at {s.api_base_url}</>}
              </div>
            </td>
            <td>
              <ShopStatus status={s.status} />
            </td>
            <td>
              <code>{s.location_id}</code>
            </td>
            <td>
              {s.last_sync_at ? formatTime(s.last_sync_at) : "Not yet"}
              <div className="muted small">Orders up to {formatTime(s.synced_until)}</div>
              {s.last_sync_error && (
                <div className="error-text long-text">
                  <strong>Sync failed:</strong> {s.last_sync_error}
                </div>
              )}
            </td>
            <td>
              {s.notify_customer ? "Notifies customers" : "Does not notify customers"}
              <br />
              {s.push_inventory ? "Pushes stock levels" : "Does not push stock levels"}
              <br />
              Syncs every {interval(s.sync_interval_s)}
            </td>
            <td className="actions">
              <button type="button" className="small-button" aria-label={`Edit ${s.shop_domain}`} onClick={() => editor.edit(s)}>
                Edit
              </button>{" "}
              <Link to={`/admin/shopify?shop=${s.id}`} aria-label={`Webhooks of ${s.shop_domain}`}>
                Webhooks
              </Link>{" "}
              <Link to={`/console/jobs?subject=${encodeURIComponent(`shop:${s.id}`)}`} aria-label={`Jobs of ${s.shop_domain}`}>
                Jobs
              </Link>
            </td>
          </tr>
        )}
      />
      {editor.editing ? (
        <EditShop key={`edit-${editor.editing.id}`} ref={editor.section} shop={editor.editing} onDone={editor.done} />
      ) : (
        <ConnectShop ref={editor.section} onDone={editor.done} />
      )}
      {shown && <Webhooks key={`webhooks-${shown.id}`} shop={shown} />}
    </>
  );
}

const EMPTY_SHOP = {
  shop_domain: "",
  access_token: "",
  api_version: "2025-07",
  webhook_secret: "",
  location_id: "",
  sync_interval_s: "300",
  api_base_url: "",
  notify_customer: true,
  push_inventory: false,
};

function ConnectShop({ onDone, ref }: { onDone: (message: string) => void; ref: Ref<HTMLElement> }) {
  const form = useForm(EMPTY_SHOP);

  const submit = form.onSubmit(async (values) => {
    const shop = await api<Shop>("/api/v1/integrations/shopify/shops", {
      body: {
        shop_domain: values.shop_domain.trim(),
        access_token: values.access_token,
        api_version: values.api_version.trim(),
        webhook_secret: values.webhook_secret,
        location_id: values.location_id.trim(),
        api_base_url: values.api_base_url.trim() || undefined,
        notify_customer: values.notify_customer,
        push_inventory: values.push_inventory,
        sync_interval_s: numberOrText(values.sync_interval_s),
      },
    });
    form.setValues(EMPTY_SHOP);
    onDone(`Shop ${shop.shop_domain} is connected.`);
  });

  return (
    <GridForm ref={ref} title="Connect a shop" onSubmit={submit} error={form.error} fields={SHOP_FIELDS}>
      <Field
        label="Shop domain"
        autoComplete="off"
        hint="Such as example.myshopify.com"
        {...form.field("shop_domain")}
        onChange={(e) => form.set("shop_domain")(e.target.value.toLowerCase())}
      />
      <Field
        label="Admin API access token"
        type="password"
        autoComplete="new-password"
        hint="The custom app’s token; kept sealed, never shown again"
        {...form.field("access_token")}
      />
      <Field label="Webhook secret" type="password" autoComplete="new-password" hint="What Shopify signs webhooks with" {...form.field("webhook_secret")} />
      <Field label="Location id" hint="Where Tally fulfils from, such as gid://shopify/Location/1" {...form.field("location_id")} />
      <Field label="API version" hint="Such as 2025-07" {...form.field("api_version")} />
      <Field label="Sync interval (seconds)" inputMode="numeric" hint="How often to ask for changed orders, 1 to 86400" {...form.field("sync_interval_s")} />
      <Field
        label="API base URL (optional, advanced)"
        inputMode="url"
        hint="Leave empty for https://‹shop domain›; for a proxy or a test server"
        {...form.field("api_base_url")}
      />
      <div className="form-wide">
        <Checkbox label="Notify customers when their order ships" {...form.check("notify_customer")} />
        <Checkbox label="Push stock levels to Shopify" {...form.check("push_inventory")} />
      </div>
      <SubmitRow wide text="Connect shop" busyText="Connecting…" busy={form.busy} />
    </GridForm>
  );
}

function EditShop({ shop, onDone, ref }: { shop: Shop; onDone: (message: string | null) => void; ref: Ref<HTMLElement> }) {
  const form = useForm({
    status: shop.status,
    access_token: "",
    webhook_secret: "",
    location_id: shop.location_id,
    api_version: shop.api_version,
    sync_interval_s: String(shop.sync_interval_s),
    api_base_url: shop.api_base_url,
    notify_customer: shop.notify_customer,
    push_inventory: shop.push_inventory,
  });

  const submit = form.onSubmit(async (values) => {
    await api<Shop>(`/api/v1/integrations/shopify/shops/${shop.id}`, {
      method: "PATCH",
      body: {
        status: values.status,
        access_token: values.access_token || undefined,
        webhook_secret: values.webhook_secret || undefined,
        location_id: values.location_id.trim(),
        api_version: values.api_version.trim(),
        sync_interval_s: numberOrText(values.sync_interval_s) ?? "",
        api_base_url: values.api_base_url.trim() || `https://${shop.shop_domain}`,
        notify_customer: values.notify_customer,
        push_inventory: values.push_inventory,
      },
    });
    onDone(`Shop ${shop.shop_domain} is saved.`);
  });

  return (
    <GridForm ref={ref} title={`Edit ${shop.shop_domain}`} onSubmit={submit} error={form.error} fields={SHOP_FIELDS}>
      <Select
        label="Status"
        options={STATUS_OPTIONS}
        hint={shop.status === "uninstalled" ? "Once the app is installed again, set it active (and give its new token)" : undefined}
        {...form.select("status")}
      />
      <Field
        label="New access token"
        type="password"
        autoComplete="new-password"
        hint="Leave empty to keep the current one"
        {...form.field("access_token")}
      />
      <Field
        label="New webhook secret"
        type="password"
        autoComplete="new-password"
        hint="Leave empty to keep the current one"
        {...form.field("webhook_secret")}
      />
      <Field label="Location id" hint="Such as gid://shopify/Location/1" {...form.field("location_id")} />
      <Field label="API version" hint="Such as 2025-07" {...form.field("api_version")} />
      <Field label="Sync interval (seconds)" inputMode="numeric" hint="1 to 86400" {...form.field("sync_interval_s")} />
      <Field label="API base URL (advanced)" inputMode="url" hint={`Normally https://${shop.shop_domain}`} {...form.field("api_base_url")} />
      <div className="form-wide">
        <Checkbox label="Notify customers when their order ships" {...form.check("notify_customer")} />
        <Checkbox label="Push stock levels to Shopify" {...form.check("push_inventory")} />
      </div>
      <SubmitRow wide text={`Save ${shop.shop_domain}`} busy={form.busy} onCancel={() => onDone(null)} />
    </GridForm>
  );
}

const WEBHOOK_TONES: Record<string, string> = { received: "info", processed: "ok", failed: "bad" };

function Webhooks({ shop }: { shop: Shop }) {
  const hooks = usePaged<Webhook>(`/api/v1/integrations/shopify/shops/${shop.id}/webhooks?limit=50`);
  const id = `shop-${shop.id}-webhooks`;

  return (
    <section className="form-section" aria-labelledby={id}>
      <div className="section-head">
        <h2 id={id}>Webhooks from {shop.shop_domain}</h2>
        <button type="button" onClick={hooks.reload} disabled={hooks.loading}>
          Refresh
        </button>
      </div>
      <ErrorBanner error={hooks.error} />
      <Table
        caption={`Webhooks from ${shop.shop_domain}`}
        busy={hooks.loading}
        columns={["Received", "Topic", "Status", "Result", "Event id"]}
        rows={hooks.items}
        loading={hooks.loading}
        empty={`No webhooks from ${shop.shop_domain} yet.`}
        row={(w) => (
          <tr key={w.id}>
            <td>{formatTime(w.received_at)}</td>
            <td>
              <code>{w.topic}</code>
            </td>
            <td>
              <span className={`badge badge-${WEBHOOK_TONES[w.status] ?? "neutral"}`}>{humanize(w.status)}</span>
            </td>
            <td className={w.status === "failed" ? "long-text error-text" : "long-text"}>
              <OrderLinks text={w.result} />
            </td>
            <td className="muted small long-text">{w.event_id}</td>
          </tr>
        )}
      />
      <LoadMore list={hooks} noun="webhooks" />
    </section>
  );
}
