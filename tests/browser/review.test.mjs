// Smaller points of the UX review behind issue 13, on the repository's own site: unique
// landmark names (the matrix, the two search forms), the search page's results before
// its filters in Tab order on wide screens, Tab out of the header's result list, whole
// cards clickable on the home page, breadcrumbs that never start a line with their
// separator on phones, link previews (og:, theme-color), and print without the chrome.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe } from "./lib/common.mjs";

const repo = site("repo");

/** axe-core's landmark-unique rule (best practice, outside the WCAG tags the other tests run). */
async function landmarkUnique(page) {
  await runAxe(page);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "rule", values: ["landmark-unique"] }, resultTypes: ["violations"] });
    return r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")));
  });
}

describe("repo site: points of the UX review", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(repo.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  const skip = unavailable(repo);

  test("landmarks have unique names: the matrix pages and the search page (landmark-unique)", { skip, timeout: 90_000 }, async () => {
    const { page, close } = await open(browser);
    try {
      for (const rel of ["sdgs/", "domains/", "search/?q=ledger"]) {
        await page.goto(srv.url + rel, { waitUntil: "networkidle" });
        assert.deepEqual(await landmarkUnique(page), [], `/${rel}`);
      }
      const names = await page.locator("[role=search]").evaluateAll((fs) => fs.map((f) => f.getAttribute("aria-label")));
      assert.equal(names.length, 2);
      assert.ok(names.every(Boolean) && names[0] !== names[1], `search landmarks: ${names}`);
    } finally {
      await close();
    }
  });

  test("search page at 1280 px: the results come before the filters in Tab order, the filters beside them", { skip, timeout: 90_000 }, async () => {
    const { page, close } = await open(browser, { width: 1280, height: 800 });
    try {
      await page.goto(srv.url + "search/?q=blockchain");
      await page.waitForSelector(".search-page__list a");
      await page.waitForSelector(".search-page__filters input[type=checkbox]");
      await page.locator("#search-page-input").focus();
      let first = null;
      for (let i = 0; i < 4 && !first; i++) {
        await page.keyboard.press("Tab");
        first = await page.evaluate(() => {
          const a = document.activeElement;
          if (a.closest(".search-page__list")) return "result";
          if (a.closest(".search-page__filters")) return "filter";
          return null;
        });
      }
      assert.equal(first, "result", "Tab reaches a filter before the first result");
      const [r, f] = await page.evaluate(() => [".search-page__results", ".search-page__filters"].map((s) => document.querySelector(s).getBoundingClientRect().left));
      assert.ok(f > r, "the filters are not beside the results");
    } finally {
      await close();
    }
  });

  test("search page: a query no page contains says so (Pagefind's loose matches are not presented as hits) and points to the glossary", { skip, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      const status = page.locator(".search-page__status");
      await page.goto(srv.url + "search/?q=nothingmatcheszzz", { waitUntil: "networkidle" });
      await page.waitForFunction(() => /No page contains|No results/.test(document.querySelector(".search-page__status")?.textContent || ""));
      assert.match(await status.textContent(), /No (page contains “nothingmatcheszzz”|results)/);
      assert.ok(await page.locator(".search-page__help a").isVisible(), "no pointer to the glossary");
      for (const q of ["ledger", "smart contracts", "blockchains"]) {
        await page.goto(srv.url + "search/?q=" + encodeURIComponent(q), { waitUntil: "networkidle" });
        await page.waitForFunction(() => /\d+ results?|No page/.test(document.querySelector(".search-page__status")?.textContent || ""));
        assert.match(await status.textContent(), /^\d+ results? for/, q);
        assert.equal(await page.locator(".search-page__help").isVisible(), false, q);
      }
      // Words that match, with one no page holds: the pages with similar words, said as such.
      await page.goto(srv.url + "search/?q=" + encodeURIComponent("ledger qqqzzzx"), { waitUntil: "networkidle" });
      await page.waitForFunction(() => /\d+ results?|No page|No results/.test(document.querySelector(".search-page__status")?.textContent || ""));
      assert.equal(await status.textContent(), "No page contains “ledger qqqzzzx”; these pages have similar words.");
      assert.ok(await page.locator(".search-page__item").count() > 0, "the similar pages are listed");
      assert.ok(await page.locator(".search-page__help a").isVisible(), "no pointer to the glossary");
      // One check over one set of results: each result's data (a Pagefind fragment) is fetched once,
      // though the header list, the check and the list all read it.
      const fragments = [];
      page.on("request", (r) => { if (r.url().includes("/pagefind/fragment/")) fragments.push(r.url()); });
      await page.goto(srv.url + "search/?q=ledger", { waitUntil: "networkidle" });
      await page.waitForFunction(() => /\d+ results?/.test(document.querySelector(".search-page__status")?.textContent || ""));
      const input = page.locator("#site-search-input");
      await input.click();
      await page.keyboard.type("ledger", { delay: 10 });
      await page.waitForFunction(() => document.getElementById("site-search-results")?.getAttribute("data-query") === "ledger");
      await page.waitForLoadState("networkidle");
      assert.ok(fragments.length > 0, "no fragment was fetched");
      assert.deepEqual(fragments.filter((u, i) => fragments.indexOf(u) !== i), [], "a result's data was fetched twice");
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("search page: the filters list only values that match the query (and the chosen ones), and hide when nothing matches", { skip, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      const status = page.locator(".search-page__status");
      const panel = page.locator(".search-page__filters");
      const counts = () => page.locator(".search-page__filters .search-filter__option").evaluateAll((os) => os.map((o) => [o.querySelector("input").value, o.querySelector("input").checked, Number((o.textContent.match(/\((\d+)\)\s*$/) || [])[1])]));
      await page.goto(srv.url + "search/?q=" + encodeURIComponent("pig traceability"), { waitUntil: "networkidle" });
      await page.waitForFunction(() => /\d+ results? for/.test(document.querySelector(".search-page__status")?.textContent || ""));
      const n = Number((await status.textContent()).match(/\d+/)[0]);
      const shown = await counts();
      assert.ok(await panel.isVisible(), "no filters for a query with results");
      assert.ok(shown.length > 0);
      assert.deepEqual(shown.filter(([, , c]) => !(c > 0)), [], "filter values that match nothing are listed");
      assert.ok(shown.every(([, , c]) => c <= n), `a count above the ${n} results: ${JSON.stringify(shown)}`);
      // A chosen value stays listed, checked.
      const [value] = shown[0];
      await page.locator(".search-page__filters input").first().check();
      await page.waitForFunction(() => /\(filtered\)/.test(document.querySelector(".search-page__status")?.textContent || ""));
      assert.ok((await counts()).some(([v, checked]) => v === value && checked), `the chosen "${value}" is gone`);
      // Nothing matches: no filter panel (its counts would come from Pagefind's hidden loose matches).
      await page.goto(srv.url + "search/?q=nothingmatcheszzz", { waitUntil: "networkidle" });
      await page.waitForFunction(() => /No results/.test(document.querySelector(".search-page__status")?.textContent || ""));
      assert.equal(await panel.isVisible(), false, "filters shown under No results");
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("search page: the SDG filter lists the goals in their numeric order (as the SDG grid does)", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser);
    try {
      await page.goto(srv.url + "sdgs/");
      const grid = (await page.locator(".term-tile a").allTextContents()).map((t) => t.replace(/^\s*\d+\s*/, "").replace(/\s+/g, " ").trim());
      assert.ok(grid.length >= 17, `${grid.length} goals on /sdgs/`);
      await page.goto(srv.url + "search/?q=blockchain");
      await page.waitForSelector(".search-page__filters input[name=sdgs]");
      const shown = await page.locator(".search-page__filters input[name=sdgs]").evaluateAll((cs) => cs.map((c) => c.value));
      assert.ok(shown.length >= 3, `${shown.length} SDG filter values`);
      const at = shown.map((v) => grid.findIndex((g) => g.includes(v)));
      assert.ok(at.every((i) => i >= 0), `values not on /sdgs/: ${shown.filter((_, k) => at[k] < 0)}`);
      assert.deepEqual(at, [...at].sort((a, b) => a - b), `SDG filter order: ${shown.join(", ")}`);
    } finally {
      await close();
    }
  });

  test("header search: Tab out of the open result list does not stop on the list itself", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser);
    try {
      await page.goto(srv.url);
      await page.locator("#site-search-input").focus();
      await page.keyboard.type("ledger");
      await page.waitForSelector("#site-search-results [role=option]");
      await page.keyboard.press("Tab");
      assert.notEqual(await page.evaluate(() => document.activeElement.id), "site-search-results");
    } finally {
      await close();
    }
  });

  test("home: a card is a link all over; pages carry link-preview and theme-color tags", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser);
    try {
      await page.goto(srv.url);
      const card = page.locator(".card").first();
      const href = new URL(await card.locator("a").evaluate((a) => a.href)).pathname;
      await card.scrollIntoViewIfNeeded();
      const box = await card.locator("p").boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForURL((u) => u.pathname === href);
      const meta = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("meta[property^='og:'], meta[name=theme-color]")].map((m) => [m.getAttribute("property") || m.name, m.content])));
      assert.ok(meta["og:title"] && meta["og:description"] && meta["og:site_name"] && meta["theme-color"], JSON.stringify(meta));
      assert.equal(meta["og:title"], (await page.locator("h1").textContent()).trim());
    } finally {
      await close();
    }
  });

  test("breadcrumbs at 390 px: a wrapped line never starts with the separator", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser, { width: 390, height: 844 });
    try {
      await page.goto(srv.url + "decide/design-and-governance-checklist/");
      const rows = await page.locator(".breadcrumbs li").evaluateAll((lis) => lis.map((li) => ({
        top: Math.round(li.getBoundingClientRect().top),
        before: getComputedStyle(li, "::before").content,
        after: getComputedStyle(li, "::after").content,
      })));
      assert.ok(new Set(rows.map((r) => r.top)).size > 1, "the breadcrumbs do not wrap here: nothing tested");
      assert.deepEqual(rows.filter((r) => r.before !== "none" && r.before !== "normal"), [], "a separator before an item");
      assert.deepEqual(rows.slice(0, -1).map((r) => r.after), rows.slice(0, -1).map(() => "\"›\""));
    } finally {
      await close();
    }
  });

  test("print: a module prints without navigation, path box, On this page and tags, with the site's name and address on top; a path overview without its buttons", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser);
    try {
      await page.goto(srv.url + "foundations/what-is-a-blockchain/?path=managers");
      await page.emulateMedia({ media: "print" });
      for (const sel of [".site-header", ".site-nav", ".path-nav", ".toc", ".tags", ".pager", ".site-footer"]) {
        const shown = await page.locator(sel).evaluateAll((els) => els.filter((e) => e.checkVisibility()).length);
        assert.equal(shown, 0, `${sel} prints`);
      }
      const src = page.locator(".print-source");
      assert.ok(await src.isVisible());
      assert.match(await src.textContent(), /Blockchain in the UN system · http:\/\/.*\/foundations\/what-is-a-blockchain\//);
      assert.ok((await page.pdf({ format: "A4" })).length > 10_000);
      // A path overview prints its text and modules, not its buttons ("Start the path", "Print the whole path").
      await page.emulateMedia({ media: "screen" });
      await page.goto(srv.url + "paths/managers/");
      const controls = () => page.locator("main a.button, main button, .path-status__print a").evaluateAll((els) => els.filter((e) => e.checkVisibility()).map((e) => e.textContent.trim()));
      assert.ok((await controls()).includes("Start the path"), "the overview's button is not there on screen");
      assert.ok((await controls()).includes("Print the whole path"));
      await page.emulateMedia({ media: "print" });
      assert.deepEqual(await controls(), [], "controls print on the path overview");
      assert.ok(await page.locator(".modules").isVisible(), "the list of modules does not print");
    } finally {
      await close();
    }
  });
});
