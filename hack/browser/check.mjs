// Browser checks of tornado's report, in Debian's Chromium driven by playwright-core.
//
//   node check.mjs page REPORT.html SCREENSHOT.png   open the report, click a failing cell and a
//                                                     changed node, take a screenshot
//   node check.mjs mermaid FILE.mmd...                parse (and render) Mermaid diagrams with
//                                                     Mermaid's own code
//
// Prints one JSON object on stdout: what happened, every console error, page error and request
// that left the file (a self-contained page makes none). Exit 0 when it could run at all; the
// test (tests/unit/test_report_browser.py) judges the JSON.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

async function withPage(fn) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const context = await browser.newContext({ viewport: { width: 1500, height: 1250 } });
  const page = await context.newPage();
  const out = { consoleErrors: [], pageErrors: [], externalRequests: [] };
  page.on("console", (message) => { if (message.type() === "error") out.consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => out.pageErrors.push(String(error)));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("about:")) out.externalRequests.push(url);
  });
  try {
    await fn(page, out);
  } finally {
    await browser.close();
  }
  return out;
}

async function checkPage(htmlPath, pngPath) {
  return withPage(async (page, out) => {
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForSelector("body[data-ready=true]", { timeout: 10000 });
    out.cells = await page.locator("td.cell[data-run]").count();
    const failing = page.locator("td.cell.fail, td.cell.unfixable, td.cell.held-out-fail").first();
    if (await failing.count()) {
      out.clickedCell = { scenario: await failing.getAttribute("data-scenario"), iteration: await failing.getAttribute("data-iteration") };
      await failing.click();
      await page.waitForSelector("#panel .turn", { timeout: 5000 });
      out.transcriptTurns = await page.locator("#panel .turn").count();
      out.markedTurns = await page.locator("#panel .turn.marked").count();
      out.wholeCallMarks = await page.locator("#panel .end-marks .mark").count();
      out.panelTitle = await page.locator("#panel h2").first().textContent();
    }
    const touched = page.locator("g.pw-node.touched").first();
    if (await touched.count()) {
      await touched.click();
      out.nodePanelTitle = await page.locator("#panel h2").first().textContent();
      out.nodeFixLinks = await page.locator("#panel a[href^='#fix-']").count();
      out.selectedFixes = await page.locator("section.fix.selected").count();
    }
    // What the screenshot shows: a failing transcript beside the graph.
    if (out.clickedCell) {
      await failing.click();
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: pngPath, fullPage: false });
    out.screenshot = pngPath;
  });
}

async function checkMermaid(files) {
  const require = createRequire(import.meta.url);
  const bundle = require.resolve("mermaid/dist/mermaid.min.js");
  return withPage(async (page, out) => {
    await page.setContent("<!DOCTYPE html><html><body><div id='out'></div></body></html>");
    await page.addScriptTag({ path: bundle });
    out.diagrams = [];
    for (const [index, file] of files.entries()) {
      const result = await page.evaluate(async ([text, id]) => {
        globalThis.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
        try {
          const parsed = await globalThis.mermaid.parse(text);
          const rendered = await globalThis.mermaid.render(id, text);
          return { parsed: Boolean(parsed), diagramType: parsed && parsed.diagramType, svgChars: rendered.svg.length };
        } catch (error) {
          return { parsed: false, error: String(error && error.message ? error.message : error) };
        }
      }, [readFileSync(file, "utf8"), `diagram${index}`]);
      out.diagrams.push({ file, ...result });
    }
  });
}

const [mode, ...rest] = process.argv.slice(2);
let result;
if (mode === "page") {
  result = await checkPage(rest[0], rest[1]);
} else if (mode === "mermaid") {
  result = await checkMermaid(rest);
} else {
  console.error("usage: node check.mjs page REPORT.html SCREENSHOT.png | mermaid FILE.mmd...");
  process.exit(2);
}
process.stdout.write(JSON.stringify(result) + "\n");
