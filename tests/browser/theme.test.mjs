// The default theme's frame, on the repository's own site and the fixture, at 1280x800
// and 390x844, with JavaScript on and off: the navigation tree (sticky column, phone
// drawer), the one-row header, "On this page" (rail, scroll-spy, inline on phones),
// previous/next, the use of the width (measure, wide tables, sticky matrix labels), the
// theme switch (remembered, before first paint, highlight stylesheet), back to top,
// language of parts, [hidden] on every control, and the 404 page without JavaScript.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations, samplePages, notFoundBase, screenshotPath,
} from "./lib/common.mjs";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const repo = site("repo");
const fixture = site("fixture");

/** Pages of the repository site used below (they exist in its content). */
const R = {
  module: "foundations/what-is-a-blockchain/",
  moduleInPath: "foundations/what-is-a-blockchain/?path=managers",
  tree: "decide/is-blockchain-an-option/",
  quiz: "paths/managers/check/",
  glossary: "glossary/",
  wideTable: "use-cases/wfp-building-blocks/",
  matrix: "domains/",
  zh: "sources/zh-terminology/",
};

async function withPage(browser, opts, fn) {
  const t = await open(browser, opts);
  try {
    return await fn(t.page, t);
  } finally {
    await t.close();
  }
}

describe("repo site: navigation and layout", () => {
  const s = repo;
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  const skip = unavailable(s);

  for (const js of [true, false]) {
    const mode = js ? "JS on" : "JS off";

    test(`desktop (${mode}): one-row header, sticky navigation tree with the current page marked, first paragraph above the fold`, { skip, timeout: 60_000 }, async () => {
      await withPage(browser, { ...DESKTOP, js }, async (page) => {
        await page.goto(srv.url + R.moduleInPath);
        const m = await page.evaluate(() => {
          const header = document.querySelector(".site-header").getBoundingClientRect();
          const nav = document.querySelector("#site-nav");
          const cur = nav.querySelector("a[aria-current=page]");
          const para = document.querySelector("main .content > p");
          const open = [...nav.querySelectorAll("details[open] > summary")].map((x) => x.textContent.trim());
          const closed = nav.querySelectorAll("details:not([open])").length;
          return {
            header: header.height, navVisible: nav.checkVisibility(), cur: cur && cur.getAttribute("href"), curVisible: cur && cur.checkVisibility(),
            open, closed, paraTop: para.getBoundingClientRect().top, navLeft: nav.getBoundingClientRect().left,
          };
        });
        assert.ok(m.header <= 72, `header is ${m.header} px tall (one row expected)`);
        assert.ok(m.navVisible && m.navLeft === 0, "the navigation is a left column");
        assert.equal(m.cur, "./", "the current page's link is the shortest one");
        assert.ok(m.curVisible, "the current page is visible in its open group");
        assert.deepEqual(m.open, ["Foundations"]);
        assert.ok(m.closed >= 5, `${m.closed} closed groups`);
        assert.ok(m.paraTop < DESKTOP.height, `first paragraph at y=${m.paraTop}, below the fold`);
        // Sticky: after scrolling far down, the header and the navigation stay in view.
        await page.evaluate(() => window.scrollTo(0, 3000));
        const after = await page.evaluate(() => ({
          header: document.querySelector(".site-header").getBoundingClientRect().top,
          nav: document.querySelector("#site-nav").getBoundingClientRect().top,
        }));
        assert.equal(after.header, 0, "the header is sticky");
        assert.ok(Math.abs(after.nav - m.header) <= 1, `the navigation is sticky (top ${after.nav})`);
        // A closed group opens (details/summary: with and without JavaScript).
        const summary = await page.locator("#site-nav details:not([open]) > summary").first().elementHandle();
        await summary.click();
        assert.equal(await summary.evaluate((x) => x.parentElement.open), true);
      });
    });

    test(`header stays one row at 1024 px (${mode})`, { skip, timeout: 30_000 }, async () => {
      await withPage(browser, { width: 1024, height: 768, js }, async (page) => {
        await page.goto(srv.url + R.module);
        const h = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
        assert.ok(h <= 72, `header ${h} px at 1024`);
      });
    });

    test(`phone (${mode}): the navigation is a drawer behind the menu control, no horizontal scroller`, { skip, timeout: 60_000 }, async () => {
      await withPage(browser, { ...PHONE, js }, async (page) => {
        await page.goto(srv.url + R.module);
        const before = await page.evaluate(() => ({
          nav: document.querySelector("#site-nav").checkVisibility(),
          sw: document.documentElement.scrollWidth,
          scrollers: [...document.querySelectorAll("header *")].filter((e) => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible").length,
          header: document.querySelector(".site-header").getBoundingClientRect().height,
        }));
        assert.equal(before.nav, false, "the navigation is closed at first");
        assert.ok(before.sw <= PHONE.width, `page scrolls sideways (${before.sw})`);
        assert.equal(before.scrollers, 0, "a horizontal scroller in the header");
        assert.ok(before.header < 140, `header ${before.header} px`);
        const control = js ? page.locator("button[data-menu-button]") : page.locator("a[data-menu-link]");
        assert.ok(await control.isVisible(), "the menu control is visible");
        if (js) assert.ok(!(await page.locator("a[data-menu-link]").isVisible()), "only one menu control");
        await control.click();
        await page.locator("#site-nav").waitFor({ state: "visible" });
        const box = await page.locator("#site-nav").boundingBox();
        assert.ok(box.x === 0 && box.width <= PHONE.width, "the drawer is on screen");
        assert.ok(await page.locator("#site-nav a[aria-current=page]").isVisible());
        await page.screenshot({ path: screenshotPath(`theme-repo-drawer-390${js ? "" : "-nojs"}`) });
        if (js) {
          assert.equal(await control.getAttribute("aria-expanded"), "true");
          assert.equal(await page.evaluate(() => document.activeElement.closest("#site-nav") !== null), true, "focus moves into the drawer");
          const v = await runAxe(page);
          if (v.length) assert.fail(formatViolations(v, "open drawer"));
          await page.keyboard.press("Escape");
          assert.equal(await control.getAttribute("aria-expanded"), "false");
          assert.equal(await page.evaluate(() => document.activeElement.matches("[data-menu-button]")), true, "focus returns to the button");
        } else {
          await page.locator("#site-nav [data-menu-close]").click();
        }
        await page.locator("#site-nav").waitFor({ state: "hidden" });
      });
    });

    test(`"On this page" (${mode}): sticky right rail at 1280 with the tree and the check listed; inline and collapsible at 390`, { skip, timeout: 60_000 }, async () => {
      await withPage(browser, { ...DESKTOP, js }, async (page) => {
        await page.goto(srv.url + R.tree);
        const toc = page.locator("details.toc");
        const box = await toc.boundingBox();
        assert.ok(box.x > DESKTOP.width * 0.7, `the list is not in a right rail (x=${box.x})`);
        assert.ok(await page.locator('details.toc a[href="#tree__title"]').isVisible(), "the decision tree is listed");
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
        const top = (await toc.boundingBox()).y;
        assert.ok(top >= 0 && top < 200, `the rail is not sticky (y=${top})`);
        if (js) {
          // Scroll-spy: the heading scrolled to is the marked entry.
          const href = await page.locator("details.toc a").nth(1).getAttribute("href");
          await page.locator(href.replace(/^#/, "#")).evaluate((h) => h.scrollIntoView());
          await page.waitForFunction((h) => document.querySelector(`details.toc a[href="${h}"]`).getAttribute("aria-current") === "true", href);
          assert.equal(await page.locator('details.toc a[aria-current="true"]').count(), 1);
        }
        await page.goto(srv.url + R.quiz);
        assert.ok(await page.locator('details.toc a[href="#quiz-title"]').isVisible(), "the knowledge check is listed");
      });
      await withPage(browser, { ...PHONE, js }, async (page) => {
        await page.goto(srv.url + R.tree);
        const toc = page.locator("details.toc");
        const box = await toc.boundingBox();
        assert.ok(box.x < 40 && box.width > 300, "inline on phones");
        assert.equal(await toc.evaluate((d) => d.open), false, "collapsed on phones");
        await page.locator("details.toc > summary").click();
        assert.ok(await page.locator('details.toc a[href="#tree__title"]').isVisible());
      });
    });

    test(`previous/next at the bottom (${mode}): reading order on pages, the path's order on modules`, { skip, timeout: 60_000 }, async () => {
      await withPage(browser, { ...DESKTOP, js }, async (page) => {
        for (const [label, rel] of samplePages(s)) {
          if (label === "search" || label === "404") continue;
          await page.goto(srv.url + rel);
          const n = await page.locator("main nav.pager-nav").count();
          assert.ok(n >= 1, `${label} /${rel} has no previous/next`);
          const last = await page.evaluate(() => {
            const navs = [...document.querySelectorAll("main nav.pager-nav")].filter((x) => x.checkVisibility());
            const art = document.querySelector("main article");
            return navs.length ? art.getBoundingClientRect().bottom - navs[navs.length - 1].getBoundingClientRect().bottom : -1;
          });
          assert.ok(last >= 0 && last < 80, `${label}: the pager is not at the bottom (${last})`);
        }
        await page.goto(srv.url + R.moduleInPath);
        const links = await page.locator("main nav.path-pager").evaluateAll((ns) => ns.filter((x) => x.checkVisibility()).map((x) => [...x.querySelectorAll("a")].map((a) => a.getAttribute("href"))));
        if (js) assert.equal(links.length, 1, "only the pager of the path the reader came from");
        assert.ok(links.flat().every((h) => h.includes("?path=") || h.includes("paths/")), String(links));
        assert.ok(links[0].some((h) => h.endsWith("?path=managers")), "the next module of the managers path");
      });
    });

    test(`width (${mode}): readable measure, wide tables get the column, matrix labels stay in view`, { skip, timeout: 60_000 }, async () => {
      await withPage(browser, { width: 1920, height: 1080, js }, async (page) => {
        await page.goto(srv.url + R.wideTable);
        const w = await page.evaluate(() => ({
          p: document.querySelector("main .content > p").getBoundingClientRect().width,
          table: document.querySelector("main .content table").getBoundingClientRect().width,
        }));
        assert.ok(w.p <= 46 * 16 + 1, `text measure ${w.p} px`);
        assert.ok(w.table > w.p + 100, `the table (${w.table} px) is held to the text measure (${w.p} px)`);
      });
      // 1280: nav and "On this page" leave a narrower column; the 6-column table keeps readable
      // cells and scrolls, with a shadow at the edge and (with JavaScript) keyboard scrolling.
      await withPage(browser, { ...DESKTOP, js }, async (page) => {
        await page.goto(srv.url + R.wideTable);
        const table = page.locator("main .content table").first();
        const t = await table.evaluate((e) => ({
          sw: e.scrollWidth, cw: e.clientWidth, cellW: Math.min(...[...e.querySelectorAll("th, td")].map((c) => c.getBoundingClientRect().width)),
          right: e.getBoundingClientRect().right, col: e.parentElement.getBoundingClientRect().right, bg: getComputedStyle(e).backgroundImage,
        }));
        assert.ok(t.cellW >= 9 * 16 - 1, `cells squeezed to ${t.cellW} px (one or two words a line)`);
        assert.ok(t.right <= t.col + 1, `the table overflows its column (${t.right} > ${t.col})`);
        if (t.sw > t.cw) {
          assert.match(t.bg, /radial-gradient/, "no scroll shadow");
          if (js) {
            assert.equal(await table.getAttribute("tabindex"), "0", "a scrolling table the keyboard cannot reach");
            assert.ok((await table.getAttribute("aria-label")) || (await table.locator("caption").count()), "a scrolling table without a name");
            await table.focus();
            await page.keyboard.press("ArrowRight");
            await page.waitForFunction(() => document.querySelector("main .content table").scrollLeft > 0);
            const v = await runAxe(page);
            if (v.length) assert.fail(formatViolations(v, `/${R.wideTable} at 1280`));
          }
        }
        await page.screenshot({ path: screenshotPath("theme-repo-wide-table-1280") });
      });
      await withPage(browser, { ...DESKTOP, js }, async (page) => {
        await page.goto(srv.url + R.matrix);
        const box = page.locator(".matrix .table-scroll");
        await box.evaluate((b) => { b.scrollIntoView(); b.scrollLeft = 800; b.scrollTop = 400; });
        const m = await box.evaluate((b) => {
          const r = b.getBoundingClientRect();
          const rowLabel = b.querySelector("tbody tr:nth-child(8) th").getBoundingClientRect();
          const colLabel = b.querySelector("thead th:nth-child(10)").getBoundingClientRect();
          return { left: r.left, top: r.top, rowLeft: rowLabel.left, colTop: colLabel.top, scrolled: [b.scrollLeft, b.scrollTop], rowW: rowLabel.width, rowH: rowLabel.height };
        });
        assert.ok(m.scrolled[0] > 0 && m.scrolled[1] > 0, `the matrix does not scroll inside its box ${m.scrolled}`);
        assert.ok(Math.abs(m.rowLeft - m.left) <= 2, `row labels scroll away (${m.rowLeft} vs ${m.left})`);
        assert.ok(Math.abs(m.colTop - m.top) <= 40, `column labels scroll away (${m.colTop} vs ${m.top})`);
        assert.ok(m.rowW >= 200 && m.rowH < 100, `row labels squeezed: ${m.rowW}x${m.rowH}`);
        await page.screenshot({ path: screenshotPath("theme-repo-matrix-scrolled-1280") });
      });
    });

    test(`long pages (${mode}): sticky header at 1280, back to top at 390`, { skip, timeout: 60_000 }, async () => {
      await withPage(browser, { ...PHONE, js }, async (page) => {
        await page.goto(srv.url + R.glossary);
        const footerLink = page.locator('.site-footer a[href="#top"]');
        assert.equal(await footerLink.count(), 1);
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        if (js) {
          const top = page.locator("a[data-to-top]");
          await top.waitFor({ state: "visible" });
          await top.click();
        } else {
          await footerLink.click();
        }
        await page.waitForFunction(() => window.scrollY === 0);
      });
    });
  }

  test("theme switch: light, dark, system; remembered; applied before the stylesheet loads; works with dark OS too", { skip, timeout: 60_000 }, async () => {
    await withPage(browser, { ...DESKTOP, colorScheme: "light" }, async (page, t) => {
      await page.goto(srv.url + R.module);
      const sel = page.locator(".site-header select#theme-select");
      assert.ok(await sel.isVisible(), "the switch is in the header");
      const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(await bg(), "rgb(255, 255, 255)");
      await sel.selectOption("dark");
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
      assert.equal(await bg(), "rgb(20, 23, 28)");
      const v = await runAxe(page);
      if (v.length) assert.fail(formatViolations(v, "dark theme chosen on a light system"));
      // Remembered, and set before first paint: the stylesheet is held back, yet the
      // choice is already on <html> (the inline script in <head> ran first).
      await t.context.route(/\/style\.css(\?|$)/, async (r) => { await new Promise((ok) => setTimeout(ok, 600)); await r.continue(); });
      await page.goto(srv.url + R.quiz, { waitUntil: "commit" });
      await page.waitForFunction(() => document.documentElement !== null && document.head !== null);
      const early = await page.evaluate(() => ({ theme: document.documentElement.dataset.theme, sheets: [...document.styleSheets].filter((x) => /style\.css/.test(x.href || "")).length }));
      assert.equal(early.theme, "dark", "the choice is applied before the stylesheet");
      await page.waitForLoadState("load");
      await t.context.unroute(/\/style\.css(\?|$)/);
      assert.equal(await bg(), "rgb(20, 23, 28)");
      assert.equal(await page.locator("select#theme-select").inputValue(), "dark");
      await page.locator("select#theme-select").selectOption("system");
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-theme")), false);
      assert.equal(await bg(), "rgb(255, 255, 255)");
    });
    await withPage(browser, { ...DESKTOP, colorScheme: "dark" }, async (page) => {
      await page.goto(srv.url + R.module);
      const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(await bg(), "rgb(20, 23, 28)");
      await page.locator("select#theme-select").selectOption("light");
      assert.equal(await bg(), "rgb(255, 255, 255)");
      const v = await runAxe(page);
      if (v.length) assert.fail(formatViolations(v, "light theme chosen on a dark system"));
    });
    await withPage(browser, { ...PHONE }, async (page) => {
      await page.goto(srv.url + R.module);
      assert.equal(await page.locator(".site-header select").isVisible(), false);
      await page.locator("button[data-menu-button]").click();
      assert.ok(await page.locator("#site-nav select").isVisible(), "on phones the switch is in the drawer");
    });
    await withPage(browser, { ...DESKTOP, js: false }, async (page) => {
      await page.goto(srv.url + R.module);
      assert.equal(await page.locator("[data-theme-switch]").first().isVisible(), false, "no dead switch without JavaScript");
    });
  });

  test("language of parts: Chinese in English pages carries lang=zh; the English frame of the Chinese page carries lang=en", { skip, timeout: 60_000 }, async () => {
    await withPage(browser, DESKTOP, async (page) => {
      for (const rel of [R.glossary, "glossary/smart-contract/"]) {
        await page.goto(srv.url + rel);
        const bad = await page.evaluate(() => {
          const out = [];
          const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = w.nextNode(); n; n = w.nextNode()) {
            if (!/[\u3400-\u9fff]/.test(n.nodeValue)) continue;
            const el = n.parentElement.closest("[lang]");
            const lang = el ? el.getAttribute("lang") : document.documentElement.lang;
            if (!/^(zh|ja)/.test(lang) && !n.parentElement.closest("script, style")) out.push(`${n.nodeValue.trim().slice(0, 30)} (lang=${lang})`);
          }
          return out;
        });
        assert.deepEqual(bad, [], `/${rel}`);
      }
      await page.goto(srv.url + R.zh);
      assert.equal(await page.evaluate(() => document.documentElement.lang), "zh");
      for (const sel of ["header.site-header", "#site-nav", "footer.site-footer"]) {
        assert.equal(await page.locator(sel).getAttribute("lang"), "en", sel);
      }
    });
  });
});

describe("hidden controls stay hidden, with and without JavaScript", () => {
  for (const s of [fixture, repo]) {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
    after(() => stopBrowserAndSite({ browser, srv }));
    for (const js of [true, false]) {
      test(`${s.name} site, ${js ? "JS on" : "JS off"}: every [hidden] element is not displayed, on every page kind; controls that need JavaScript only show with it`, { skip: unavailable(s), timeout: 120_000 }, async () => {
        await withPage(browser, { ...DESKTOP, js }, async (page) => {
          const pages = samplePages(s).filter(([l]) => l !== "404");
          if (js) pages.push(["search, no results", "search/?q=qqqqzzxx"]);
          for (const [label, rel] of pages) {
            await page.goto(srv.url + rel, { waitUntil: js && /search/.test(rel) ? "networkidle" : "load" });
            const shown = await page.evaluate(() => [...document.querySelectorAll("[hidden]")].filter((e) => getComputedStyle(e).display !== "none").map((e) => e.outerHTML.slice(0, 120)));
            assert.deepEqual(shown, [], `${label} /${rel}`);
            const needJs = await page.evaluate(() => ({
              done: [...document.querySelectorAll("[data-done]")].map((b) => b.checkVisibility()),
              submit: [...document.querySelectorAll(".quiz__submit")].map((b) => b.checkVisibility()),
              more: [...document.querySelectorAll("button")].filter((b) => /more results/i.test(b.textContent)).map((b) => b.checkVisibility()),
              theme: [...document.querySelectorAll(".site-header [data-theme-switch]")].map((b) => b.checkVisibility()),
              menu: [...document.querySelectorAll("[data-menu-button]")].map((b) => b.checkVisibility()),
            }));
            for (const [k, list] of Object.entries(needJs)) {
              if (!js) assert.ok(list.every((v) => !v), `${label}: ${k} shows without JavaScript`);
            }
            if (js && /qqqqzzxx/.test(rel)) assert.ok(needJs.more.every((v) => !v), "“Show more results” under no results");
            if (js) assert.ok(needJs.done.every((v) => v) && needJs.submit.every((v) => v) && needJs.theme.every((v) => v), `${label}: a control does not show with JavaScript`);
          }
        });
      });
    }
  }
});

describe("the 404 page is styled without JavaScript and without a flash", () => {
  for (const s of [fixture, repo]) {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
    after(() => stopBrowserAndSite({ browser, srv }));
    for (const js of [false, true]) {
      test(`${s.name} site, ${js ? "JS on" : "JS off"}: styled at first paint`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        await withPage(browser, { ...DESKTOP, js }, async (page) => {
          const url = srv.url + notFoundBase(s).slice(1) + "no/such/page/deeper/";
          const resp = await page.goto(url, { waitUntil: "domcontentloaded" });
          assert.equal(resp.status(), 404);
          // At DOMContentLoaded, before any script could load a stylesheet, the page is styled.
          const st = await page.evaluate(() => ({
            font: getComputedStyle(document.body).fontFamily,
            header: getComputedStyle(document.querySelector(".site-header")).backgroundColor,
            margin: getComputedStyle(document.body).margin,
          }));
          assert.ok(/system-ui/.test(st.font), `unstyled font: ${st.font}`);
          assert.equal(st.header, "rgb(243, 245, 248)");
          assert.equal(st.margin, "0px");
          assert.ok((await page.locator("main a").count()) >= 3, "the 404 page offers ways on");
          await page.screenshot({ path: screenshotPath(`theme-${s.name}-404${js ? "" : "-nojs"}`) });
        });
      });
    }
  }
});

describe("fixture site: the highlight stylesheet follows the theme switch", () => {
  const s = fixture;
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  test("code colours change with the chosen theme, whatever the system's", { skip: unavailable(s), timeout: 60_000 }, async () => {
    for (const scheme of ["light", "dark"]) {
      await withPage(browser, { ...DESKTOP, colorScheme: scheme }, async (page) => {
        await page.goto(srv.url + "guide/ledgers/");
        const code = () => page.evaluate(() => getComputedStyle(document.querySelector("pre.code .hl-code, pre.code span") || document.querySelector("pre.code")).color);
        const sel = page.locator("select#theme-select");
        await sel.selectOption("light");
        const light = await code();
        await sel.selectOption("dark");
        const dark = await code();
        assert.notEqual(light, dark, `code colour ${light} in both themes (${scheme} system)`);
      });
    }
  });
});
