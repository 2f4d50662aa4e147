// The operations console and admin screens: every page opens without errors, one real
// action per area works, server field errors sit beside their field, filtered lists are
// deep links that survive the back button, and the dashboard draws its charts.
import { apiCall, assert, expectAccessible, fieldReason, openPage, run, screenshot, signIn } from "./harness.mjs";

// Scans at a pick station as one user, following its instructions, with a wrong scan
// every `wrongEvery` scans: the dashboard then has throughput and errors to show. Scans
// carry the server's Origin, as the station screen's own requests do.
async function pickAlong(request, origin, station, order, scans, wrongEvery) {
  const barcodes = new Map();
  const scan = async (barcode) => {
    const response = await request.post(`/api/v1/stations/${station}/scans`, {
      data: { barcode },
      headers: { Origin: origin },
    });
    assert.equal(response.status(), 200, await response.text());
    return response.json();
  };
  let answer = await scan(order);
  for (let i = 1; i < scans && answer.next; i++) {
    if (i % wrongEvery === 0) {
      await scan(`WRONG-${i}`);
      continue;
    }
    const next = answer.next;
    if (next.action === "scan_bin") {
      answer = await scan(`B:${station.slice(0, 3)}:${next.bin}`);
    } else if (next.action === "scan_item") {
      if (!barcodes.has(next.sku)) {
        const found = await (await request.get(`/api/v1/products?sku=${next.sku}`)).json();
        barcodes.set(next.sku, found.items[0].barcodes[0]);
      }
      answer = await scan(barcodes.get(next.sku));
    } else {
      break;
    }
  }
}

const heading = (page, name) => page.getByRole("heading", { level: 1, name }).waitFor();

await run({
  async "the dashboard draws its charts and refetches on live changes"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL, { width: 1280, height: 800 });
    await signIn(page, "admin", "tally-demo", "/console/stations");
    // Some floor work first: ana picks at BER-P1, the admin at EWR-P1; both mis-scan.
    const created = await apiCall(page, "POST", "/api/v1/users", { username: "dana", password: "picker-pass-1", role: "picker" });
    assert.equal(created.status, 201);
    const floor = await browser.newContext({ baseURL });
    assert.equal((await floor.request.post("/api/v1/sessions", { data: { username: "dana", password: "picker-pass-1" } })).status(), 201);
    const queue = async (code) => (await apiCall(page, "GET", `/api/v1/warehouses/${code}/pick-queue`)).body.items[0].barcode;
    const origin = new URL(baseURL).origin;
    await pickAlong(floor.request, origin, "BER-P1", await queue("BER"), 9, 4);
    await pickAlong(page.request, origin, "EWR-P1", await queue("EWR"), 7, 3);
    await floor.close();
    await page.getByRole("link", { name: "Dashboard" }).click();
    await heading(page, /Dashboard/);
    const charts = page.locator('canvas[data-drawn="true"]');
    await page.waitForFunction(() => document.querySelectorAll('canvas[data-drawn="true"]').length === 5, null, {
      timeout: 10_000,
    });
    assert.equal(await charts.count(), 5);
    await page.getByRole("heading", { name: "Oldest unshipped orders" }).waitFor();
    await page.getByRole("status").filter({ hasText: "Live" }).first().waitFor();
    await screenshot(page, "dashboard");
    await expectAccessible(page, "dashboard");
    // The charts' numbers as tables, opened.
    for (const summary of await page.locator(".chart-card summary").all()) await summary.click();
    await expectAccessible(page, "dashboard with its tables open");

    // A change anywhere (here: an order put on hold over the API) makes it refetch.
    const refetched = page.waitForResponse((r) => r.url().includes("/api/v1/reports/dashboard"), { timeout: 5000 });
    const held = await apiCall(page, "POST", "/api/v1/orders/4/hold", { reason: "manual", note: "dashboard test" });
    assert.equal(held.status, 200);
    await refetched;
    await apiCall(page, "POST", "/api/v1/orders/4/unhold", {});
    page.expectNoErrors();
    await page.context().close();
  },

  async "orders: a filtered list is a deep link, back works, hold, lift and release"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/console/orders");
    await heading(page, "Orders");
    await page.getByRole("link", { name: "ORD-1", exact: true }).waitFor();
    await expectAccessible(page, "orders list");

    // Filter by status through the form: the filter lands in the URL.
    await page.getByLabel("Status").selectOption("on_hold");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("status") === "on_hold");
    // Counted once the table holds the filtered answer, not the full list it replaces.
    await page.locator('main table[aria-busy="false"][data-source*="status=on_hold"]').waitFor();
    const rows = page.locator("main table tbody tr");
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll("main table tbody tr td:nth-child(6) .badge")];
      return cells.length > 0 && cells.every((c) => c.textContent === "On hold");
    });
    const held = await rows.count();
    assert.ok(held >= 1);
    await expectAccessible(page, "orders list, filtered");

    // Into an order and back: the filtered list comes back with its filter.
    await rows.first().getByRole("link").click();
    await page.waitForURL(/\/console\/orders\/\d+$/);
    await heading(page, /Order ORD-/);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === "/console/orders" && url.searchParams.get("status") === "on_hold");
    assert.equal(await page.getByLabel("Status").inputValue(), "on_hold");
    await page.waitForFunction((n) => document.querySelectorAll("main table tbody tr").length === n, held);

    // A deep link with two filters opens filtered.
    await page.goto("/console/orders?status=allocated&channel=shopify");
    assert.equal(await page.getByLabel("Channel").inputValue(), "shopify");
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll("main table tbody tr td:nth-child(3)")];
      return cells.length > 0 && cells.every((c) => c.textContent === "Shopify");
    });

    // A bad filter value gets the server's reason beside its field.
    await page.goto("/console/orders?customer=zzz-nobody");
    await page.getByText("No orders match these filters.").waitFor();
    await page.goto("/console/orders?sku=NO-SUCH-SKU");
    assert.match(await fieldReason(page, "SKU"), /not a known SKU/);
    await expectAccessible(page, "orders list, a refused filter");

    // One order: lines, allocations, events; hold with a reason, lift it, release it.
    await page.goto("/console/orders/1");
    await heading(page, /Order ORD-1/);
    for (const name of ["Lines", "Allocations", "Events", "Cartons", "Scans"]) {
      await page.getByRole("heading", { level: 2, name, exact: true }).waitFor();
    }
    await expectAccessible(page, "order detail");
    await page.getByRole("button", { name: "Hold…" }).click();
    // The form takes the keyboard: its first field has the focus.
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "reason");
    await page.getByLabel("Hold reason").selectOption("payment");
    await page.getByLabel("Note (optional)").fill("card declined");
    await expectAccessible(page, "order detail, the hold form");
    await page.getByRole("button", { name: "Put on hold" }).click();
    await page.getByRole("status").filter({ hasText: "The order is on hold." }).waitFor();
    await page.locator("h1 .badge", { hasText: "On hold" }).waitFor();
    await expectAccessible(page, "order detail, on hold");
    await page.getByRole("cell", { name: "payment: card declined" }).waitFor();

    // Lifting the hold by keyboard alone: Enter on the button, the note field takes the
    // focus, Enter submits.
    await page.getByRole("button", { name: "Lift hold…" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "note");
    await page.keyboard.type("address confirmed");
    await page.keyboard.press("Enter");
    await page.locator("h1 .badge", { hasText: "Allocated" }).waitFor();
    // The form is gone: the keyboard is back on the actions, not lost on the page.
    await page.waitForFunction(() => document.activeElement?.id === "order-actions");
    await page.getByRole("button", { name: "Release to picking" }).click();
    await page.locator("h1 .badge", { hasText: "Released" }).waitFor();
    const order = await apiCall(page, "GET", "/api/v1/orders/1");
    assert.equal(order.body.status, "released");

    // An order number that does not exist is a readable message, not a crash.
    await page.goto("/console/orders/99999");
    await page.getByRole("alert").waitFor();
    await expectAccessible(page, "an order that does not exist");
    page.allowErrors(/status of 404/);
    page.expectNoErrors();
    await page.context().close();
  },

  async "inventory: by product, bin and lot, and an adjustment with a reason"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/console/inventory?sku=MUG-BLUE-1");
    await page.getByRole("heading", { name: "MUG-BLUE-1: stock per warehouse" }).waitFor();
    await page.getByRole("cell", { name: "EWR" }).first().waitFor();
    await expectAccessible(page, "inventory by product");

    await page.getByRole("link", { name: "By bin" }).click();
    await page.waitForURL(/\/console\/inventory\/bins/);
    // The URL changes before the page by bin replaces the page by product, whose filter has a
    // Warehouse field too: fill in the bin's own filter.
    const byBin = page.getByRole("search", { name: "Stock in a bin" });
    await byBin.getByLabel("Warehouse", { exact: true }).selectOption("EWR");
    await byBin.getByLabel("Bin", { exact: true }).fill("C-02-02");
    await byBin.getByRole("button", { name: "Show stock" }).click();
    await page.waitForURL((url) => url.searchParams.get("bin") === "C-02-02");
    await page.getByRole("heading", { name: "Bin C-02-02 in EWR" }).waitFor();
    await page.getByRole("cell", { name: "MUG-BLUE-1", exact: true }).waitFor();
    await expectAccessible(page, "inventory by bin");

    await page.getByRole("link", { name: "By lot and expiry" }).click();
    await page.getByRole("heading", { name: "Expiring soon — pick these first" }).waitFor();
    await page.getByRole("link", { name: /^L20\d+$/ }).first().waitFor();
    await expectAccessible(page, "inventory by lot");

    // Adjust from the bin's row: the form arrives filled in; a zero change is refused beside
    // its field, then a real one is booked with its reason.
    await page.goto("/console/inventory/bins?warehouse=EWR&bin=C-02-02");
    await page.getByRole("link", { name: "Adjust MUG-BLUE-1 in EWR C-02-02" }).click();
    await page.waitForURL(/\/console\/inventory\/adjust\?/);
    assert.equal(await page.getByLabel("Bin", { exact: true }).inputValue(), "C-02-02");
    await page.getByLabel("Change in units").fill("0");
    await page.getByRole("button", { name: "Adjust stock" }).click();
    assert.match(await fieldReason(page, "Change in units"), /non-zero/);
    await expectAccessible(page, "stock adjustment, a refused change");
    await page.getByLabel("Change in units").fill("-2");
    await page.getByLabel("Reason").selectOption("damaged_in_storage");
    await page.getByLabel("Reference").fill("e2e");
    await page.getByRole("button", { name: "Adjust stock" }).click();
    await page.getByRole("status").filter({ hasText: "Adjusted MUG-BLUE-1 in EWR" }).waitFor();
    await expectAccessible(page, "stock adjustment, booked");
    const levels = await apiCall(page, "GET", "/api/v1/inventory?sku=MUG-BLUE-1");
    assert.equal(levels.body.on_hand, 209);
    page.expectNoErrors();
    await page.context().close();
  },

  async "products: search, detail with barcode images, and stations"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/console/products");
    await heading(page, "Products");
    await page.getByLabel("Search name or SKU").fill("mug");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === "mug");
    await page.getByRole("link", { name: "MUG-BLUE-1" }).waitFor();
    await expectAccessible(page, "products list");
    await page.getByRole("link", { name: "MUG-BLUE-1" }).click();
    await heading(page, /Stoneware mug, BLUE/);
    await page.getByRole("heading", { name: "Barcodes" }).waitFor();
    await page.locator("figure.barcode").nth(1).waitFor();
    await page.getByText("02099000000019").first().waitFor();
    await page.getByRole("cell", { name: "EWR" }).first().waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll("figure.barcode img")].every((img) => img.complete));
    await expectAccessible(page, "product detail");
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await heading(page, /Edit MUG-BLUE-1/);
    await page.getByLabel("SKU", { exact: true }).waitFor();
    await expectAccessible(page, "product edit");
    await page.goto("/console/products/new");
    await heading(page, "New product");
    await expectAccessible(page, "new product");

    // An order line's SKU link opens the product itself.
    await page.goto("/console/products?sku=MUG-RED-1");
    await page.waitForURL(/\/console\/products\/\d+$/);
    await heading(page, /Stoneware mug, RED/);

    await page.getByRole("link", { name: "Stations" }).first().click();
    await heading(page, "Stations");
    await page.getByRole("cell", { name: "BER-P1" }).waitFor();
    await expectAccessible(page, "stations");
    await page.getByLabel("Warehouse", { exact: true }).selectOption("SYD");
    await page.waitForURL((url) => url.searchParams.get("warehouse") === "SYD");
    await page.getByRole("cell", { name: "SYD-P1" }).waitFor();
    await page.getByRole("cell", { name: "BER-P1" }).waitFor({ state: "detached" });
    // Barcode images may not be drawable yet (404): that is shown as text, not an error.
    page.allowErrors(/status of 404/);
    page.expectNoErrors();
    await page.context().close();
  },

  async "admin: users, and an API token shown once"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/admin");
    await heading(page, "Admin");
    await page.getByRole("heading", { name: "New user" }).waitFor();
    await page.getByLabel("User name").fill("ana");
    await page.getByLabel("Password").fill("short");
    await page.getByLabel("Role").selectOption("picker");
    await page.getByRole("button", { name: "Create user" }).click();
    assert.match(await fieldReason(page, "Password"), /at least 8/);
    await expectAccessible(page, "admin users, a refused password");
    await page.getByLabel("Password").fill("picker-pass-1");
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByRole("status").filter({ hasText: "User ana is created as picker." }).waitFor();
    await page.getByRole("cell", { name: "ana", exact: true }).waitFor();
    await expectAccessible(page, "admin users, a user created");

    // Change her role.
    await page.getByRole("button", { name: "Edit ana" }).click();
    await page.getByRole("heading", { name: "Edit ana" }).waitFor();
    await expectAccessible(page, "admin users, editing a user");
    await page.getByLabel("Role").selectOption("packer");
    await page.getByRole("button", { name: "Save ana" }).click();
    await page.getByRole("status").filter({ hasText: "User ana is saved." }).waitFor();
    // The keyboard goes back to the button that opened the form.
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Edit ana");
    assert.equal((await apiCall(page, "GET", "/api/v1/users/ana")).body.role, "packer");

    await page.getByRole("link", { name: "API tokens of ana" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/tokens" && url.searchParams.get("user") === "ana");
    await page.getByText("ana has no API tokens.").waitFor();
    await expectAccessible(page, "admin tokens, none yet");
    await page.getByLabel("Token name").fill("shop sync");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = await page.getByTestId("token-secret").innerText();
    assert.ok(secret.length >= 20, `a token secret: ${secret}`);
    await page.getByRole("cell", { name: "shop sync", exact: true }).waitFor();
    await expectAccessible(page, "admin tokens, a secret shown once");
    // Shown once: after a reload only its prefix is left.
    await page.reload();
    await page.getByRole("cell", { name: "shop sync", exact: true }).waitFor();
    assert.equal(await page.getByTestId("token-secret").count(), 0);
    assert.equal(await page.getByText(secret).count(), 0);
    // Revoked by keyboard alone: Enter asks again in place with the focus on the answer.
    await page.getByRole("button", { name: "Revoke token shop sync" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.textContent === "Yes, revoke");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Token shop sync is revoked." }).waitFor();
    await page.getByText(/^Revoked /).waitFor();
    page.expectNoErrors();
    await page.context().close();
  },

  async "admin: a warehouse error sits beside its field; bins, box types, routing"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await signIn(page, "admin", "tally-demo", "/admin/warehouses");
    await page.getByRole("cell", { name: "BER", exact: true }).waitFor();
    await expectAccessible(page, "admin warehouses");
    await page.getByLabel("Code", { exact: true }).fill("MUC");
    await page.getByLabel("Name", { exact: true }).fill("Munich depot");
    await page.getByLabel("Time zone").fill("Europe/Berlin");
    await page.getByLabel("Country").fill("Germany");
    await page.getByRole("button", { name: "Create warehouse" }).click();
    assert.match(await fieldReason(page, "Country"), /ISO 3166/);
    assert.equal(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), null);
    await expectAccessible(page, "admin warehouses, a refused country");
    await page.getByLabel("Country").fill("DE");
    await page.getByRole("button", { name: "Create warehouse" }).click();
    await page.getByRole("status").filter({ hasText: "Warehouse MUC is created." }).waitFor();
    await page.getByRole("cell", { name: "MUC", exact: true }).waitFor();

    // Bins of the new warehouse: empty, then one created.
    await page.getByRole("link", { name: "Bins of MUC" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/bins" && url.searchParams.get("warehouse") === "MUC");
    await page.getByText("No bins in MUC yet.").waitFor();
    await expectAccessible(page, "admin bins, none yet");
    await page.getByLabel("Bin code").fill("A-01-01");
    await page.getByLabel("Zone").fill("A");
    await page.getByLabel("Pick sequence").fill("10");
    await page.getByRole("button", { name: "Create bin" }).click();
    await page.getByRole("status").filter({ hasText: "Bin A-01-01 is created in MUC." }).waitFor();
    await page.getByRole("link", { name: "A-01-01" }).waitFor();
    await page.goto("/admin/bins?warehouse=BER");
    await page.getByRole("link", { name: "A-01-01" }).waitFor();
    await page.getByRole("button", { name: /Load more bins/ }).click();
    await page.waitForFunction(() => document.querySelectorAll("main table tbody tr").length > 100);
    await expectAccessible(page, "admin bins, more loaded");

    await page.getByRole("link", { name: "Box types" }).click();
    await page.getByRole("cell", { name: "Small box" }).waitFor();
    await expectAccessible(page, "admin box types");
    await page.getByRole("button", { name: "Edit box type S" }).click();
    // The edit form replaces the new-box form, then takes the keyboard on its first field:
    // text typed before that lands in the wrong form or the wrong field.
    await page.getByRole("button", { name: "Save S" }).waitFor();
    await page.locator("section:focus-within", { hasText: "Edit box type S" }).waitFor();
    await page.getByLabel("Max load (g)").fill("lots");
    await page.getByRole("button", { name: "Save S" }).click();
    assert.match(await fieldReason(page, "Max load (g)"), /integer|number/);
    await expectAccessible(page, "admin box types, a refused edit");
    await page.getByLabel("Max load (g)").fill("5500");
    await page.getByRole("button", { name: "Save S" }).click();
    await page.getByRole("status").filter({ hasText: "Box type S is saved." }).waitFor();

    await page.getByRole("link", { name: "Routing" }).click();
    await page.getByRole("heading", { name: "Routing rules" }).waitFor();
    await page.getByLabel("Cost from SYD").waitFor();
    await expectAccessible(page, "admin routing");
    await page.getByRole("button", { name: "Move Nearest up" }).click();
    await page.getByLabel("Cost from SYD").fill("7");
    await page.getByRole("button", { name: "Save routing" }).click();
    await page.getByRole("status").filter({ hasText: "The routing rules are saved." }).waitFor();
    await expectAccessible(page, "admin routing, saved");
    const routing = await apiCall(page, "GET", "/api/v1/routing");
    assert.deepEqual(
      routing.body.rules.map((r) => r.rule),
      ["ship_complete", "nearest", "fewest_warehouses", "lowest_cost"],
    );
    assert.equal(routing.body.warehouse_costs.SYD, 7);
    page.expectNoErrors();
    await page.context().close();
  },
});
