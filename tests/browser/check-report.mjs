// Opens a brieflint HTML report in headless Chromium and prints what it sees as
// JSON: load time, the brief list, the marks and notes of one brief before and
// after filtering, and whether any script from a brief ran. tests/html_report.rs
// makes the assertions. Usage: node check-report.mjs REPORT.html BRIEF_PATH SCREENSHOT.png
import { chromium } from "playwright-core";

const [report, briefPath, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const dialogs = [];
page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
const requests = [];
page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
await page.goto("file://" + report, { waitUntil: "load" });
const renderedMs = Number(await page.getAttribute("body", "data-rendered-ms"));
const out = { renderedMs, dialogs, requests };
out.headline = await page.textContent("#headline");
out.rows = await page.$$eval("#briefs tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
const seen = async () => ({
  marks: await page.$$eval("#brief mark", (ms) => ms.map((m) => ({ ids: m.dataset.ids.split(" ").map(Number), rules: m.dataset.rules, cls: m.className, text: m.textContent }))),
  notes: await page.$$eval("#brief .note", (ns) => ns.map((n) => ({ id: Number(n.dataset.id), rule: n.querySelector(".rule").textContent, msg: n.querySelector(".msg").textContent }))),
  related: await page.$$eval("#brief .related a", (as) => as.map((a) => a.getAttribute("href"))),
  text: (await page.textContent("#brief")).slice(0, 100000),
});
if (briefPath) {
  // The brief is drawn on `hashchange`, after the click returns: wait for it.
  const shown = (path) => page.waitForFunction((p) => document.querySelector("#brief h2")?.textContent === p, path);
  await page.click(`#briefs a:text-is(${JSON.stringify(briefPath)})`);
  await shown(briefPath);
  out.brief = await seen();
  await page.screenshot({ path: screenshot, fullPage: false });
  await page.uncheck('input[data-severity="warning"]');
  out.withoutWarnings = await seen();
  out.rowsWithoutWarnings = await page.$$eval("#briefs tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  await page.check('input[data-severity="warning"]');
  const firstRule = out.brief.notes[0] && out.brief.notes[0].rule;
  if (firstRule) {
    await page.click("#filters details summary");
    await page.uncheck(`input[data-rule=${JSON.stringify(firstRule)}]`);
    out.withoutRule = { rule: firstRule, ...(await seen()) };
    await page.check(`input[data-rule=${JSON.stringify(firstRule)}]`);
  }
  if (out.brief.related.length) {
    const target = await page.textContent("#brief .related a");
    await page.click("#brief .related a");
    await shown(target.slice(0, target.indexOf(":")));
    out.afterRelated = { hash: await page.evaluate(() => location.hash), title: await page.textContent("#brief h2") };
  }
} else {
  await page.screenshot({ path: screenshot, fullPage: false });
}
out.pwned = await page.evaluate(() => window.__pwned || null);
console.log(JSON.stringify(out));
await browser.close();
