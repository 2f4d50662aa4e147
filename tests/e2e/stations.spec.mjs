// The scanning stations in a browser: an order goes through pick, pack and load by
// keyboard-wedge scans alone (typed keys and Enter, fast and slow), a wrong scan is refused
// in red without moving on, a scan made offline waits on the device and is judged once the
// connection returns, and a queued scan survives a reload and is never applied twice.
import net from "node:net";
import { apiCall, assert, expectAccessible, openPage, run, screenshot, signIn } from "./harness.mjs";

const WAIT = { timeout: 10_000 };

const answers = async (page) => Number(await page.locator("main[data-answers]").getAttribute("data-answers"));
const action = (page) => page.locator("main[data-action]").getAttribute("data-action");
const verdict = (page) => page.locator("[data-verdict]").getAttribute("data-verdict");
const field = (page, name) => page.locator(`.instruction [data-field="${name}"]`).first().innerText();

// A keyboard-wedge scan: the scanner types the code and Enter wherever the focus is.
async function scan(page, code, { delay = 0 } = {}) {
  const before = await answers(page);
  await page.keyboard.type(code, { delay });
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (n) => Number(document.querySelector("main[data-answers]")?.getAttribute("data-answers")) > n,
    before,
    WAIT,
  );
  return verdict(page);
}

async function scanOk(page, code, options) {
  const got = await scan(page, code, options);
  if (got !== "ok") {
    const text = await page.locator("[data-verdict]").innerText();
    assert.fail(`scan ${code} was ${got}: ${text}`);
  }
}

async function stationsOf(page, warehouse) {
  const { body } = await apiCall(page, "GET", "/api/v1/stations");
  const of = (type) => body.items.find((s) => s.warehouse === warehouse && s.type === type);
  return { pick: of("pick"), pack: of("pack"), load: of("load") };
}

// An order of 2 units of a product on the shelves in BER, shipped to Berlin, released.
async function releasedOrder(page) {
  const stock = await apiCall(page, "GET", "/api/v1/inventory/stock?warehouse=BER&limit=200");
  assert.equal(stock.status, 200);
  const row = stock.body.items.find((r) => r.quantity >= 5 && !r.lot && !r.expiry);
  assert.ok(row, "a product in stock in BER");
  const created = await apiCall(page, "POST", "/api/v1/orders", {
    channel: "api",
    external_id: `E2E-STATION-${Date.now()}`,
    currency: "EUR",
    customer: { name: "Ada Lovelace", email: "ada@example.com" },
    ship_to: { name: "Ada Lovelace", line1: "Unter den Linden 1", city: "Berlin", postal_code: "10117", country: "DE" },
    lines: [{ sku: row.sku, quantity: 2, unit_price: 1000 }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const released = await apiCall(page, "POST", `/api/v1/orders/${created.body.id}/release`);
  assert.equal(released.status, 200, JSON.stringify(released.body));
  return { id: created.body.id, barcode: created.body.barcode, sku: row.sku };
}

await run({
  async "an order is picked, packed and loaded by scans, offline scans included"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL, { width: 360, height: 740 });
    await signIn(page, "admin", "tally-demo", "/stations");
    const stations = await stationsOf(page, "BER");
    const order = await releasedOrder(page);

    // Choose the pick station by scanning its code on the chooser.
    await page.locator(".station-list").first().waitFor(WAIT);
    await expectAccessible(page, "station chooser");
    await page.keyboard.type(stations.pick.code);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/stations/${stations.pick.code}`, WAIT);
    await page.locator('main[data-action="scan_order"]').waitFor(WAIT);

    await scanOk(page, order.barcode);
    assert.equal(await action(page), "scan_bin");
    const bin = await field(page, "bin");
    assert.equal(await field(page, "sku"), order.sku);
    await screenshot(page, "pick-station-phone");
    await expectAccessible(page, "pick station, scan the bin");

    // The product before its bin: refused in red, the instruction stays.
    assert.equal(await scan(page, order.sku), "wrong_bin");
    const alert = page.getByRole("alert").filter({ hasText: "Refused" });
    await alert.waitFor(WAIT);
    assert.match(await alert.innerText(), /Wrong bin/);
    assert.match(await alert.innerText(), new RegExp(`bin ${bin}`));
    assert.equal(await action(page), "scan_bin");
    assert.equal(await field(page, "bin"), bin);
    await screenshot(page, "pick-station-refused");
    await expectAccessible(page, "pick station, a refused scan");
    // The damage report opens as a dialog and closes with Esc, back to scanning.
    await page.getByRole("button", { name: "Report damage" }).click();
    const damage = page.getByRole("dialog", { name: "Report a damaged unit" });
    await damage.getByLabel("What is wrong").waitFor(WAIT);
    await expectAccessible(page, "pick station, the damage dialog");
    await page.keyboard.press("Escape");
    await damage.waitFor({ state: "detached", ...WAIT });
    await page.waitForFunction(() => document.activeElement?.hasAttribute("data-scan-field"));

    // A slow Bluetooth scanner: 60 ms between keys.
    await scanOk(page, `B:BER:${bin}`, { delay: 60 });
    assert.equal(await action(page), "scan_item");

    // Offline: the scan waits on the device, then is sent and judged.
    const context = page.context();
    await context.setOffline(true);
    await page.locator('[data-network="offline"]').waitFor(WAIT);
    const quantityBefore = Number(await field(page, "quantity"));
    const before = await answers(page);
    await page.keyboard.type(order.sku);
    await page.keyboard.press("Enter");
    await page.locator('[data-verdict="pending"]').waitFor(WAIT);
    await page.locator('.pending[data-pending="1"]').waitFor(WAIT);
    await expectAccessible(page, "pick station, offline with a queued scan");
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("tally.stations.queue.v1") ?? "[]"));
    assert.equal(stored.length, 1);
    assert.equal(stored[0].barcode, order.sku);
    assert.ok(stored[0].scan_id && stored[0].scanned_at);
    assert.equal(await answers(page), before, "nothing judged while offline");
    await context.setOffline(false);
    await page.waitForFunction(
      (n) => Number(document.querySelector("main[data-answers]")?.getAttribute("data-answers")) > n,
      before,
      WAIT,
    );
    assert.equal(await verdict(page), "ok");
    await page.locator('.pending[data-pending="0"]').waitFor({ state: "attached", ...WAIT });
    await page.locator('[data-network="offline"]').waitFor({ state: "detached", ...WAIT });
    assert.match(await page.locator(".verdict-ok").innerText(), /sent from the queue/);
    const afterOffline = await action(page);
    if (afterOffline === "scan_item" && (await field(page, "sku")) === order.sku) {
      assert.equal(Number(await field(page, "quantity")), quantityBefore - 1);
    }

    // The rest of the order, by whatever the screen asks for.
    for (let i = 0; i < 20 && (await action(page)) !== "done"; i++) {
      const next = await action(page);
      if (next === "scan_bin") await scanOk(page, `B:BER:${await field(page, "bin")}`);
      else if (next === "scan_item") await scanOk(page, await field(page, "sku"));
      else assert.fail(`unexpected pick step ${next}`);
    }
    assert.equal(await action(page), "done");
    await page.locator('[data-field="done"]').waitFor(WAIT);
    await expectAccessible(page, "pick station, order picked");

    // Pack, by a packer on a bench monitor, opened by a deep link; a manager approves
    // the override with her password on the packer's screen.
    for (const [username, role] of [["pat", "packer"], ["meg", "manager"]]) {
      const user = await apiCall(page, "POST", "/api/v1/users", { username, password: `${username}-password-1`, role });
      assert.equal(user.status, 201, JSON.stringify(user.body));
    }
    // The bench's label printer (raw TCP, as a Zebra on port 9100), registered by the admin.
    const labels = [];
    const printer = net.createServer((socket) => {
      let data = "";
      socket.on("data", (chunk) => (data += chunk));
      socket.on("end", () => labels.push(data));
    });
    await new Promise((resolve) => printer.listen(0, "127.0.0.1", resolve));
    await page.goto("/admin/printers?warehouse=BER");
    const printerForm = page.getByRole("region", { name: "New printer in BER" });
    await printerForm.getByLabel("Printer code", { exact: true }).fill("BENCH-1");
    await printerForm.getByLabel("Name", { exact: true }).fill("Pack bench");
    await printerForm.getByLabel("Host", { exact: true }).fill("127.0.0.1");
    await printerForm.getByLabel("Port", { exact: true }).fill(String(printer.address().port));
    await expectAccessible(page, "admin, registering a label printer");
    await printerForm.getByRole("button", { name: "Register printer" }).click();
    await page.getByText("Printer BENCH-1 is registered in BER.").waitFor(WAIT);
    await page.getByRole("cell", { name: "BENCH-1", exact: true }).waitFor(WAIT);

    const packer = await openPage(browser, baseURL, { width: 1280, height: 800 });
    await signIn(packer, "pat", "pat-password-1", `/stations/${stations.pack.code}`);
    assert.equal(new URL(packer.url()).pathname, `/stations/${stations.pack.code}`);
    await packer.locator('main[data-action="scan_order"]').waitFor(WAIT);
    await scanOk(packer, order.barcode);
    const carrier = await field(packer, "carrier");
    for (let i = 0; i < 10 && (await action(packer)) === "scan_item"; i++) {
      await scanOk(packer, await field(packer, "sku"));
    }
    assert.equal(await action(packer), "weigh");
    const min = Number(await field(packer, "weight-min"));
    const max = Number(await field(packer, "weight-max"));
    assert.ok(min > 0 && max >= min);
    assert.match(await field(packer, "box"), /\S/);
    await screenshot(packer, "pack-station");
    await expectAccessible(packer, "pack station, weigh the carton");

    // The scale types into the weight field (it has the focus): too light, refused.
    assert.equal(await scan(packer, String(Math.max(0, min - 150))), "weight_mismatch");
    assert.equal(await action(packer), "weigh");
    await expectAccessible(packer, "pack station, a refused weight");
    // A supervisor accepts it.
    const beforeOverride = await answers(packer);
    await packer.getByRole("button", { name: "Supervisor override" }).click();
    const dialog = packer.getByRole("dialog", { name: "Supervisor override" });
    await dialog.getByLabel("Supervisor's user name").fill("meg");
    await dialog.getByLabel("Supervisor's password").fill("not her password");
    await dialog.getByLabel("Reason").fill("Checked by hand: the scale was tared wrong.");
    await expectAccessible(packer, "pack station, the override dialog");
    await dialog.getByRole("button", { name: "Accept the weight" }).click();
    await dialog.getByRole("alert").waitFor(WAIT);
    assert.equal(await action(packer), "weigh", "a wrong supervisor password changes nothing");
    await expectAccessible(packer, "pack station, the override dialog refusing a password");
    assert.equal(new URL(packer.url()).pathname, `/stations/${stations.pack.code}`, "the packer stays signed in");
    await dialog.getByLabel("Supervisor's password").fill("meg-password-1");
    await dialog.getByRole("button", { name: "Accept the weight" }).click();
    await packer.waitForFunction(
      (n) => Number(document.querySelector("main[data-answers]")?.getAttribute("data-answers")) > n,
      beforeOverride,
      WAIT,
    );
    assert.equal(await verdict(packer), "ok");
    assert.equal(await action(packer), "scan_tracking");
    // Accepted: the packer chooses the bench's printer among the warehouse's, and the label
    // goes there by itself; the station remembers the choice.
    const choice = packer.getByLabel("Label printer");
    await choice.waitFor(WAIT);
    await expectAccessible(packer, "pack station, choosing the label printer");
    await choice.selectOption("BENCH-1");
    await packer.getByRole("status").filter({ hasText: "Label sent to BENCH-1" }).waitFor(WAIT);
    await expectAccessible(packer, "pack station, the label printed");
    assert.equal(
      await packer.evaluate((code) => localStorage.getItem(`tally.stations.printer.${code}`), stations.pack.code),
      "BENCH-1",
    );
    for (let i = 0; i < 200 && labels.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    printer.close();
    assert.equal(labels.length, 1);
    assert.match(labels[0], /^\^XA[\s\S]*\^XZ\s*$/);
    const label = packer.getByRole("link", { name: "Open label (PNG)" });
    assert.match(await label.getAttribute("href"), /\/api\/v1\/cartons\/\d+\/label\?format=png/);
    await scanOk(packer, `1Z${Date.now()}`);
    assert.equal(await action(packer), "done");

    // Back and forward between the chooser and the station.
    await packer.goto("/stations");
    await packer.goBack();
    await packer.waitForURL(`**/stations/${stations.pack.code}`, WAIT);
    await packer.goForward();
    await packer.waitForURL((url) => url.pathname === "/stations", WAIT);
    const carton = await apiCall(page, "GET", `/api/v1/cartons?order=${order.id}`);
    assert.match(carton.body.items[0].override_reason, /\(approved by meg\)$/);
    packer.expectNoErrors();

    // Load: a trailer for the carrier, every staged carton it lists, then close it.
    const trailer = await apiCall(page, "POST", "/api/v1/manifests", { carrier, warehouse: "BER" });
    assert.equal(trailer.status, 201, JSON.stringify(trailer.body));
    await page.goto(`/stations/${stations.load.code}`);
    await page.locator('main[data-action="scan_trailer"]').waitFor(WAIT);
    await page.locator(`[data-trailer="${trailer.body.barcode}"]`).waitFor(WAIT);
    await expectAccessible(page, "load station, open trailers");
    await scanOk(page, trailer.body.barcode);
    assert.equal(await action(page), "scan_carton");
    assert.equal(await scan(page, "CMD-CLOSE"), "manifest_incomplete");
    const missing = await page.locator('[data-field="missing"] li').evaluateAll((items) =>
      items.map((li) => li.getAttribute("data-sscc")),
    );
    assert.ok(missing.length >= 1);
    await expectAccessible(page, "load station, a trailer being loaded");
    for (const sscc of missing) await scanOk(page, sscc);
    await page.locator(".all-loaded").waitFor(WAIT);
    await scanOk(page, "CMD-CLOSE");
    assert.equal(await action(page), "done");

    const shipped = await apiCall(page, "GET", `/api/v1/orders/${order.id}`);
    assert.equal(shipped.body.status, "shipped");
    page.expectNoErrors();
  },

  async "a queued scan survives a reload and is applied once"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL, { width: 360, height: 740 });
    await signIn(page, "admin", "tally-demo", "/stations");
    const { pick } = await stationsOf(page, "BER");
    await page.goto(`/stations/${pick.code}`);
    await page.locator("main[data-answers]").waitFor(WAIT);

    // The server judges the scan but its answer never arrives.
    const code = `E2E-NOTHING-${Date.now()}`;
    let reached = 0;
    await page.route("**/api/v1/stations/*/scans", async (route) => {
      reached++;
      await route.fetch();
      await route.abort("internetdisconnected");
    });
    await page.keyboard.type(code);
    await page.keyboard.press("Enter");
    await page.locator('[data-network="offline"]').waitFor(WAIT);
    await page.locator('.pending[data-pending="1"]').waitFor(WAIT);

    // A reload keeps it.
    await page.reload();
    await page.locator('.pending[data-pending="1"]').waitFor(WAIT);
    assert.match(await page.locator(".pending").innerText(), new RegExp(code));

    // Back online: sent again, the server replays its first answer.
    await page.unroute("**/api/v1/stations/*/scans");
    // The queue retries by itself after a while; "Try again now" does it at once (unless the
    // retry was quicker).
    await page
      .getByRole("button", { name: "Try again now" })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await page.locator('[data-verdict="unknown_barcode"]').waitFor({ timeout: 20_000 });
    assert.match(await page.getByRole("alert").filter({ hasText: "Refused" }).innerText(), /judged before|queue/);
    await page.locator('.pending[data-pending="0"]').waitFor({ state: "attached", ...WAIT });
    assert.ok(reached >= 1);

    const log = await apiCall(page, "GET", `/api/v1/scans?station=${encodeURIComponent(pick.code)}&limit=1000`);
    assert.equal(log.status, 200);
    assert.equal(log.body.items.filter((s) => s.barcode === code).length, 1, "the scan is logged once");
    page.allowErrors(/ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
    page.expectNoErrors();
  },

  async "a code typed by hand is marked keyed, and a short pick asks for its reason"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL, { width: 360, height: 740 });
    await signIn(page, "admin", "tally-demo", "/stations");
    const { pick } = await stationsOf(page, "BER");
    const order = await releasedOrder(page);
    await page.goto(`/stations/${pick.code}`);
    await page.locator('main[data-action="scan_order"]').waitFor(WAIT);
    await scanOk(page, order.barcode);
    const bin = await field(page, "bin");

    // Typed at human speed: accepted, and marked keyed on the screen and in the scan log.
    await scanOk(page, `B:BER:${bin}`, { delay: 150 });
    const recent = page.getByRole("region", { name: "Recent scans" }).getByRole("listitem");
    await recent.filter({ hasText: `B:BER:${bin}` }).getByText("keyed", { exact: true }).waitFor(WAIT);
    assert.equal(await recent.filter({ hasText: order.barcode }).getByText("keyed", { exact: true }).count(), 0);
    const keyed = await apiCall(page, "GET", `/api/v1/scans?station=${encodeURIComponent(pick.code)}&entry=keyed&limit=1`);
    assert.equal(keyed.body.items[0].barcode, `B:BER:${bin}`);
    assert.equal(keyed.body.items[0].entry, "keyed");
    await expectAccessible(page, "pick station, a keyed entry");

    // The short pick button asks why before anything is recorded.
    await page.getByRole("button", { name: "Short pick (CMD-SHORT)" }).click();
    const dialog = page.getByRole("dialog", { name: "Short pick" });
    await dialog.getByLabel("Why is it short?").selectOption("damaged");
    await expectAccessible(page, "pick station, the short pick reason");
    const before = await answers(page);
    await dialog.getByRole("button", { name: "Report the short pick" }).click();
    await page.waitForFunction(
      (n) => Number(document.querySelector("main[data-answers]")?.getAttribute("data-answers")) > n,
      before,
      WAIT,
    );
    assert.equal(await verdict(page), "ok");
    await recent.filter({ hasText: "CMD-SHORT" }).filter({ hasText: "damaged" }).waitFor(WAIT);
    const log = await apiCall(page, "GET", `/api/v1/scans?station=${encodeURIComponent(pick.code)}&limit=1`);
    assert.equal(log.body.items[0].barcode, "CMD-SHORT");
    assert.equal(log.body.items[0].reason, "damaged");
    page.expectNoErrors();
  },
});
