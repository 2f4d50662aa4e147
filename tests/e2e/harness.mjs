// The browser tests' harness: a real `tally serve` on a fresh SQLite database with the
// demo data, Debian's Chromium driven by playwright-core, and a small runner that fails
// a test on any console error the page logs.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export { assert };

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = path.resolve(here, "../..");
const webDir = path.join(sourceDir, "web");
const require = createRequire(path.join(webDir, "package.json"));
const { chromium } = require("playwright-core");

export const screenshotDir = process.env.TALLY_SCREENSHOT_DIR ?? path.join(sourceDir, "build", "screenshots");

// axe-core checks the page as it is against the WCAG 2.0 and 2.1 A and AA rules (contrast,
// names and labels, ARIA use, lists and tables, language, bypass blocks);
// `expectAccessible` fails with every violation it finds.
const axePath = require.resolve("axe-core/axe.min.js");
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export async function expectAccessible(page, label) {
  // Let finite transitions and animations end first: a verdict fading in is measured at
  // its final colours. (The live indicator's dot pulses forever; it has no text.)
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  // Evaluated rather than added as a script tag: the pages' Content-Security-Policy allows
  // no inline script, and a test tool is no reason to weaken it.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(readFileSync(axePath, "utf8"));
  const violations = await page.evaluate(
    async (tags) =>
      (await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })).violations.map(
        (v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
        }),
      ),
    WCAG_AA,
  );
  if (violations.length === 0) return;
  const lines = [`${label} (${page.url()}): ${violations.length} accessibility violation(s)`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact}] ${v.help}`);
    for (const n of v.nodes) {
      lines.push(`    ${n.target}`);
      for (const line of (n.summary ?? "").split("\n")) if (line.trim()) lines.push(`      ${line.trim()}`);
    }
  }
  assert.fail(lines.join("\n"));
}

// Starts `tally serve` and resolves once it prints the address it serves on. With the demo
// data, or (`demo: false`) on an empty database whose only row is the first admin, added
// as an operator adds one: `tally user add NAME --role admin`, the password on stdin.
export async function startTally({ demo = true, admin = { username: "admin", password: "tally-demo" } } = {}) {
  const binary = process.env.TALLY_BINARY ?? path.join(sourceDir, "build/asan/src/cli/tally");
  const dir = mkdtempSync(path.join(tmpdir(), "tally-e2e-"));
  const db = `sqlite:${path.join(dir, "tally.db")}`;
  const env = {
    ...process.env,
    TALLY_WEB_ROOT: process.env.TALLY_WEB_ROOT ?? path.join(webDir, "dist"),
    ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? "detect_leaks=0",
  };
  if (!demo) {
    const added = spawnSync(binary, ["user", "add", admin.username, "--role", "admin", "--db", db], {
      env,
      input: `${admin.password}\n`,
      encoding: "utf8",
    });
    if (added.status !== 0) throw new Error(`tally user add failed:\n${added.stdout}${added.stderr}`);
  }
  const child = spawn(binary, ["serve", "--db", db, ...(demo ? ["--demo"] : []), "--listen", "127.0.0.1:0"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tally did not start:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(/serving on (http:\/\/[0-9.:]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`tally exited with ${code}:\n${output}`)));
  });
  child.removeAllListeners("exit");
  return {
    url,
    output: () => output,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.TALLY_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

// A page in its own browser context (own cookies) that records console errors and
// uncaught exceptions; `expectNoErrors()` fails the test when there were any.
export async function openPage(browser, baseURL, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  // A 4xx answer is part of a flow (a refused sign-in, a field error shown to the user);
  // Chromium logs it as "Failed to load resource", which is not an error of the app's.
  // Every 5xx answer is.
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() !== "error") return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    errors.push(`console: ${text}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 500) errors.push(`server: ${response.status()} ${response.url()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.expectNoErrors = () => assert.deepEqual(errors, [], "the page logged errors");
  page.allowErrors = (pattern) => {
    for (let i = errors.length - 1; i >= 0; i--) if (pattern.test(errors[i])) errors.splice(i, 1);
  };
  return page;
}

export async function signIn(page, username = "admin", password = "tally-demo", next = "/") {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

// Calls the API as the page's signed-in user (same cookies), for setup and checks. It says
// where it comes from as the page's own fetch would: a change made with the session cookie
// needs the Origin of the server.
export async function apiCall(page, method, urlPath, body) {
  const origin = { Origin: new URL(page.url()).origin };
  const response = await page.request.fetch(urlPath, {
    method,
    data: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? origin : { ...origin, "Content-Type": "application/json" },
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status(), body: json };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Runs the named tests one after another against one server and one browser; `options`
// go to startTally.
export async function run(tests, options) {
  const tally = await startTally(options);
  const browser = await launchBrowser();
  let failed = 0;
  try {
    for (const [name, fn] of Object.entries(tests)) {
      const started = Date.now();
      try {
        await fn({ browser, baseURL: tally.url });
        console.log(`ok   ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        console.log(`FAIL ${name}\n${error.stack ?? error}`);
      }
    }
  } finally {
    await browser.close();
    await tally.stop();
  }
  if (failed > 0) {
    console.log(`${failed} test(s) failed; server output:\n${tally.output().slice(-4000)}`);
    process.exit(1);
  }
}

// The reason the server gave for the field labelled `label`, as shown beside it.
export async function fieldReason(page, label) {
  const input = page.getByLabel(label, { exact: true });
  await page.waitForFunction(
    (el) => el.getAttribute("aria-invalid") === "true",
    await input.elementHandle(),
    { timeout: 5000 },
  );
  const describedBy = await input.getAttribute("aria-describedby");
  return page.locator(`[id="${describedBy}"]`).innerText();
}
