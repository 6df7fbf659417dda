// The course tools of the default theme (issue 13), on the repository's own site: a
// checklist that can be ticked (labelled, remembered, printed with its ticks), the
// glossary index (filter as you type, A-Z bar at the top, tap-to-preview on touch
// screens), and search (`/` and Ctrl-K, a query that finds nothing points to the
// glossary). JavaScript on and off, desktop and phone widths.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations } from "./lib/common.mjs";

const repo = site("repo");
const CHECKLIST = "decide/design-and-governance-checklist/";
const SIZES = [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]];

describe("repo site: course tools", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(repo.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  const skip = unavailable(repo);

  for (const [label, size] of SIZES) {
    test(`checklist (${label}): every box can be ticked, is named by its item, is remembered, prints ticked; axe clean`, { skip, timeout: 60_000 }, async () => {
      const { page, rec, close } = await open(browser, size);
      try {
        await page.goto(srv.url + CHECKLIST);
        const boxes = page.locator(".content li > input[type=checkbox]");
        const n = await boxes.count();
        assert.ok(n >= 10, `only ${n} boxes`);
        assert.equal(await page.locator(".content input[type=checkbox][disabled]").count(), 0, "boxes that cannot be ticked");
        const names = await boxes.evaluateAll((els) => els.map((b) => {
          const l = document.getElementById(b.getAttribute("aria-labelledby") || "");
          return l ? l.textContent.trim() : "";
        }));
        assert.deepEqual(names.filter((t) => t.length < 3), [], "a box without a name");
        const status = page.locator(".checklist-status");
        assert.match(await status.textContent(), new RegExp(`^0 of ${n} items ticked\\.$`));
        // Tick with the box itself, with the item's text, and with Space.
        await boxes.nth(0).click();
        await page.locator(".checklist-item__text").nth(1).click({ position: { x: 2, y: 4 } });
        await boxes.nth(2).focus();
        await page.keyboard.press("Space");
        assert.match(await status.textContent(), new RegExp(`^3 of ${n} items ticked\\.$`));
        const v = await runAxe(page);
        if (v.length) assert.fail(formatViolations(v, `/${CHECKLIST}`));
        await page.reload();
        assert.deepEqual(await boxes.evaluateAll((els) => els.slice(0, 4).map((b) => b.checked)), [true, true, true, false], "ticks lost on reload");
        await page.emulateMedia({ media: "print" });
        assert.ok(await boxes.nth(0).isVisible(), "the boxes do not print");
        assert.ok(await boxes.nth(0).isChecked());
        assert.equal(await page.locator(".checklist-tools").isVisible(), false, "the checklist's buttons print");
        await page.emulateMedia({ media: "screen" });
        await page.locator(".checklist-tools button").click();
        assert.match(await status.textContent(), new RegExp(`^0 of ${n} items ticked\\.$`));
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });
  }

  test("checklist without JavaScript: the items read as a list, no control that needs a script", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser, { js: false });
    try {
      await page.goto(srv.url + CHECKLIST);
      assert.ok((await page.locator(".content li > input[type=checkbox]").count()) >= 10);
      assert.equal(await page.locator(".checklist-tools").count(), 0);
    } finally {
      await close();
    }
  });

  for (const [label, size] of SIZES) {
    test(`glossary index (${label}): the filter and the A-Z bar come before the text; typing filters; nothing found says so`, { skip, timeout: 60_000 }, async () => {
      const { page, rec, close } = await open(browser, size);
      try {
        await page.goto(srv.url + "glossary/");
        const filter = page.getByLabel("Filter the terms");
        const fbox = await filter.boundingBox();
        const letters = await page.locator("nav.letters").boundingBox();
        assert.ok(fbox.y < size.height && letters.y < size.height * 1.2, `filter at y=${fbox.y}, A-Z bar at y=${letters.y}`);
        assert.ok(letters.y < (await page.locator(".glossary .content").boundingBox()).y, "the A-Z bar comes after the page's text");
        const total = await page.locator(".glossary__item").count();
        await filter.fill("ledger");
        const shown = await page.locator(".glossary__item:visible dt").allTextContents();
        assert.ok(shown.length > 0 && shown.length < total, `${shown.length} of ${total} shown`);
        assert.deepEqual(shown.filter((t) => !/ledger/i.test(t)), [], "a term that does not match is shown");
        assert.match(await page.locator("#glossary-filter-status").textContent(), new RegExp(`^${shown.length} of ${total} terms shown\\.$`));
        // Letters with no match leave the bar.
        const visibleLetters = await page.locator("nav.letters li:visible").count();
        assert.ok(visibleLetters < (await page.locator("nav.letters li").count()));
        await filter.fill("zzqqxx");
        assert.equal(await page.locator(".glossary__item:visible").count(), 0);
        assert.match(await page.locator("#glossary-filter-status").textContent(), /^No term matches “zzqqxx”\.$/);
        await filter.fill("");
        assert.equal(await page.locator(".glossary__item:visible").count(), total);
        const v = await runAxe(page);
        if (v.length) assert.fail(formatViolations(v, "/glossary/ with the filter"));
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });
  }

  test("glossary index without JavaScript: no filter box (it could not work), the A-Z bar at the top", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser, { js: false });
    try {
      await page.goto(srv.url + "glossary/");
      assert.equal(await page.locator("#glossary-filter").isVisible(), false);
      assert.ok((await page.locator("nav.letters").boundingBox()).y < 800);
    } finally {
      await close();
    }
  });

  test("glossary tooltips on a touch screen: a tap shows the definition, a second tap goes to the entry, a tap elsewhere closes it", { skip, timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    try {
      const page = await context.newPage();
      await page.goto(srv.url + "foundations/what-is-a-blockchain/");
      const term = page.locator(".content .gloss .gloss-term").first();
      const href = new URL(await term.getAttribute("href"), page.url()).pathname;
      const tipId = await term.getAttribute("aria-describedby");
      await term.scrollIntoViewIfNeeded();
      await term.tap();
      assert.equal(new URL(page.url()).pathname, "/foundations/what-is-a-blockchain/", "the first tap navigated away");
      assert.ok(await page.locator("#" + tipId).isVisible(), "the definition does not show after a tap");
      const tip = await page.locator("#" + tipId).boundingBox();
      assert.ok(tip.x >= 0 && tip.x + tip.width <= 390, "the definition does not fit the screen");
      // A tap elsewhere closes it.
      await page.locator("h1").tap();
      await page.locator("h1").focus();
      assert.equal(await page.locator(".gloss--open").count(), 0);
      // Tap, tap: the entry.
      await term.tap();
      await Promise.all([page.waitForURL((u) => u.pathname === href), term.tap()]);
    } finally {
      await context.close();
    }
  });

  for (const key of ["/", "Control+k"]) {
    test(`search: "${key}" opens the search box from anywhere on a page`, { skip, timeout: 60_000 }, async () => {
      const { page, close } = await open(browser);
      try {
        await page.goto(srv.url + "foundations/what-is-a-blockchain/");
        await page.locator("h1").click();
        await page.keyboard.press(key);
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "site-search-input");
      } finally {
        await close();
      }
    });
  }

  // Pagefind falls back to shorter prefixes of a word no page has ("nothingmatcheszzz"
  // finds "nothing", "xyzzyqq" finds "x"): those are not hits. "qqqqzzxx" finds nothing at all.
  for (const q of ["qqqqzzxx", "nothingmatcheszzz", "xyzzyqq", "blokchainzzz"]) {
  test(`search: "${q}" finds nothing, says so and points to the glossary`, { skip, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(srv.url + "search/?q=" + q, { waitUntil: "networkidle" });
      await page.waitForFunction(() => /No results/.test(document.querySelector(".search-page__status")?.textContent || ""));
      const help = page.locator(".search-page__help");
      assert.ok(await help.isVisible(), "no help under No results");
      const link = help.locator("a");
      assert.equal(new URL(await link.getAttribute("href"), page.url()).pathname, "/glossary/");
      assert.equal(await page.locator(".search-page__more").isVisible(), false);
      assert.equal(await page.locator(".search-page__item").count(), 0, "loose prefix matches listed as hits");
      // The header list says it too, and offers the glossary as an option.
      const input = page.locator("#site-search-input");
      await input.click();
      await page.keyboard.type(q, { delay: 10 });
      await page.waitForFunction((x) => document.getElementById("site-search-results")?.getAttribute("data-query") === x, q);
      assert.match(await page.locator("#site-search-results .site-search__empty").textContent(), /No results for/);
      assert.equal(await page.locator("#site-search-results .search-result").count(), 0);
      const option = page.locator("#site-search-results [role=option]");
      assert.equal(await option.count(), 1);
      assert.equal(await option.textContent(), "Browse the glossary");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => u.pathname === "/glossary/");
      await page.goBack();
      // A query with results has no such help.
      await page.goto(srv.url + "search/?q=ledger", { waitUntil: "networkidle" });
      await page.waitForFunction(() => /\d+ results?/.test(document.querySelector(".search-page__status")?.textContent || ""));
      assert.equal(await help.isVisible(), false);
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });
  }

  // Stemmed and prefix matches stay hits: "contracts" finds the smart-contract pages, "tracea" the traceability ones.
  for (const [q, want] of [["contracts", "/glossary/smart-contract/"], ["organizations", "/organizations/"], ["tracea", "traceab"]]) {
    test(`search: "${q}" still lists its matches`, { skip, timeout: 60_000 }, async () => {
      const { page, close } = await open(browser);
      try {
        await page.goto(srv.url + "search/?q=" + q, { waitUntil: "networkidle" });
        await page.waitForFunction(() => /\d+ results?/.test(document.querySelector(".search-page__status")?.textContent || ""));
        const hrefs = await page.locator(".search-page__item h2 a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname + " " + a.closest("li").textContent.toLowerCase()));
        assert.ok(hrefs.length >= 3, `${q}: ${hrefs.length} results shown`);
        assert.ok(hrefs.some((h) => h.includes(want)), `${q}: nothing with ${want} among ${JSON.stringify(hrefs.slice(0, 5))}`);
      } finally {
        await close();
      }
    });
  }
});
