// A fresh install set up and run from the browser alone: on an empty database (only the
// first admin) the screens create a warehouse, bins, a box type, products, stock, a carrier
// and a shipping rule, stations and a label printer; an order entered by hand is picked
// from its printed pick list (the order barcode read off the printed image, never typed),
// packed, loaded and shipped when the trailer closes. Then the remaining setup screens:
// fulfillment settings, dock doors, reorder points, moves, adjustments and CSV uploads.
import net from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { apiCall, assert, expectAccessible, openPage, run, screenshot, signIn, sourceDir } from "./harness.mjs";

const require = createRequire(path.join(sourceDir, "web", "package.json"));
const zxing = require("@zxing/library");

const WAIT = { timeout: 15_000 };
const ADMIN = { username: "admin", password: "setup-admin-password-1" };

const answers = async (page) => Number(await page.locator("main[data-answers]").getAttribute("data-answers"));
const action = (page) => page.locator("main[data-action]").getAttribute("data-action");
const field = (page, name) => page.locator(`.instruction [data-field="${name}"]`).first().innerText();

async function scanOk(page, code) {
  const before = await answers(page);
  await page.keyboard.type(code);
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (n) => Number(document.querySelector("main[data-answers]")?.getAttribute("data-answers")) > n,
    before,
    WAIT,
  );
  const verdict = await page.locator("[data-verdict]").getAttribute("data-verdict");
  if (verdict !== "ok") assert.fail(`scan ${code} was ${verdict}: ${await page.locator("[data-verdict]").innerText()}`);
}

// Reads the barcode an <img> shows, as a scanner reads paper: the picture's pixels (drawn
// on a white margin, the quiet zone) decoded by ZXing's Code 128 reader.
async function readBarcode(image) {
  const { width, height, pixels } = await image.evaluate(async (img) => {
    await img.decode();
    const margin = 20;
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth + 2 * margin;
    canvas.height = img.naturalHeight + 2 * margin;
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(img, margin, margin);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const luminance = [];
    for (let i = 0; i < data.length; i += 4) luminance.push(Math.round((data[i] + 2 * data[i + 1] + data[i + 2]) / 4));
    return { width: canvas.width, height: canvas.height, pixels: luminance };
  });
  const source = new zxing.RGBLuminanceSource(Uint8ClampedArray.from(pixels), width, height);
  const hints = new Map([
    [zxing.DecodeHintType.POSSIBLE_FORMATS, [zxing.BarcodeFormat.CODE_128]],
    [zxing.DecodeHintType.TRY_HARDER, true],
  ]);
  const reader = new zxing.MultiFormatReader();
  reader.setHints(hints);
  return reader.decode(new zxing.BinaryBitmap(new zxing.HybridBinarizer(source))).getText();
}

// Fills the labelled fields of `scope`: [label, value] pairs.
async function fill(scope, pairs) {
  for (const [label, value] of pairs) await scope.getByLabel(label, { exact: true }).fill(value);
}

async function notice(page, text) {
  await page.getByRole("status").filter({ hasText: text }).waitFor(WAIT);
}

await run(
  {
    async "a fresh install is set up in the browser and ships an order from its printed pick list"({ browser, baseURL }) {
      const started = Date.now();
      const page = await openPage(browser, baseURL);
      await signIn(page, ADMIN.username, ADMIN.password, "/admin/warehouses");
      const empty = await apiCall(page, "GET", "/api/v1/warehouses");
      assert.deepEqual(empty.body.items, [], "the database starts empty");

      // A warehouse.
      const warehouseForm = page.getByRole("region", { name: "New warehouse" });
      await fill(warehouseForm, [
        ["Code", "HAM"],
        ["Name", "Hamburg"],
        ["Time zone", "Europe/Berlin"],
        ["Country", "DE"],
        ["Address line 1", "Am Sandtorkai 1"],
        ["Postal code", "20457"],
        ["City", "Hamburg"],
        ["Latitude", "53.543"],
        ["Longitude", "9.990"],
      ]);
      await warehouseForm.getByRole("button", { name: "Create warehouse" }).click();
      await notice(page, "Warehouse HAM is created.");
      await page.getByRole("cell", { name: "HAM", exact: true }).waitFor(WAIT);

      // Bins: two shelves in walking order.
      await page.goto("/admin/bins?warehouse=HAM");
      const binForm = page.getByRole("region", { name: "New bin in HAM" });
      for (const [code, sequence] of [
        ["A-01-01", "10"],
        ["A-01-02", "20"],
      ]) {
        await fill(binForm, [
          ["Bin code", code],
          ["Zone", "A"],
          ["Pick sequence", sequence],
        ]);
        await binForm.getByRole("button", { name: "Create bin" }).click();
        await notice(page, `Bin ${code} is created in HAM.`);
      }
      await page.getByRole("link", { name: "A-01-02", exact: true }).waitFor(WAIT);
      // The shelf labels, as printed from this list.
      const binLabel = {};
      for (const code of ["A-01-01", "A-01-02"]) {
        binLabel[code] = await page.getByRole("row").filter({ has: page.getByRole("link", { name: code, exact: true }) }).locator("code").innerText();
      }
      assert.match(binLabel["A-01-01"], /A-01-01/);

      // A box to pack into.
      await page.goto("/admin/box-types");
      const boxForm = page.getByRole("region", { name: "New box type" });
      await fill(boxForm, [
        ["Code", "M"],
        ["Name", "Medium box"],
        ["Inside length (mm)", "300"],
        ["Inside width (mm)", "200"],
        ["Inside height (mm)", "150"],
        ["Tare (g)", "150"],
        ["Max load (g)", "10000"],
        ["Cost", "0.50"],
      ]);
      await boxForm.getByRole("button", { name: "Create box type" }).click();
      await notice(page, "Box type M is created.");

      // Products: a mug, and a tea whose lots and expiry are tracked.
      for (const [sku, name, tracked] of [
        ["MUG-01", "Stoneware mug", false],
        ["TEA-01", "Green tea 100 g", true],
      ]) {
        await page.goto("/console/products/new");
        const productForm = page.getByRole("form", { name: "New product" });
        await fill(productForm, [
          ["SKU", sku],
          ["Name", name],
          ["Price", "12.99"],
          ["Unit cost", "4.00"],
          ["Weight (g)", "350"],
          ["Length (mm)", "120"],
          ["Width (mm)", "90"],
          ["Height (mm)", "100"],
        ]);
        if (tracked) {
          await productForm.getByLabel("Lot-tracked", { exact: true }).check();
          await productForm.getByLabel("Expiry-tracked", { exact: true }).check();
        }
        await productForm.getByRole("button", { name: "Create product" }).click();
        await page.waitForURL(/\/console\/products\/\d+$/, WAIT);
        await page.getByRole("heading", { name: new RegExp(sku) }).first().waitFor(WAIT);
      }

      // Stock received into the bins; the tea asks for its lot and expiry.
      await page.goto("/console/inventory/receive");
      const receipt = page.getByRole("form", { name: "Receive stock" });
      await fill(receipt, [
        ["Bin", "A-01-01"],
        ["SKU", "MUG-01"],
        ["Quantity", "20"],
        ["Reference", "PO-1"],
      ]);
      assert.equal(await receipt.getByLabel("Lot", { exact: true }).count(), 0, "a mug has no lot");
      await screenshot(page, "setup-receive");
      await expectAccessible(page, "receive stock");
      await receipt.getByRole("button", { name: "Receive stock" }).click();
      await notice(page, "Received 20 of MUG-01 into A-01-01 in HAM: on hand 20, reserved 0, available 20.");
      await fill(receipt, [
        ["Bin", "A-01-02"],
        ["SKU", "TEA-01"],
        ["Quantity", "12"],
      ]);
      await receipt.getByLabel("Lot", { exact: true }).waitFor(WAIT);
      // Without its lot the tea is refused, the field named.
      await receipt.getByRole("button", { name: "Receive stock" }).click();
      await receipt.getByLabel("Lot", { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor(WAIT);
      await fill(receipt, [
        ["Lot", "L2027A"],
        ["Expiry", "2028-06-30"],
      ]);
      await expectAccessible(page, "receive stock with a lot and expiry");
      await receipt.getByRole("button", { name: "Receive stock" }).click();
      await notice(page, "Received 12 of TEA-01 into A-01-02 in HAM");

      // A carrier with a service, and the rule that sends everything with it.
      await page.goto("/admin/carriers");
      const carrierForm = page.getByRole("region", { name: "New carrier" });
      await fill(carrierForm, [
        ["Carrier code", "DHL"],
        ["Name", "DHL Paket"],
        ["Tracking URL", "https://www.dhl.de/track?piececode={tracking}"],
        ["Service 1 code", "PAK"],
        ["Service 1 name", "Paket"],
      ]);
      await carrierForm.getByLabel("Mon", { exact: true }).check();
      await carrierForm.getByLabel("Thu", { exact: true }).check();
      await expectAccessible(page, "carriers, a new carrier");
      await carrierForm.getByRole("button", { name: "Create carrier" }).click();
      await notice(page, "Carrier DHL is created.");
      await page.getByRole("cell", { name: "PAK (standard)" }).waitFor(WAIT);
      await screenshot(page, "setup-carriers");

      await page.goto("/admin/shipping-rules");
      const rules = page.getByRole("form", { name: "Shipping rules" });
      await rules.getByText("No shipping rules yet.").waitFor(WAIT);
      await rules.getByRole("button", { name: "Add a rule" }).click();
      await rules.getByLabel("Rule 1 country", { exact: true }).fill("DE");
      assert.equal(await rules.getByLabel("Rule 1 carrier", { exact: true }).inputValue(), "DHL");
      assert.equal(await rules.getByLabel("Rule 1 service", { exact: true }).inputValue(), "PAK");
      await rules.getByRole("button", { name: "Save shipping rules" }).click();
      await notice(page, "1 shipping rule is saved.");
      await expectAccessible(page, "shipping rules");
      await screenshot(page, "setup-shipping-rules");

      // Stations, and the pack bench's label printer (a fake Zebra on raw TCP).
      await page.goto("/console/stations");
      const stationForm = page.getByRole("form", { name: "Set up a station" });
      for (const [code, type] of [
        ["HAM-PICK", "pick"],
        ["HAM-PACK", "pack"],
        ["HAM-LOAD", "load"],
      ]) {
        await stationForm.getByLabel("Station code", { exact: true }).fill(code);
        await stationForm.getByLabel("Type", { exact: true }).selectOption(type);
        await stationForm.getByRole("button", { name: "Set up station" }).click();
        await notice(page, `Station ${code} is set up.`);
      }
      const labels = [];
      const printer = net.createServer((socket) => {
        let data = "";
        socket.on("data", (chunk) => (data += chunk));
        socket.on("end", () => labels.push(data));
      });
      await new Promise((resolve) => printer.listen(0, "127.0.0.1", resolve));
      await page.goto("/admin/printers?warehouse=HAM");
      const printerForm = page.getByRole("region", { name: "New printer in HAM" });
      await fill(printerForm, [
        ["Printer code", "HAM-ZPL-1"],
        ["Name", "Pack bench"],
        ["Host", "127.0.0.1"],
        ["Port", String(printer.address().port)],
      ]);
      await printerForm.getByRole("button", { name: "Register printer" }).click();
      await notice(page, "Printer HAM-ZPL-1 is registered in HAM.");

      // An order taken by phone.
      await page.goto("/console/orders");
      await page.getByRole("link", { name: "New order" }).click();
      const orderForm = page.getByRole("form", { name: "New order" });
      await orderForm.getByLabel("Order reference", { exact: true }).waitFor(WAIT);
      await fill(orderForm, [
        ["Order reference", `PHONE-${Date.now()}`],
        ["Customer name", "Grete Hansen"],
        ["Customer email", "grete@example.com"],
        ["Recipient", "Grete Hansen"],
        ["Street and number", "Jungfernstieg 7"],
        ["Postal code", "20354"],
        ["City", "Hamburg"],
        ["Country", "de"],
        ["Line 1 SKU", "MUG-01"],
        ["Line 1 quantity", "2"],
        ["Line 1 unit price", "12.99"],
      ]);
      // A second line with an unknown SKU is refused by name; nothing is taken in.
      await orderForm.getByRole("button", { name: "Add a line" }).click();
      await fill(orderForm, [
        ["Line 2 SKU", "NO-SUCH-SKU"],
        ["Line 2 quantity", "1"],
      ]);
      await orderForm.getByRole("button", { name: "Take the order" }).click();
      await orderForm.getByLabel("Line 2 SKU", { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor(WAIT);
      const none = await apiCall(page, "GET", "/api/v1/orders");
      assert.equal(none.body.items.length, 0, "a refused order writes nothing");
      await screenshot(page, "setup-new-order");
      await expectAccessible(page, "new order, a line refused");
      await orderForm.getByRole("button", { name: "Remove line 2" }).click();
      await orderForm.getByRole("button", { name: "Take the order" }).click();
      await page.waitForURL(/\/console\/orders\/\d+$/, WAIT);
      const orderId = Number(new URL(page.url()).pathname.split("/").pop());
      await page.getByRole("heading", { name: /Allocated/ }).waitFor(WAIT);
      await page.getByRole("button", { name: "Release to picking" }).click();
      await notice(page, "Released to the pick queue.");

      // The printed pick list: the order's barcode and where each unit is.
      await page.getByRole("link", { name: "Pick list" }).click();
      await page.waitForURL(`**/console/orders/${orderId}/pick-list`, WAIT);
      const sheet = page.getByRole("region", { name: `Pick list of ORD-${orderId}` });
      const line = sheet.locator('tr[data-sku="MUG-01"]');
      await line.waitFor(WAIT);
      assert.equal(await line.getAttribute("data-bin"), "A-01-01");
      assert.match(await line.innerText(), /A-01-01\s+MUG-01\s+Stoneware mug\s+—\s+2/);
      await expectAccessible(page, "pick list");
      await screenshot(page, "setup-pick-list");
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator(".topbar").isVisible(), false, "the navigation is not printed");
      assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false);
      await screenshot(page, "setup-pick-list-print");
      await page.emulateMedia({ media: "screen" });
      const code = await readBarcode(sheet.getByRole("img", { name: /^Order barcode/ }));
      assert.equal(code, `ORD-${orderId}`);

      // Picked: the code read off the paper starts the pick.
      await page.goto("/stations/HAM-PICK");
      await page.locator('main[data-action="scan_order"]').waitFor(WAIT);
      await scanOk(page, code);
      for (let i = 0; i < 20 && (await action(page)) !== "done"; i++) {
        const next = await action(page);
        if (next === "scan_bin") await scanOk(page, binLabel[await field(page, "bin")]);
        else if (next === "scan_item") await scanOk(page, await field(page, "sku"));
        else assert.fail(`unexpected pick step ${next}`);
      }
      await page.locator('[data-field="done"]').waitFor(WAIT);

      // Packed: the scale reads a weight inside the range, the label prints by itself.
      await page.goto("/stations/HAM-PACK");
      await page.locator('main[data-action="scan_order"]').waitFor(WAIT);
      await scanOk(page, code);
      assert.equal(await field(page, "carrier"), "DHL");
      for (let i = 0; i < 10 && (await action(page)) === "scan_item"; i++) await scanOk(page, await field(page, "sku"));
      assert.equal(await action(page), "weigh");
      const min = Number(await field(page, "weight-min"));
      const max = Number(await field(page, "weight-max"));
      await scanOk(page, String(Math.round((min + max) / 2)));
      await page.getByRole("status").filter({ hasText: "Label sent to HAM-ZPL-1" }).waitFor(WAIT);
      assert.equal(await action(page), "scan_tracking");
      // A UPS-style tracking number: never read as a GS1 code (18 digits could be an SSCC).
      await scanOk(page, `1Z${Date.now()}`);
      assert.equal(await action(page), "done");
      for (let i = 0; i < 100 && labels.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      printer.close();
      assert.equal(labels.length, 1);
      assert.match(labels[0], /^\^XA[\s\S]*\^XZ\s*$/);

      // Loaded: a trailer opened at the dock, the staged carton on it, closed.
      await page.goto("/stations/HAM-LOAD");
      await page.locator('main[data-action="scan_trailer"]').waitFor(WAIT);
      await page.getByRole("button", { name: "Open trailer" }).click();
      const trailer = page.locator("[data-trailer]").first();
      await trailer.waitFor(WAIT);
      const trailerCode = await trailer.getAttribute("data-trailer");
      await scanOk(page, trailerCode);
      assert.equal(await action(page), "scan_carton");
      const missing = await page.locator('[data-field="missing"] li').evaluateAll((items) => items.map((li) => li.getAttribute("data-sscc")));
      assert.equal(missing.length, 1);
      await scanOk(page, missing[0]);
      await page.locator(".all-loaded").waitFor(WAIT);
      await scanOk(page, "CMD-CLOSE");
      assert.equal(await action(page), "done");

      await page.goto(`/console/orders/${orderId}`);
      await page.getByRole("heading", { name: /Shipped/ }).waitFor(WAIT);
      const shipped = await apiCall(page, "GET", `/api/v1/orders/${orderId}`);
      assert.equal(shipped.body.status, "shipped");
      const fsck = await apiCall(page, "GET", "/api/v1/inventory/fsck");
      assert.equal(fsck.status, 200);
      assert.deepEqual(fsck.body, { ok: true, issues: [] });
      page.expectNoErrors();
      console.log(`     set up and shipped in ${Date.now() - started} ms`);
    },

    async "settings, docks, reorder points, moves, adjustments and CSV uploads have screens"({ browser, baseURL }) {
      const page = await openPage(browser, baseURL);
      await signIn(page, ADMIN.username, ADMIN.password, "/admin/fulfillment");

      // Fulfillment settings: a bad prefix is named, a good one saved.
      const settings = page.getByRole("region", { name: "Fulfillment settings" });
      await settings.getByLabel("SSCC company prefix", { exact: true }).waitFor(WAIT);
      await settings.getByLabel("SSCC company prefix", { exact: true }).fill("12");
      await settings.getByRole("button", { name: "Save settings" }).click();
      await settings.getByLabel("SSCC company prefix", { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor(WAIT);
      await settings.getByLabel("SSCC company prefix", { exact: true }).fill("4012345");
      await settings.getByLabel("Expiry warning (days)", { exact: true }).fill("45");
      await settings.getByRole("button", { name: "Save settings" }).click();
      await notice(page, "The fulfillment settings are saved.");
      const saved = await apiCall(page, "GET", "/api/v1/fulfillment/settings");
      assert.equal(saved.body.sscc_company_prefix, "4012345");
      assert.equal(saved.body.expiry_warning_days, 45);
      await expectAccessible(page, "fulfillment settings");
      await screenshot(page, "setup-fulfillment-settings");

      // A dock door.
      await page.goto("/admin/docks?warehouse=HAM");
      const dockForm = page.getByRole("region", { name: "New dock door in HAM" });
      await dockForm.getByLabel("Door", { exact: true }).fill("d1");
      await dockForm.getByLabel("Kind", { exact: true }).selectOption("inbound");
      await dockForm.getByRole("button", { name: "Create dock door" }).click();
      await notice(page, "Dock door D1 is created in HAM.");
      await page.getByRole("cell", { name: "D1", exact: true }).waitFor(WAIT);
      await expectAccessible(page, "dock doors");
      await screenshot(page, "setup-docks");

      // A reorder point.
      await page.goto("/console/inventory/thresholds");
      const threshold = page.getByRole("region", { name: "Set a reorder point" });
      await fill(threshold, [
        ["SKU", "MUG-01"],
        ["Reorder point", "5"],
        ["Safety stock", "2"],
        ["Lead time (days)", "7"],
      ]);
      await threshold.getByRole("button", { name: "Save reorder point" }).click();
      await notice(page, "The reorder point of MUG-01 in HAM is 5.");
      await page.getByRole("row").filter({ hasText: "MUG-01" }).filter({ hasText: "HAM" }).waitFor(WAIT);
      await expectAccessible(page, "reorder points");
      await screenshot(page, "setup-reorder-points");

      // A move between bins, and an adjustment.
      await page.goto("/console/inventory/move");
      const move = page.getByRole("form", { name: "Move stock" });
      await fill(move, [
        ["From bin", "A-01-01"],
        ["To bin", "A-01-02"],
        ["SKU", "MUG-01"],
        ["Quantity", "3"],
      ]);
      await move.getByRole("button", { name: "Move stock" }).click();
      await notice(page, "Moved 3 of MUG-01 from A-01-01 to A-01-02: on hand 18, reserved 0, available 18.");
      await expectAccessible(page, "move stock");
      await screenshot(page, "setup-move");
      await page.goto("/console/inventory/adjust");
      const adjust = page.getByRole("form", { name: "Adjust stock" });
      await fill(adjust, [
        ["Bin", "A-01-02"],
        ["SKU", "MUG-01"],
        ["Change in units", "-1"],
      ]);
      await adjust.getByLabel("Reason", { exact: true }).selectOption("damaged_in_storage");
      await adjust.getByRole("button", { name: "Adjust stock" }).click();
      await notice(page, "Adjusted MUG-01 in HAM: on hand 17");

      // CSV uploads: a bad row is listed and nothing saved; the fixed file goes in.
      await page.goto("/console/imports");
      const products = page.getByRole("region", { name: "Products", exact: true });
      const file = (name, text) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
      await products.getByLabel("Products CSV file", { exact: true }).setInputFiles(
        file("products.csv", "sku,name,currency,price,weight_g\nCUP-01,Espresso cup,EUR,450,120\nCUP-02,Saucer,EUR,cheap,80\n"),
      );
      await products.getByRole("button", { name: "Upload products" }).click();
      const refused = products.getByRole("table", { name: "Rows refused in the products file" });
      await refused.waitFor(WAIT);
      assert.match(await refused.getByRole("row").nth(1).innerText(), /^3\s+price\s+/);
      await expectAccessible(page, "imports, a refused row");
      await screenshot(page, "setup-imports-refused");
      const none = await apiCall(page, "GET", "/api/v1/products?sku=CUP-01");
      assert.equal(none.body.items.length, 0, "nothing of a refused file is saved");
      await products.getByLabel("Products CSV file", { exact: true }).setInputFiles(
        file("products.csv", "sku,name,currency,price,weight_g\nCUP-01,Espresso cup,EUR,450,120\nCUP-02,Saucer,EUR,300,80\n"),
      );
      await products.getByRole("button", { name: "Upload products" }).click();
      await notice(page, "products.csv: 2 products created, 0 updated.");

      const stock = page.getByRole("region", { name: "Opening stock" });
      await stock.getByLabel("Opening stock CSV file", { exact: true }).setInputFiles(
        file("stock.csv", "warehouse,bin,sku,quantity\nHAM,A-01-02,CUP-01,30\nHAM,A-01-02,CUP-02,30\n"),
      );
      await stock.getByRole("button", { name: "Upload opening stock" }).click();
      await notice(page, "stock.csv: 2 stock rows received.");

      const orders = page.getByRole("region", { name: "Orders", exact: true });
      await orders.getByLabel("Orders CSV file", { exact: true }).setInputFiles(
        file(
          "orders.csv",
          "external_id,currency,customer_name,ship_name,ship_line1,ship_city,ship_country,sku,quantity,unit_price\n" +
            "CSV-1,EUR,Ada,Ada Lovelace,Unter den Linden 1,Berlin,DE,CUP-01,2,450\nCSV-1,,,,,,,CUP-02,2,300\n" +
            "CSV-2,EUR,Bo,Bo Berg,Am Markt 2,Bremen,DE,CUP-01,1,450\n",
        ),
      );
      await orders.getByRole("button", { name: "Upload orders" }).click();
      await notice(page, "orders.csv: 2 orders taken in: 2 allocated, 0 backordered, 0 on hold.");
      await expectAccessible(page, "imports, all uploaded");
      await screenshot(page, "setup-imports");

      // The warehouse's pick queue printed, then made into a batch with its own barcode.
      const released = await apiCall(page, "POST", "/api/v1/warehouses/HAM/release", {});
      assert.equal(released.status, 200, JSON.stringify(released.body));
      await page.goto("/console/orders");
      await page.getByRole("link", { name: "Pick lists" }).click();
      await page.waitForURL("**/console/pick-lists", WAIT);
      await page.locator('.pick-sheet tr[data-sku="CUP-02"]').waitFor(WAIT);
      assert.equal(await page.locator(".pick-sheet").count(), 2);
      await expectAccessible(page, "pick lists of the queue");
      await screenshot(page, "setup-pick-queue");
      const batchForm = page.getByRole("form", { name: "Make a pick batch" });
      await batchForm.getByLabel("Orders in the batch", { exact: true }).fill("2");
      await batchForm.getByRole("button", { name: "Make a batch" }).click();
      await page.waitForURL(/\/console\/pick-batches\/\d+\/pick-list$/, WAIT);
      const batchId = Number(new URL(page.url()).pathname.split("/")[3]);
      const batchSheet = page.getByRole("region", { name: `Batch BAT-${batchId}` });
      assert.equal(await readBarcode(batchSheet.getByRole("img", { name: /^Batch barcode/ })), `BAT-${batchId}`);
      await page.locator('.pick-sheet tr[data-sku="CUP-02"]').waitFor(WAIT);
      assert.match(await page.locator(".pick-sheet h2").nth(1).innerText(), /tote TOTE-\d+-1/);
      await expectAccessible(page, "batch pick list");
      await screenshot(page, "setup-batch-pick-list");

      // An order split over two warehouses: its pick list has a sheet for each.
      const bremen = { code: "BRE", name: "Bremen", timezone: "Europe/Berlin", country: "DE", latitude: 53.08, longitude: 8.8 };
      assert.equal((await apiCall(page, "POST", "/api/v1/warehouses", bremen)).status, 201);
      assert.equal((await apiCall(page, "POST", "/api/v1/warehouses/BRE/bins", { code: "B-01-01", pick_sequence: 1 })).status, 201);
      const receipt = { warehouse: "BRE", bin: "B-01-01", sku: "CUP-02", quantity: 5 };
      assert.equal((await apiCall(page, "POST", "/api/v1/inventory/receipts", receipt)).status, 201);
      const split = await apiCall(page, "POST", "/api/v1/orders", {
        external_id: "SPLIT-1",
        currency: "EUR",
        ship_to: { name: "Cy", line1: "Obernstraße 1", city: "Bremen", country: "DE" },
        lines: [{ sku: "CUP-02", quantity: 30 }],
      });
      assert.equal(split.status, 201, JSON.stringify(split.body));
      assert.deepEqual(split.body.allocations.map((a) => a.warehouse).sort(), ["BRE", "HAM"]);
      await page.goto(`/console/orders/${split.body.id}/pick-list`);
      await page.locator('.pick-sheet tr[data-bin="B-01-01"]').waitFor(WAIT);
      await page.locator('.pick-sheet tr[data-bin="A-01-02"]').waitFor(WAIT);
      assert.equal(await page.locator(".pick-sheet").count(), 2);
      assert.match(await page.locator(".pick-sheet").filter({ hasText: "from BRE" }).locator('tr[data-bin="B-01-01"]').innerText(), /\b5\b/);
      page.expectNoErrors();
    },
  },
  { demo: false, admin: ADMIN },
);
