// Drives the viewer in headless Chromium (playwright-core, no browser download: the system's
// chromium) and prints what a user would have seen as one JSON line for tests/viewer.rs.
// usage: node viewer.mjs BASE_URL ENTITY_NAME SEARCH_PREFIX SCREENSHOT.png CHROMIUM MERGE [MORE_QUERY]
// (MERGE is JSON {"name", "prefix", "reason", "token"}: the entity merged into ENTITY_NAME through
// the page and split off again, and the service's write token; MORE_QUERY, such as "&depth=2",
// is added to the page's URL)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [base, entity, prefix, screenshot, executablePath, mergeJson, extra = ""] = process.argv.slice(2);
const merge = JSON.parse(mergeJson);
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
// While the page is made to send refused writes, what they log is kept apart.
const refusals = { console_errors: [], bad_responses: [] };
let refusing = false;

/** What the page draws of the loaded entity: network, timeline and its listed merges. */
async function views(page) {
  return {
    nodes: await page.evaluate(() => cy.nodes().map((n) => n.data("label")).sort()),
    timeline_items: await page.$$eval("#timeline .vis-item .vis-item-content", (xs) => xs.map((x) => x.textContent.trim()).sort()),
    merges: await page.$$eval("#merges li", (xs) => xs.map((li) => ({
      name: li.querySelector(".name")?.textContent ?? null,
      text: li.textContent,
      split: li.classList.contains("split"),
      split_button: !!li.querySelector("button.split"),
    }))),
  };
}

/** Waits for the page's next load to be drawn in full. */
async function drawn(page) {
  await page.waitForSelector("main:not([aria-busy])", { timeout: 20000 });
  await page.waitForTimeout(300);
}

/** The shown refusal, once it differs from `before`. */
async function refusal(page, before) {
  await page.waitForFunction((b) => {
    const p = document.querySelector("#entity-error");
    return !p.hidden && p.textContent && p.textContent !== b;
  }, before, { timeout: 10000 });
  return page.textContent("#entity-error");
}
try {
  const page = context.pages()[0] || (await context.newPage());
  page.on("request", (r) => seen.requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") (refusing ? refusals : seen).console_errors.push(m.text()); });
  page.on("pageerror", (e) => seen.console_errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) (refusing ? refusals : seen).bad_responses.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
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
  await page.keyboard.press("Escape");

  // The entity panel lists the merges into the entity; another is picked to merge into it.
  await page.waitForSelector("#entity-panel:not([hidden]) #merges li", { timeout: 10000 });
  seen.entity_name = await page.textContent("#entity-name");
  seen.before_merge = await views(page);
  seen.token_field_hidden_before = !(await page.isVisible("#token-field"));
  await page.type("#merge-search", merge.prefix, { delay: 30 });
  await page.waitForSelector('#merge-suggestions li[role="option"]', { timeout: 10000 });
  seen.merge_suggestions = await page.$$eval('#merge-suggestions li[role="option"] .name', (xs) => xs.map((x) => x.textContent));
  await page.locator('#merge-suggestions li[role="option"] .name').getByText(merge.name, { exact: true }).click();
  await page.waitForSelector("#merge-confirm:not([hidden])", { timeout: 5000 });
  seen.merge_question = await page.textContent("#merge-question");

  // Refused first without the token, then without a reason: the page shows why.
  refusing = true;
  await page.click("#merge-submit");
  seen.refused_without_token = await refusal(page, "");
  seen.token_field_hidden_after = !(await page.isVisible("#token-field"));
  await page.fill("#token", merge.token);
  await page.click("#merge-submit");
  seen.refused_without_reason = await refusal(page, seen.refused_without_token);
  await page.waitForTimeout(300);
  refusing = false;
  seen.refusals = refusals;

  await page.fill("#merge-reason", merge.reason);
  await page.click("#merge-submit");
  await page.waitForSelector("#merges button.split", { timeout: 10000 });
  await drawn(page);
  seen.after_merge = await views(page);
  seen.error_after_merge = await page.$eval("#entity-error", (x) => (x.hidden ? null : x.textContent));

  // Split through its button: the merged entity's contacts leave again.
  await page.locator("#merges li", { has: page.locator(".name").getByText(merge.name, { exact: true }) })
    .locator("button.split").click();
  await page.waitForSelector("#merges li.split", { timeout: 10000 });
  await drawn(page);
  seen.after_split = await views(page);
  seen.error_after_split = await page.$eval("#entity-error", (x) => (x.hidden ? null : x.textContent));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(seen));
