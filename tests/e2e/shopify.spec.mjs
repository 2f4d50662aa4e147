// The Shopify channel in the browser: a shop connected from the admin (a refused location
// first, its reason beside the field), its settings changed, a signed orders/create webhook
// that becomes an order, the webhook and its job shown as done, and dead jobs retried from
// the Jobs page and from an order's channel updates.
import crypto from "node:crypto";
import { apiCall, assert, expectAccessible, fieldReason, openPage, run, screenshot, signIn } from "./harness.mjs";

const SHOP = "e2e-shop.myshopify.com";
const SECRET = "e2e-webhook-secret-1";
// Bigger than a JavaScript number holds exactly: it goes into the body as text.
const ORDER_ID = "820982911946154508";
// A SKU the demo data lacks: its orders fail until the product is added.
const NEW_SKU = "E2E-NEW-1";

// Sends a webhook as Shopify does: the raw body signed (HMAC-SHA256, base64) with the
// shop's webhook secret.
async function sendWebhook(baseURL, { topic = "orders/create", orderId, sku, webhookId, secret = SECRET }) {
  const body =
    `{"id": ${orderId}, "name": "#1001", "email": "ada@example.com", "currency": "EUR",` +
    ` "updated_at": "2026-11-26T10:00:00Z", "cancelled_at": null,` +
    ` "customer": {"first_name": "Ada", "last_name": "Lovelace"},` +
    ` "shipping_address": {"first_name": "Ada", "last_name": "Lovelace", "address1": "Unter den Linden 1",` +
    ` "city": "Berlin", "zip": "10117", "country_code": "DE"},` +
    ` "line_items": [{"id": 1, "sku": ${JSON.stringify(sku)}, "title": "x", "quantity": 1, "price": "12.99"}]}`;
  const response = await fetch(`${baseURL}/webhooks/shopify`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": crypto.createHmac("sha256", secret).update(body).digest("base64"),
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": `event-${webhookId}`,
    },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

// Presses `refresh` until `locator` is there: what it waits for is done by a background
// job a moment later. Bounded.
async function refreshUntil(page, refresh, locator, what, ms = 20_000) {
  const until = Date.now() + ms;
  while ((await locator.count()) === 0) {
    assert.ok(Date.now() < until, `${what} within ${ms} ms`);
    await page.waitForTimeout(250);
    await refresh.click();
    await page.locator('table[aria-busy="true"]').waitFor({ state: "detached" });
  }
}

const heading = (page, name, level = 1) => page.getByRole("heading", { level, name }).waitFor();

// Waits until the page's list holds the answer to a query with `part` in it, loaded.
const loadedTable = (page, part) => page.locator(`main table[aria-busy="false"][data-source*="${part}"]`).waitFor();

// One scan at a station over the API; it must be accepted.
async function scanAt(page, station, barcode, extra = {}) {
  const { status, body } = await apiCall(page, "POST", `/api/v1/stations/${station}/scans`, { barcode, ...extra });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.verdict, "ok", `${barcode}: ${JSON.stringify(body)}`);
  return body;
}

// Releases the order, then picks, packs (weighed, with a carrier label) and loads it at its
// warehouse's stations by scans, and closes the trailer: the order ships.
async function shipByScans(page, order) {
  const warehouse = order.allocations[0].warehouse;
  const stations = (await apiCall(page, "GET", "/api/v1/stations")).body.items;
  const at = (type) => stations.find((s) => s.warehouse === warehouse && s.type === type).code;
  const released = await apiCall(page, "POST", `/api/v1/orders/${order.id}/release`);
  assert.equal(released.status, 200, JSON.stringify(released.body));
  let answer = await scanAt(page, at("pick"), order.barcode);
  while (answer.next.action !== "done") {
    const next = answer.next;
    answer = await scanAt(page, at("pick"), next.action === "scan_bin" ? `B:${warehouse}:${next.bin}` : next.sku);
  }
  answer = await scanAt(page, at("pack"), order.barcode);
  const carrier = answer.next.carrier;
  while (answer.next.action === "scan_item") answer = await scanAt(page, at("pack"), answer.next.sku);
  assert.equal(answer.next.action, "weigh");
  answer = await scanAt(page, at("pack"), "", { weight_g: answer.next.weight.expected_g });
  assert.equal(answer.next.action, "scan_tracking");
  await scanAt(page, at("pack"), `1Z${Date.now()}`);
  const trailer = await apiCall(page, "POST", "/api/v1/manifests", { carrier, warehouse });
  assert.equal(trailer.status, 201, JSON.stringify(trailer.body));
  await scanAt(page, at("load"), trailer.body.barcode);
  const cartons = (await apiCall(page, "GET", `/api/v1/cartons?order=${order.id}`)).body.items;
  for (const carton of cartons) await scanAt(page, at("load"), carton.barcode);
  await scanAt(page, at("load"), "CMD-CLOSE");
  const shipped = await apiCall(page, "GET", `/api/v1/orders/${order.id}`);
  assert.equal(shipped.body.status, "shipped");
}

// The order's job that `matches`, waiting up to 20 s for it.
async function jobOfOrder(page, orderId, matches) {
  const until = Date.now() + 20_000;
  for (;;) {
    const { body } = await apiCall(page, "GET", `/api/v1/orders/${orderId}`);
    const job = body.jobs.find(matches);
    if (job) return job;
    assert.ok(Date.now() < until, `a job of order ${orderId} as expected: ${JSON.stringify(body.jobs)}`);
    await page.waitForTimeout(250);
  }
}

await run({
  async "admin: connect a shop (a refused location sits beside its field) and change its settings"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/admin");
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Shopify" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/shopify");
    await heading(page, "Shopify", 2);
    await page.getByText("No shop is connected yet.").waitFor();
    assert.equal(await page.title(), "Shopify · Tally");
    // Where to point the webhooks: this server's own address.
    assert.equal(await page.getByTestId("webhook-endpoint").innerText(), `${baseURL}/webhooks/shopify`);
    await expectAccessible(page, "shopify, no shop yet");

    await page.getByLabel("Shop domain").fill(SHOP);
    await page.getByLabel("Admin API access token").fill("shpat_e2e_token");
    await page.getByLabel("Webhook secret", { exact: true }).fill(SECRET);
    await page.getByLabel("Location id").fill("1");
    await page.getByLabel("API version").fill("2025-07");
    assert.equal(await page.getByLabel("Admin API access token").getAttribute("type"), "password");
    assert.equal(await page.getByLabel("Webhook secret", { exact: true }).getAttribute("type"), "password");
    await page.getByRole("button", { name: "Connect shop" }).click();
    assert.match(await fieldReason(page, "Location id"), /gid:\/\/shopify\/Location\/1/);
    assert.equal(await page.getByLabel("Shop domain").getAttribute("aria-invalid"), null);
    await page.getByRole("alert").filter({ hasText: "See the marked fields." }).waitFor();
    await expectAccessible(page, "shopify, a refused location");
    await screenshot(page, "shopify-refused-location");

    await page.getByLabel("Location id").fill("gid://shopify/Location/1");
    await page.getByRole("button", { name: "Connect shop" }).click();
    await page.getByRole("status").filter({ hasText: `Shop ${SHOP} is connected.` }).waitFor();
    const row = page.getByRole("row").filter({ hasText: SHOP });
    await row.getByText("Active", { exact: true }).waitFor();
    await row.getByText("gid://shopify/Location/1").waitFor();
    await row.getByText("Syncs every 5 min").waitFor();
    await row.getByText("Notifies customers").waitFor();
    // The form is empty again, secrets included.
    assert.equal(await page.getByLabel("Admin API access token").inputValue(), "");
    assert.equal(await page.getByLabel("Webhook secret", { exact: true }).inputValue(), "");
    await page.getByText(`No webhooks from ${SHOP} yet.`).waitFor();
    const shops = await apiCall(page, "GET", "/api/v1/integrations/shopify/shops");
    assert.equal(shops.status, 200);
    assert.equal(shops.body.items.length, 1);
    assert.equal(shops.body.items[0].status, "active");
    assert.equal(JSON.stringify(shops.body).includes("shpat_e2e_token"), false, "the token is never shown");
    await expectAccessible(page, "shopify, a shop connected");
    await screenshot(page, "shopify");

    // Its settings: a refused interval beside its field, then a good one.
    await page.getByRole("button", { name: `Edit ${SHOP}` }).click();
    await heading(page, `Edit ${SHOP}`, 2);
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "status");
    await page.getByLabel("Sync interval (seconds)").fill("0");
    await page.getByRole("button", { name: `Save ${SHOP}` }).click();
    assert.match(await fieldReason(page, "Sync interval (seconds)"), /1 to 86400|from 1/);
    await expectAccessible(page, "shopify, a refused interval");
    await page.getByLabel("Sync interval (seconds)").fill("120");
    await page.getByLabel("Push stock levels to Shopify").check();
    await page.getByRole("button", { name: `Save ${SHOP}` }).click();
    await page.getByRole("status").filter({ hasText: `Shop ${SHOP} is saved.` }).waitFor();
    await row.getByText("Syncs every 2 min").waitFor();
    await row.getByText("Pushes stock levels").waitFor();
    // The form is gone, the one to connect another shop is back.
    await page.getByRole("heading", { name: "Connect a shop" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: `Edit ${SHOP}` }).count(), 0);
    // The keyboard goes back to the button that opened the form.
    await page.waitForFunction((name) => document.activeElement?.getAttribute("aria-label") === name, `Edit ${SHOP}`);
    const shop = (await apiCall(page, "GET", `/api/v1/integrations/shopify/shops/${shops.body.items[0].id}`)).body;
    assert.equal(shop.sync_interval_s, 120);
    assert.equal(shop.push_inventory, true);

    // A second shop behind an API base URL nothing answers at, synced every second: its
    // sync error shows in the list.
    const OTHER = "e2e-other.myshopify.com";
    await page.getByLabel("Shop domain").fill(OTHER);
    await page.getByLabel("Admin API access token").fill("shpat_other");
    await page.getByLabel("Webhook secret", { exact: true }).fill("other-secret");
    await page.getByLabel("Location id").fill("gid://shopify/Location/2");
    await page.getByLabel("Sync interval (seconds)").fill("1");
    await page.getByLabel("API base URL (optional, advanced)").fill("http://127.0.0.1:9");
    await page.getByRole("button", { name: "Connect shop" }).click();
    await page.getByRole("status").filter({ hasText: `Shop ${OTHER} is connected.` }).waitFor();
    const other = page.getByRole("row").filter({ hasText: OTHER });
    await other.getByText("at http://127.0.0.1:9").waitFor();
    const until = Date.now() + 20_000;
    while ((await other.getByText("Sync failed:").count()) === 0) {
      assert.ok(Date.now() < until, "a sync error within 20 s");
      await page.waitForTimeout(500);
      await page.reload();
      await other.waitFor();
    }
    await expectAccessible(page, "shopify, a sync error");
    await screenshot(page, "shopify-sync-error");

    // Uninstalled (as app/uninstalled would), then set active again, synced less often.
    await page.getByRole("button", { name: `Edit ${OTHER}` }).click();
    await page.getByLabel("Status").selectOption("uninstalled");
    await page.getByRole("button", { name: `Save ${OTHER}` }).click();
    await page.getByRole("status").filter({ hasText: `Shop ${OTHER} is saved.` }).waitFor();
    await other.getByText("Uninstalled", { exact: true }).waitFor();
    await page.getByRole("button", { name: `Edit ${OTHER}` }).click();
    await page.getByText("Once the app is installed again, set it active").waitFor();
    await expectAccessible(page, "shopify, editing an uninstalled shop");
    await page.getByLabel("Status").selectOption("active");
    await page.getByLabel("New access token").fill("shpat_other_2");
    await page.getByLabel("Sync interval (seconds)").fill("3600");
    await page.getByRole("button", { name: `Save ${OTHER}` }).click();
    await page.getByRole("status").filter({ hasText: `Shop ${OTHER} is saved.` }).waitFor();
    await other.getByText("Active", { exact: true }).waitFor();
    await other.getByText("Syncs every 1 h").waitFor();
    page.expectNoErrors();
    await page.context().close();
  },

  async "a signed orders/create webhook becomes an order; the webhook and its job show as done"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/admin/shopify");
    const row = page.getByRole("row").filter({ hasText: SHOP });
    await row.getByText("Active", { exact: true }).waitFor();
    const sku = (await apiCall(page, "GET", "/api/v1/products?limit=1")).body.items[0].sku;

    // A wrong signature is refused; a good one is taken once.
    assert.equal((await sendWebhook(baseURL, { orderId: ORDER_ID, sku, webhookId: "wh-1", secret: "not-the-secret" })).status, 401);
    const sent = await sendWebhook(baseURL, { orderId: ORDER_ID, sku, webhookId: "wh-1" });
    assert.deepEqual(sent, { status: 200, body: { status: "accepted" } });
    assert.deepEqual(await sendWebhook(baseURL, { orderId: ORDER_ID, sku, webhookId: "wh-1" }), {
      status: 200,
      body: { status: "duplicate" },
    });

    await page.getByRole("link", { name: `Webhooks of ${SHOP}` }).click();
    await page.waitForURL((url) => url.searchParams.get("shop") === "1");
    const webhooks = page.getByRole("region", { name: `Webhooks from ${SHOP}` });
    const refresh = webhooks.getByRole("button", { name: "Refresh" });
    const processed = webhooks.getByRole("row").filter({ hasText: "orders/create" }).filter({ hasText: "Processed" });
    await refreshUntil(page, refresh, processed, "the webhook processed");
    const created = processed.getByRole("link", { name: /^order \d+$/ });
    const orderId = Number((await created.innerText()).match(/\d+/)[0]);

    // Two for a SKU Tally does not know yet: they fail, their jobs die.
    for (const [webhookId, orderId] of [["wh-2", "820982911946154601"], ["wh-3", "820982911946154602"]]) {
      assert.equal((await sendWebhook(baseURL, { orderId, sku: NEW_SKU, webhookId })).status, 200);
    }
    const failed = webhooks.getByRole("row").filter({ hasText: "Failed" });
    await refreshUntil(page, refresh, failed.nth(1), "two webhooks failed");
    await failed.first().getByText(/not a known SKU/).waitFor();
    await expectAccessible(page, "shopify, webhooks taken in");
    await screenshot(page, "shopify-webhooks");

    // The Jobs page: filtered in the URL, the webhook's job done.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
    await heading(page, "Jobs");
    await page.getByLabel("Status").selectOption("done");
    await page.getByLabel("Kind").selectOption("shopify.webhook");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("status") === "done" && url.searchParams.get("kind") === "shopify.webhook");
    await loadedTable(page, "status=done");
    const doneJob = page.getByRole("row").filter({ hasText: `created order ${orderId}` });
    await doneJob.getByText("Done", { exact: true }).waitFor();
    await doneJob.getByText("shopify.webhook").waitFor();
    await doneJob.getByRole("link", { name: "shop:1" }).waitFor();
    await page.waitForFunction(() => {
      const badges = [...document.querySelectorAll("main table tbody tr td:nth-child(4) .badge")];
      return badges.length > 0 && badges.every((b) => b.textContent === "Done");
    });
    await expectAccessible(page, "jobs, filtered");
    await screenshot(page, "jobs");

    // The dead ones. Once the product exists, one is retried: it runs again and is done.
    await page.goto("/console/jobs?status=dead");
    // A webhook is marked failed inside its job's attempt, and the job settled dead after it.
    const deadJobs = async () => (await apiCall(page, "GET", "/api/v1/jobs?status=dead&kind=shopify.webhook")).body.items;
    let dead = await deadJobs();
    for (let i = 0; i < 100 && dead.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      dead = await deadJobs();
    }
    assert.equal(dead.length, 2);
    const retry = page.getByRole("button", { name: `Retry job ${dead[1].id}` });
    await retry.waitFor();
    await page.getByRole("row").filter({ hasText: "not a known SKU" }).first().waitFor();
    await expectAccessible(page, "jobs, dead ones");
    await screenshot(page, "jobs-dead");
    const product = await apiCall(page, "POST", "/api/v1/products", { sku: NEW_SKU, name: "E2E late product", currency: "EUR" });
    assert.equal(product.status, 201, JSON.stringify(product.body));
    await retry.click();
    await page.getByRole("status").filter({ hasText: `Job ${dead[1].id} (shopify.webhook) is queued again.` }).waitFor();
    // The button is gone with the dead status; the keyboard is on the page's heading.
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    await retry.waitFor({ state: "detached" });
    await page.goto("/console/jobs?kind=shopify.webhook&status=done");
    const retried = page.getByRole("row").filter({ has: page.getByRole("cell", { name: String(dead[1].id), exact: true }) });
    await refreshUntil(page, page.getByRole("button", { name: "Refresh" }), retried, "the retried job done");
    await expectAccessible(page, "jobs, one retried");

    // The order: found by the Orders page filtered to the channel and the Shopify id.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
    await heading(page, "Orders");
    await page.getByLabel("Channel").selectOption("shopify");
    await page.getByLabel("External id").fill(ORDER_ID);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("channel") === "shopify" && url.searchParams.get("external_id") === ORDER_ID);
    // The rows are counted once the table holds the filtered answer, not the full list the
    // answer replaces (it has this order too).
    await loadedTable(page, `external_id=${ORDER_ID}`);
    const orderRow = page.locator("main table tbody tr").filter({ hasText: ORDER_ID });
    await orderRow.getByText("Ada Lovelace").waitFor();
    assert.equal(await page.locator("main table tbody tr").count(), 1);
    const found = (await apiCall(page, "GET", `/api/v1/orders?channel=shopify&external_id=${ORDER_ID}`)).body.items;
    assert.equal(found.length, 1);
    assert.equal(found[0].id, orderId);
    await orderRow.getByRole("link", { name: `ORD-${orderId}` }).click();
    await heading(page, new RegExp(`Order ORD-${orderId}`));
    await page.getByRole("link", { name: sku, exact: true }).waitFor();
    // Nothing told to the channel yet: no such section.
    await page.getByRole("heading", { level: 2, name: "Events" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Channel updates" }).count(), 0);
    page.expectNoErrors();
    await page.context().close();
  },

  async "an order's channel updates: its shipment told to Shopify, a refusal retried"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/console");
    const [found] = (await apiCall(page, "GET", `/api/v1/orders?channel=shopify&external_id=${ORDER_ID}`)).body.items;
    const order = (await apiCall(page, "GET", `/api/v1/orders/${found.id}`)).body;
    // The shop's Admin API is pointed at this server, which has no GraphQL path: Shopify's
    // answer is a 404, so telling it of the shipment fails for good and waits for a person.
    const shop = (await apiCall(page, "GET", "/api/v1/integrations/shopify/shops")).body.items.find(
      (s) => s.shop_domain === SHOP,
    );
    // Another host gets the token only when it is given again with it.
    const pointed = await apiCall(page, "PATCH", `/api/v1/integrations/shopify/shops/${shop.id}`, {
      api_base_url: baseURL,
      access_token: "shpat_e2e_pointed",
    });
    assert.equal(pointed.status, 200, JSON.stringify(pointed.body));
    await shipByScans(page, order);
    const dead = await jobOfOrder(page, order.id, (job) => job.status === "dead");
    assert.equal(dead.kind, "order.shipped:shopify");
    assert.match(dead.last_error, /404/);

    await page.goto(`/console/orders/${order.id}`);
    await heading(page, new RegExp(`Order ORD-${order.id}`));
    const updates = page.getByRole("region", { name: "Channel updates" });
    await updates.getByText("Shipment to the channel").waitFor();
    await updates.getByText("Dead", { exact: true }).waitFor();
    await updates.getByText(/Shopify answered 404/).first().waitFor();
    await expectAccessible(page, "order detail, a dead channel update");
    await screenshot(page, "order-channel-updates");
    await updates.getByRole("button", { name: `Retry job ${dead.id}` }).click();
    await page.getByRole("status").filter({ hasText: `Job ${dead.id} (order.shipped:shopify) is queued again.` }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "order-channel-updates");
    // It runs again, is refused again (the address is still wrong) and is dead once more.
    const again = await jobOfOrder(page, order.id, (job) => job.status === "dead" && job.updated_at !== dead.updated_at);
    assert.equal(again.attempts, 1);
    await page.reload();
    await updates.getByRole("button", { name: `Retry job ${dead.id}` }).waitFor();
    page.expectNoErrors();
    await page.context().close();
  },
});
