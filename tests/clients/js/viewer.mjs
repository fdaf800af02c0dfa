// Drives the viewer in headless Chromium (playwright-core, no browser download: the system's
// chromium) and prints what a user would have seen as one JSON line for tests/viewer.rs.
// usage: node viewer.mjs BASE_URL ENTITY_NAME SEARCH_PREFIX SCREENSHOT.png CHROMIUM [MORE_QUERY]
// (MORE_QUERY, such as "&depth=2", is added to the page's URL)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [base, entity, prefix, screenshot, executablePath, extra = ""] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "eventgraph-viewer-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  viewport: { width: 1400, height: 1000 },
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
  ],
});
const seen = { requests: [], console_errors: [], failed: [], bad_responses: [] };
try {
  const page = context.pages()[0] || (await context.newPage());
  page.on("request", (r) => seen.requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") seen.console_errors.push(m.text()); });
  page.on("pageerror", (e) => seen.console_errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("response", (r) => { if (r.status() >= 400) seen.bad_responses.push(`${r.status()} ${r.url()}`); });
  // Anything not of this server is refused (and recorded above), never sent out.
  await page.route("**/*", (route) =>
    route.request().url().startsWith(base) ? route.continue() : route.abort("blockedbyclient"));

  await page.goto(`${base}/?entity=${encodeURIComponent(entity)}${extra}`, { waitUntil: "load" });
  await page.waitForFunction(() => typeof cy !== "undefined" && cy && cy.nodes().length > 0, null, { timeout: 20000 });
  await page.waitForSelector("#timeline .vis-item", { timeout: 20000 });
  await page.waitForTimeout(300);
  seen.title = await page.textContent("#network-title");
  seen.search_value = await page.inputValue("#search");
  seen.nodes = await page.evaluate(() => cy.nodes().map((n) => n.data("label")).sort());
  seen.edges = await page.evaluate(() => cy.edges().map((e) => [e.source().data("label"), e.target().data("label")].sort().join(" ~ ")).sort());
  seen.edge_colours = await page.evaluate(() => cy.edges().map((e) => `${e.data("category")} ${e.style("line-color")}`).sort());
  seen.timeline_items = await page.$$eval("#timeline .vis-item .vis-item-content", (xs) => xs.map((x) => x.textContent.trim()).sort());
  seen.histogram_bars = await page.$$eval("#histogram rect.bar", (xs) => xs.map((x) => x.getAttribute("data-month")).sort());
  seen.exports = await page.$$eval("#exports a", (xs) => xs.map((a) => a.getAttribute("href")));
  seen.cap_notice_hidden = await page.$eval("#cap-notice", (x) => x.hidden);
  seen.footer_links = await page.$$eval("footer a", (xs) => xs.map((a) => a.getAttribute("href")));

  // A click on the first event of the timeline shows its evidence.
  const inside = await page.$$eval("#timeline .vis-item .vis-item-content", (xs) => {
    const panel = document.querySelector("#timeline .vis-panel.vis-center").getBoundingClientRect();
    return xs.findIndex((x) => {
      const r = x.getBoundingClientRect();
      return r.left >= panel.left && r.right <= panel.right && r.top >= panel.top && r.bottom <= panel.bottom;
    });
  });
  await page.locator("#timeline .vis-item .vis-item-content").nth(Math.max(0, inside)).click();
  await page.waitForSelector("#details .evidence blockquote", { timeout: 10000 });
  await page.waitForTimeout(300);
  seen.event_title = (await page.textContent("#event-title")).trim();
  seen.event_date = await page.textContent("#details .event-date");
  seen.event_status = await page.textContent("#details .event-status");
  seen.participants = await page.$$eval("#details .participants li", (xs) => xs.map((x) => x.textContent.trim()));
  seen.evidence = await page.$$eval("#details .evidence blockquote", (xs) => xs.map((x) => x.textContent));
  seen.evidence_links = await page.$$eval("#details .evidence a", (xs) => xs.map((a) => a.getAttribute("href")));
  await page.screenshot({ path: screenshot, fullPage: true });

  // The search box suggests entities as one types.
  await page.fill("#search", "");
  await page.type("#search", prefix, { delay: 30 });
  await page.waitForSelector('#suggestions li[role="option"]', { timeout: 10000 });
  seen.suggestions = await page.$$eval('#suggestions li[role="option"] .name', (xs) => xs.map((x) => x.textContent));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(seen));
