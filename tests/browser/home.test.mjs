// The home page's hero (issue 13) and the frame's alignment, on the repository's site at
// 1280x800 and 390x844: the title, the description and the call-to-action buttons come
// first (above the fold), then the entry cards, then the text; with JavaScript and
// progress in a training path the primary button continues it at the first module not
// done; without progress, or without JavaScript, it says "Start learning". axe finds
// nothing, light and dark. Measured with bounding boxes: the footer's text starts where
// the page's text does; breadcrumb items never wrap inside themselves on a phone (so the
// "›" separator never starts a line) and stay in the viewport; a long section name in
// the navigation wraps under its own first word.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations, screenshotPath } from "./lib/common.mjs";

const repo = site("repo");
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];

function hero(page) {
  return page.evaluate(() => {
    const box = (e) => (e ? e.getBoundingClientRect() : null);
    const start = document.querySelector(".hero a.hero__start");
    const h1 = document.querySelector("main h1");
    const cards = document.querySelector("main .listing");
    const text = document.querySelector("main .content");
    const line = document.querySelector("[data-hero-progress]");
    return {
      h1: h1 && h1.textContent.trim(),
      start: start && { text: start.textContent.trim(), href: start.getAttribute("href"), bottom: box(start).bottom, visible: start.checkVisibility() },
      others: [...document.querySelectorAll(".hero__actions a")].length,
      cardsTop: box(cards).top,
      textTop: box(text).top,
      progress: line && !line.hidden ? line.textContent.trim() : null,
      vh: window.innerHeight,
    };
  });
}

describe("home page: hero, buttons, progress; footer and breadcrumb alignment", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(repo.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  const skip = unavailable(repo);

  for (const vp of VIEWPORTS) {
    for (const js of [true, false]) {
      test(`${vp.width} px, JS ${js ? "on" : "off"}: the hero and its buttons above the fold, the cards before the text`, { skip, timeout: 30_000 }, async () => {
        const t = await open(browser, { ...vp, js });
        try {
          await t.page.goto(srv.url);
          const h = await hero(t.page);
          assert.ok(h.h1 && h.start && h.start.visible, "a title and a visible primary button");
          assert.equal(h.start.text, "Start learning", "no progress: the button starts");
          assert.equal(h.start.href, "./paths/");
          assert.ok(h.others >= 3, "the primary button and the others");
          assert.ok(h.start.bottom <= h.vh, `the primary button is above the fold (bottom ${h.start.bottom} of ${h.vh})`);
          assert.ok(h.cardsTop < h.textTop, "the entry cards come before the long text");
          assert.equal(h.progress, null);
          await t.page.screenshot({ path: screenshotPath(`home-hero-${vp.width}${js ? "" : "-nojs"}`) });
        } finally {
          await t.close();
        }
      });
    }

    test(`${vp.width} px: with progress in a path, the primary button continues it`, { skip, timeout: 30_000 }, async () => {
      const t = await open(browser, vp);
      try {
        const { page } = t;
        await page.goto(srv.url);
        await page.evaluate(() => {
          localStorage.setItem("primer:done:foundations/what-is-a-blockchain/", "2026-01-05");
          localStorage.setItem("primer:path", "managers");
        });
        await page.reload();
        let h = await hero(page);
        assert.match(h.start.text, /^Continue: Senior managers/);
        assert.equal(h.start.href, "/risks/indicative-swot/?path=managers", "the first module not done, in the path");
        assert.match(h.progress, /^1 of \d+ modules done\.$/);
        await page.screenshot({ path: screenshotPath(`home-hero-continue-${vp.width}`) });
        // The button leads there.
        await Promise.all([page.waitForURL(/indicative-swot\/\?path=managers$/), page.locator(".hero a.hero__start").click()]);
        // Every module done: "Review" the path, on its overview.
        await page.goto(srv.url + "paths/managers/");
        const mods = await page.evaluate(() => [...document.querySelectorAll("[data-module]")].map((li) => li.getAttribute("data-module")));
        assert.ok(mods.length > 3);
        await page.evaluate((m) => m.forEach((k) => localStorage.setItem("primer:done:" + k, "2026-01-06")), mods);
        await page.goto(srv.url);
        h = await hero(page);
        assert.match(h.start.text, /^Review: Senior managers/);
        assert.equal(h.start.href, "/paths/managers/");
        assert.match(h.progress, /^Completed/);
        assert.deepEqual(t.rec.pageErrors, []);
      } finally {
        await t.close();
      }
    });
  }

  for (const colorScheme of ["light", "dark"]) {
    test(`axe: the home page with its hero has no violations (${colorScheme}, and Chinese)`, { skip, timeout: 60_000 }, async () => {
      const t = await open(browser, { width: 1280, height: 800, colorScheme });
      try {
        for (const url of ["", "zh/"]) {
          await t.page.goto(srv.url + url);
          const v = await runAxe(t.page);
          assert.equal(v.length, 0, formatViolations(v, `/${url} ${colorScheme}`));
        }
      } finally {
        await t.close();
      }
    });
  }

  for (const vp of VIEWPORTS) {
    test(`${vp.width} px: footer text aligned with the page's text; breadcrumbs and navigation wrap cleanly`, { skip, timeout: 30_000 }, async () => {
      const t = await open(browser, vp);
      try {
        const { page } = t;
        // A page under the section with the longest name of the portal.
        await page.goto(srv.url + "decide/is-blockchain-an-option/");
        const m = await page.evaluate(() => {
          const textLeft = (e) => {
            const r = document.createRange();
            r.selectNodeContents(e);
            return r.getClientRects()[0].left;
          };
          const crumbs = [...document.querySelectorAll(".breadcrumbs li")];
          return {
            footer: textLeft(document.querySelector(".site-footer p")),
            h1: textLeft(document.querySelector("main h1")),
            crumbs: crumbs.slice(0, -1).map((li) => ({ text: li.textContent, lines: li.getClientRects().length, right: li.getBoundingClientRect().right })),
            width: document.documentElement.clientWidth,
            // The longest section name in the navigation: every line of it starts at one x.
            navLines: (() => {
              const s = [...document.querySelectorAll("#site-nav summary")].sort((a, b) => b.textContent.length - a.textContent.length)[0];
              const r = document.createRange();
              r.selectNodeContents(s);
              return [...r.getClientRects()].map((x) => Math.round(x.left));
            })(),
          };
        });
        assert.ok(Math.abs(m.footer - m.h1) <= 1, `the footer's text starts at x=${m.footer}, the page's at x=${m.h1}`);
        assert.ok(m.crumbs.length >= 2);
        for (const c of m.crumbs) {
          assert.equal(c.lines, 1, `the breadcrumb "${c.text}" wraps inside itself (its "›" could start a line)`);
          assert.ok(c.right <= m.width, `the breadcrumb "${c.text}" overflows the viewport (${c.right} > ${m.width})`);
        }
        if (vp.width === 1280) {
          assert.ok(m.navLines.length >= 2, "the longest section name wraps in the navigation column");
          assert.equal(new Set(m.navLines).size, 1, `its lines start at one x: ${m.navLines}`);
        }
        await page.screenshot({ path: screenshotPath(`frame-breadcrumbs-${vp.width}`) });
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.screenshot({ path: screenshotPath(`frame-footer-${vp.width}`) });
      } finally {
        await t.close();
      }
    });
  }
});
