// The app is served by tally, signs a user in and follows deep links after sign-in.
import { assert, expectAccessible, openPage, run, signIn } from "./harness.mjs";

await run({
  async "a deep link survives the sign-in and the back button works"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await page.goto("/console/orders");
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel("User name").waitFor();
    assert.equal(await page.title(), "Sign in · Tally");
    await expectAccessible(page, "sign-in page");
    await signIn(page, "admin", "tally-demo", "/console/orders");
    assert.equal(new URL(page.url()).pathname, "/console/orders");
    await page.goto("/console/products");
    await page.goBack();
    await page.waitForURL((url) => url.pathname === "/console/orders");
    // Every page names itself, here too after the console.
    await page.getByRole("link", { name: "Scan" }).click();
    await page.waitForURL((url) => url.pathname === "/stations");
    await page.waitForFunction(() => document.title === "Stations · Tally");
    page.expectNoErrors();
  },

  async "a wrong password is shown as a readable message"({ browser, baseURL }) {
    const page = await openPage(browser, baseURL);
    await page.goto("/sign-in");
    await page.getByLabel("User name").fill("admin");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.innerText(), /password|sign/i);
    await expectAccessible(page, "sign-in page with a refusal");
    page.expectNoErrors();
  },
});
