// Training paths on module pages (issue 13), on the repository's own site: a page in
// several paths shows one path box (the path of ?path=, else the one last visited; a
// compact "Also in" switcher for the others), the path context survives in-content
// links, the box lists the path's modules with the done ones marked, previous/next sit
// at the top and the bottom; and a whole path prints as one document (<path>/print/).
// JavaScript on and off, desktop and phone widths, axe-core in light and dark.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations } from "./lib/common.mjs";

const repo = site("repo");
const SIZES = [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]];

/** The paths of the built site: id -> modules (site-relative, as data-module says). */
function paths(out) {
  const dir = path.join(out, "paths");
  const res = {};
  for (const id of fs.readdirSync(dir)) {
    const f = path.join(dir, id, "index.html");
    if (!fs.existsSync(f)) continue;
    const html = fs.readFileSync(f, "utf8");
    const mods = [...html.matchAll(/<li class="module" data-module="([^"]*)"/g)].map((m) => m[1]);
    if (mods.length) res[id] = mods;
  }
  return res;
}

/** A module of two paths, the first path its page lists, and the other. */
function shared(out) {
  const all = paths(out);
  for (const [a, mods] of Object.entries(all)) {
    for (const m of mods) {
      const html = fs.readFileSync(path.join(out, m, "index.html"), "utf8");
      const ids = [...html.matchAll(/<nav class="path-nav" data-path-nav="([^"]*)"/g)].map((x) => x[1]);
      if (ids.length >= 2) return { page: m, first: ids[0], other: ids[1], modules: all };
    }
  }
  return null;
}

/** A page without the site's scripts (blocked), so axe-core can still be run in it. */
async function openNoJs(browser, size) {
  const o = await open(browser, size);
  await o.page.route(/\.js(\?.*)?$/, (r) => r.abort());
  return o;
}

const shownBoxes = (page) => page.locator(".path-nav:not([hidden])");
const shownPagers = (page) => page.locator(".path-pager:not([hidden])");

describe("repo site: the path box on module pages", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(repo.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  const skip = unavailable(repo) || (!shared(repo.out) && "no page in two paths");
  const sh = skip ? null : shared(repo.out);

  for (const [label, size] of SIZES) {
    test(`a page in two paths (${label}): one box, the path of ?path= or the one last visited, "Also in" switches; links in the text keep the path`, { skip, timeout: 90_000 }, async () => {
      const { page, rec, close } = await open(browser, size);
      try {
        // No path asked, none visited: the first path's box and pager, the other named.
        await page.goto(srv.url + sh.page);
        assert.equal(await shownBoxes(page).count(), 1, "more than one path box");
        assert.equal(await shownBoxes(page).getAttribute("data-path-nav"), sh.first);
        assert.equal(await shownPagers(page).count(), 1, "more than one pager at the bottom");
        assert.equal(await shownPagers(page).getAttribute("data-path-nav"), sh.first);
        const also = shownBoxes(page).locator(".path-nav__also a");
        assert.equal(await also.count(), 1);
        assert.equal(await also.getAttribute("data-path-switch"), sh.other);

        // Asked for the other path: its box, and it is remembered.
        await page.goto(srv.url + sh.page + "?path=" + sh.other);
        assert.equal(await shownBoxes(page).count(), 1);
        assert.equal(await shownBoxes(page).getAttribute("data-path-nav"), sh.other);
        assert.equal(await shownPagers(page).getAttribute("data-path-nav"), sh.other);
        assert.equal(await page.evaluate(() => localStorage.getItem("primer:path")), sh.other);
        // Links in the text to other modules of this path carry it.
        const mods = sh.modules[sh.other].filter((m) => m !== sh.page).map((m) => "/" + m);
        const inText = await page.locator("main .content a[href]").evaluateAll((as, mods) => as
          .map((a) => new URL(a.href)).filter((u) => mods.includes(u.pathname)).map((u) => u.searchParams.get("path")), mods);
        assert.ok(inText.length > 0, `no link in /${sh.page}'s text to another module of ${sh.other}`);
        assert.deepEqual(inText.filter((p) => p !== sh.other), [], "a link to a module of the path drops ?path=");

        // Back without ?path= (as from a search result or a glossary link): the path last visited.
        await page.goto(srv.url + sh.page);
        assert.equal(await shownBoxes(page).getAttribute("data-path-nav"), sh.other);
        assert.match(await shownBoxes(page).locator(".path-nav__where").textContent(), /Module \d+ of \d+/);

        // "Also in" switches in place: the box, the pager, the address, the memory, the focus.
        await shownBoxes(page).locator(".path-nav__also a").click();
        assert.equal(await shownBoxes(page).count(), 1);
        assert.equal(await shownBoxes(page).getAttribute("data-path-nav"), sh.first);
        assert.equal(await shownPagers(page).getAttribute("data-path-nav"), sh.first);
        assert.equal(new URL(page.url()).searchParams.get("path"), sh.first);
        assert.equal(await page.evaluate(() => localStorage.getItem("primer:path")), sh.first);
        assert.ok(await page.evaluate(() => !!document.activeElement.closest(".path-nav:not([hidden])")), "focus is not in the box shown");
        for (const scheme of ["light", "dark"]) {
          await page.emulateMedia({ colorScheme: scheme });
          await shownBoxes(page).locator(".path-nav__modules summary").evaluate((s) => { s.parentElement.open = true; });
          const v = await runAxe(page);
          if (v.length) assert.fail(formatViolations(v, `/${sh.page} (${scheme})`));
        }
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });

    test(`the path's modules from a module page (${label}): listed in the box, the current one aria-current, the done ones marked for everyone; previous/next at the top and the bottom`, { skip, timeout: 90_000 }, async () => {
      const { page, rec, close } = await open(browser, size);
      try {
        const mods = sh.modules[sh.first];
        const k = Math.min(2, mods.length - 1);
        await page.goto(srv.url + mods[k] + "?path=" + sh.first);
        await page.evaluate((m) => localStorage.setItem("primer:done:" + m, "2026-03-14"), mods[0]);
        await page.reload();
        const box = shownBoxes(page);
        const list = box.locator(".path-nav__modules");
        assert.equal(await list.evaluate((d) => d.open), false, "the list is not collapsed at first");
        await list.locator("summary").click();
        const items = list.locator("li");
        assert.equal(await items.count(), mods.length);
        const hrefs = await items.locator("a").evaluateAll((as) => as.map((a) => new URL(a.href)));
        assert.deepEqual(hrefs.map((u) => u.pathname), mods.map((m) => "/" + m));
        assert.deepEqual(hrefs.map((u) => u.searchParams.get("path")), mods.map(() => sh.first));
        assert.equal(await list.locator("a[aria-current=page]").count(), 1);
        assert.equal(new URL(await list.locator("a[aria-current=page]").evaluate((a) => a.href)).pathname, "/" + mods[k]);
        // Done: a visible mark and words a screen reader reads with the item.
        assert.ok(await items.nth(0).locator(".path-nav__done").isVisible());
        assert.match(await items.nth(0).textContent(), /\(done\)/);
        assert.equal(await items.nth(1).locator(".path-nav__done").isVisible(), false);
        assert.match(await list.locator("summary").textContent(), new RegExp(`1 of ${mods.length} done`));
        // Previous/next at the top (in the box) and at the bottom (after the text).
        assert.ok(await box.locator(".pager__prev a").isVisible());
        assert.ok(await box.locator(".pager__next a").isVisible());
        const bottom = shownPagers(page);
        assert.equal(new URL(await bottom.locator(".pager__next a").evaluate((a) => a.href)).pathname, "/" + mods[k + 1]);
        assert.equal(new URL(await bottom.locator(".pager__prev a").evaluate((a) => a.href)).pathname, "/" + mods[k - 1]);
        const below = await page.evaluate(() => {
          const c = document.querySelector("main .content");
          const p = document.querySelector(".path-pager:not([hidden])");
          return p.getBoundingClientRect().top >= c.getBoundingClientRect().bottom;
        });
        assert.ok(below, "the bottom pager is not after the text");
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });
  }

  test("a page in two paths without JavaScript: the first path's box, the other named compactly with a link to it; the module list is there", { skip, timeout: 60_000 }, async () => {
    const { page, close } = await openNoJs(browser, { width: 390, height: 844 });
    try {
      await page.goto(srv.url + sh.page + "?path=" + sh.other);
      assert.equal(await page.locator(".path-nav").filter({ visible: true }).count(), 1);
      assert.equal(await page.locator(".path-pager").filter({ visible: true }).count(), 1);
      const box = page.locator(".path-nav").filter({ visible: true });
      assert.equal(await box.getAttribute("data-path-nav"), sh.first);
      const also = box.locator(".path-nav__also a");
      assert.equal(new URL(await also.evaluate((a) => a.href)).pathname, `/paths/${sh.other}/`);
      await box.locator(".path-nav__modules summary").click();
      assert.equal(await box.locator(".path-nav__modules li").count(), sh.modules[sh.first].length);
      assert.equal(await box.locator(".path-nav__modules a[aria-current=page]").count(), 1);
      assert.equal(await box.locator(".path-nav__done").filter({ visible: true }).count(), 0, "done marks without the storage that knows them");
      const v = await runAxe(page);
      if (v.length) assert.fail(formatViolations(v, `/${sh.page} without JavaScript`));
    } finally {
      await close();
    }
  });
});

describe("repo site: a whole path printed as one document", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(repo.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  const skip = unavailable(repo);
  const all = skip ? {} : paths(repo.out);

  test("every path of every language has its print page, linked from its overview", { skip, timeout: 60_000 }, () => {
    const langs = ["", ...fs.readdirSync(repo.out).filter((d) => fs.existsSync(path.join(repo.out, d, "paths", "index.html")))];
    assert.ok(langs.includes("zh"), "the Chinese site is missing");
    for (const l of langs) {
      for (const id of Object.keys(all)) {
        const base = path.join(repo.out, l, "paths", id);
        assert.ok(fs.existsSync(path.join(base, "print", "index.html")), `no /${l ? l + "/" : ""}paths/${id}/print/`);
        assert.match(fs.readFileSync(path.join(base, "index.html"), "utf8"), /href="[^"]*paths\/[^"]*\/print\/"/, `/${l}paths/${id}/ does not link its print page`);
      }
    }
    const zh = fs.readFileSync(path.join(repo.out, "zh", "paths", Object.keys(all)[0], "print", "index.html"), "utf8");
    assert.match(zh, /<html lang="zh"/);
    assert.match(zh, /打印/);
  });

  for (const [label, opts] of [["JavaScript on", { js: true }], ["the site's scripts off", { js: false }]]) {
    test(`the print page (${label}): overview, every module, the check with its answers; anchors resolve, ids unique; prints with the site's name and the address; axe clean light and dark`, { skip, timeout: 120_000 }, async () => {
      const id = Object.keys(all)[0];
      const mods = all[id];
      const { page, rec, close } = opts.js ? await open(browser) : await openNoJs(browser);
      try {
        await page.goto(srv.url + `paths/${id}/`);
        await page.locator(".path-status__print a").click();
        assert.equal(new URL(page.url()).pathname, `/paths/${id}/print/`);
        const doc = page.locator("[data-print-document]");
        assert.equal(await doc.locator(".path-print__module").count(), mods.length);
        // The modules' own titles, in order, as their pages give them.
        const titles = (await doc.locator(".path-print__module > h2 > span:last-child").allTextContents()).map((t) => t.trim());
        for (const [i, m] of mods.entries()) {
          const html = fs.readFileSync(path.join(repo.out, m, "index.html"), "utf8");
          const h1 = (html.match(/<h1[^>]*>([^<]*)</) || [])[1].replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, "\"").replace(/&amp;/g, "&").trim();
          assert.equal(titles[i], h1, `module ${i + 1}`);
        }
        // The knowledge check with every answer and explanation.
        const quizMod = mods.find((m) => /data-quiz=/.test(fs.readFileSync(path.join(repo.out, m, "index.html"), "utf8")));
        const questions = (fs.readFileSync(path.join(repo.out, quizMod, "index.html"), "utf8").match(/<fieldset class="quiz__q"/g) || []).length;
        assert.ok(questions > 0);
        assert.equal(await doc.locator(".path-print__q").count(), questions);
        assert.equal(await doc.locator(".path-print__right").count(), questions, "a question without its right answer");
        // Every in-page link has its target; no id twice.
        const ids = await page.evaluate(() => {
          const all = [...document.querySelectorAll("[id]")].map((e) => e.id);
          const dup = all.filter((x, i) => all.indexOf(x) !== i);
          const missing = [...document.querySelectorAll('a[href^="#"]')].map((a) => decodeURIComponent(a.getAttribute("href").slice(1)))
            .filter((x) => x && !x.includes("=") && !document.getElementById(x));
          return { dup: [...new Set(dup)], missing: [...new Set(missing)] };
        });
        assert.deepEqual(ids, { dup: [], missing: [] });
        // Decision trees show every question and outcome.
        const nodes = await doc.locator(".path-print__tree .tree-node").count();
        if (nodes) assert.equal(await doc.locator(".path-print__tree .tree-node").filter({ visible: true }).count(), nodes);
        assert.equal(await page.locator("[data-print]").isVisible(), opts.js, "the Print button shows exactly when it works");
        for (const scheme of ["light", "dark"]) {
          await page.emulateMedia({ colorScheme: scheme, media: "screen" });
          const v = await runAxe(page);
          if (v.length) assert.fail(formatViolations(v, `/paths/${id}/print/ (${scheme}, ${label})`));
        }
        // Printed: the site's name (and, with JavaScript or a base_url, the address), no site chrome, a page per module.
        await page.emulateMedia({ media: "print", colorScheme: "light" });
        const source = page.locator(".print-source");
        assert.ok(await source.isVisible());
        assert.match(await source.textContent(), /Blockchain in the UN system/);
        if (opts.js) assert.match(await source.textContent(), new RegExp(`/paths/${id}/print/`));
        for (const sel of [".site-header", ".site-nav", ".site-footer", ".path-print__actions"]) assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} prints`);
        assert.equal(await doc.locator(".path-print__module").nth(1).evaluate((e) => getComputedStyle(e).breakBefore), "page");
        const pdf = await page.pdf({ format: "A4" });
        assert.ok(pdf.length > 10_000);
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });
  }
});
