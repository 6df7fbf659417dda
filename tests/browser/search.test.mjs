// Search (issue 7): the header combobox (#site-search-input → #site-search-results) and the
// /search/?q= page, in English and Chinese, at the root and under /portal/, using the
// Pagefind index under pagefind/. No request may leave the server.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, foreignRequests, serverErrors, runAxe, formatViolations } from "./lib/common.mjs";
import { PORTAL } from "./lib/server.mjs";

// [query, expected page (relative URL), its title] per site.
const QUERIES = {
  fixture: {
    en: ["consensus", "glossary/consensus/", "Consensus"],
    en2: ["ledger", "guide/basics/", "Ledger basics"],
    zh: ["共享账本", "guide/zhongwen/", "区块链简介"],
    xss: ["escaping titles", "guide/script-title/", "Escaping <script>alert(1)</script> in titles"],
  },
  repo: {
    en: ["immutability", "glossary/immutability/", null],
    en2: ["Building Blocks", "use-cases/wfp-building-blocks/", null],
  },
};

/**
 * Absolute paths of the result links inside `sel`, once it shows the results of `query`
 * (search.js marks the list with data-query; results of a half-typed query do not count).
 */
async function resultPaths(page, sel, query, timeout = 15000) {
  await page.waitForFunction(([s, q]) => {
    const r = document.querySelector(s);
    return r && r.getAttribute("data-query") === q && r.querySelectorAll("a[href], [data-href]").length > 0;
  }, [sel, query], { timeout }).catch(() => {});
  return page.evaluate((s) => {
    const r = document.querySelector(s);
    // Search-page results are links; combobox options carry data-href (no nested link in an option).
    return r ? [...r.querySelectorAll("a[href], [data-href]")]
      .map((a) => new URL(a.getAttribute("href") || a.getAttribute("data-href"), location.href).pathname) : [];
  }, sel);
}

for (const name of ["fixture", "repo"]) {
  const s = site(name);
  const q = QUERIES[name];
  const hasIndex = s.out && fs.existsSync(path.join(s.out, "pagefind", "pagefind.js"));
  // Fail fast (instead of waiting for results) while the build has no index.
  const needIndex = () => assert.ok(hasIndex, `the build has no Pagefind index (${s.out}/pagefind/pagefind.js is missing)`);
  describe(`${name} site: search`, () => {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
    after(() => stopBrowserAndSite({ browser, srv }));

    test("the build has a Pagefind index (pagefind/pagefind.js) and the theme's search.js/search.css", { skip: unavailable(s) }, () => {
      const missing = ["pagefind/pagefind.js", "pagefind/pagefind-entry.json", "search.js", "search.css"].filter((f) => !fs.existsSync(path.join(s.out, f)));
      assert.deepEqual(missing, [], `missing from ${s.out}`);
    });

    for (const [lang, [query, want, title]] of Object.entries(q)) {
      if (lang === "xss") continue;
      for (const base of ["", PORTAL.slice(1)]) {
        test(`search page ${base ? "under /portal/" : "at /"}: /search/?q=${query} lists /${want}`, { skip: unavailable(s), timeout: 60_000 }, async () => {
          needIndex();
          const { page, rec, close } = await open(browser);
          try {
            const mark = srv.log.length;
            await page.goto(`${srv.url}${base}search/?q=${encodeURIComponent(query)}`);
            const paths = await resultPaths(page, "[data-search-page]", query);
            assert.ok(paths.includes(`/${base}${want}`), `no result linking to /${base}${want} for "${query}"; results: ${JSON.stringify(paths)}; pagefind index present: ${hasIndex}`);
            assert.equal(await page.locator("#search-page-input").inputValue(), query, "the search page does not fill its input from ?q=");
            assert.ok(paths.every((p) => p.startsWith("/" + base)), `result links leave /${base}: ${paths}`);
            if (title) assert.ok(await page.locator("[data-search-page]").getByText(title).count(), `the result title "${title}" is not shown`);
            assert.deepEqual(serverErrors(srv, mark), []);
            assert.deepEqual(foreignRequests(rec, srv.origin), []);
            const outside = srv.log.slice(mark).filter((e) => e.url !== "/favicon.ico" && !e.url.startsWith("/" + base)).map((e) => e.url);
            assert.deepEqual(outside, [], `requests outside /${base}`);
            assert.deepEqual(rec.pageErrors, []);
          } finally {
            await close();
          }
        });
      }

      test(`header combobox: typing "${query}" lists /${want}; arrows + Enter open a result; Escape closes`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        needIndex();
        const { page, rec, close } = await open(browser);
        try {
          await page.goto(srv.url + "glossary/");
          const input = page.locator("#site-search-input");
          assert.equal(await input.getAttribute("role"), "combobox");
          // The results' stylesheet is not loaded until search is used (page weight).
          const sheets = () => page.evaluate(() => Array.from(document.styleSheets).map((x) => (x.href ? new URL(x.href).pathname : "")).filter((h) => h.endsWith("/search.css")).length);
          assert.equal(await sheets(), 0, "search.css is loaded before search is used");
          await input.click();
          await page.keyboard.type(query, { delay: 20 });
          const paths = await resultPaths(page, "#site-search-results", query);
          assert.ok(await page.locator("#site-search-results").isVisible(), "the results list is not shown");
          assert.equal(await sheets(), 1, "search.css is loaded once search is used");
          assert.equal(await page.locator("#site-search-results").evaluate((e) => getComputedStyle(e).position), "absolute", "the results list is styled as a dropdown");
          assert.equal(await input.getAttribute("aria-expanded"), "true");
          assert.ok(await page.locator("#site-search-results [role=option]").count(), "no role=option in the results listbox");
          assert.ok(paths.includes(`/${want}`), `no option linking to /${want} for "${query}": ${JSON.stringify(paths)}`);
          await page.keyboard.press("ArrowDown");
          const active = await page.evaluate(() => {
            const i = document.getElementById("site-search-input");
            const id = i.getAttribute("aria-activedescendant");
            const el = id ? document.getElementById(id) : document.activeElement;
            const a = el && (el.matches("a[href], [data-href]") ? el : el.querySelector("a[href], [data-href]"));
            const h = a && (a.getAttribute("href") || a.getAttribute("data-href"));
            return { id, ok: Boolean(el && el.closest("#site-search-results")), href: h ? new URL(h, location.href).pathname : null };
          });
          assert.ok(active.ok, "ArrowDown does not move to an option (no aria-activedescendant and focus not in the list)");
          await page.keyboard.press("Enter");
          await page.waitForURL((u) => !u.pathname.endsWith("/glossary/"), { timeout: 5000 });
          assert.ok(paths.includes(new URL(page.url()).pathname), `Enter went to ${page.url()}, not to a listed result`);
          await page.goBack();
          await input.fill("");
          await input.type(query, { delay: 20 });
          await resultPaths(page, "#site-search-results", query);
          await page.keyboard.press("Escape");
          assert.ok(!(await page.locator("#site-search-results").isVisible()), "Escape does not close the results");
          assert.equal(await input.getAttribute("aria-expanded"), "false");
          assert.deepEqual(foreignRequests(rec, srv.origin), []);
          assert.deepEqual(rec.pageErrors, []);
        } finally {
          await close();
        }
      });
    }

    for (const scheme of ["light", "dark"]) {
      test(`axe: no violations with the header results open and on the results page (${scheme})`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        needIndex();
        const [query] = q.en;
        const { page, close } = await open(browser, { colorScheme: scheme });
        try {
          await page.goto(srv.url + "glossary/");
          await page.locator("#site-search-input").click();
          await page.keyboard.type(query, { delay: 20 });
          await resultPaths(page, "#site-search-results", query);
          await page.keyboard.press("ArrowDown");
          const fails = [];
          let v = await runAxe(page);
          if (v.length) fails.push(formatViolations(v, `/glossary/ with the header search results for "${query}" open [${scheme}]`));
          await page.goto(`${srv.url}search/?q=${encodeURIComponent(query)}`);
          await resultPaths(page, "[data-search-page]", query);
          v = await runAxe(page);
          if (v.length) fails.push(formatViolations(v, `/search/?q=${query} [${scheme}]`));
          if (fails.length) assert.fail(fails.join("\n"));
        } finally {
          await close();
        }
      });
    }

    if (q.xss) {
      test("a result whose title contains <script> shows it as text and runs nothing", { skip: unavailable(s), timeout: 60_000 }, async () => {
        const [query, want, title] = q.xss;
        needIndex();
        const { page, rec, close } = await open(browser);
        try {
          await page.goto(`${srv.url}search/?q=${encodeURIComponent(query)}`);
          const paths = await resultPaths(page, "[data-search-page]", query);
          assert.ok(paths.includes(`/${want}`), `no result for /${want}: ${JSON.stringify(paths)}`);
          assert.ok(await page.locator("[data-search-page]").getByText(title).count(), "the title is not shown as text");
          await page.locator("#site-search-input").fill("alert");
          await resultPaths(page, "#site-search-results", "alert");
          assert.equal(await page.evaluate(() => document.querySelectorAll("[data-search-page] script, #site-search-results script").length), 0);
          assert.deepEqual(rec.dialogs, []);
        } finally {
          await close();
        }
      });
    }

    test(`pressing "/" focuses the header search box (its placeholder promises it)`, { skip: unavailable(s) }, async () => {
      const { page, close } = await open(browser);
      try {
        await page.goto(srv.url);
        await page.locator("main h1").click();
        await page.keyboard.press("/");
        assert.ok(await page.locator("#site-search-input").evaluate((el) => el === document.activeElement), `pressing "/" does not focus #site-search-input`);
      } finally {
        await close();
      }
    });

    test("without JavaScript the search page explains itself and offers links", { skip: unavailable(s) }, async () => {
      const { page, close } = await open(browser, { js: false });
      try {
        await page.goto(srv.url + "search/?q=ledger");
        assert.match(await page.locator("main").innerText(), /needs JavaScript/i);
      } finally {
        await close();
      }
    });
  });
}

// A query that is a glossary term puts its entry first, in the header and on the search page,
// in English and in Chinese (where ranking alone puts long pages that repeat the word first).
describe("repo site: a glossary term's own entry comes first", () => {
  const s = site("repo");
  const cases = [
    ["", "Blockchain", "/glossary/blockchain/"],
    ["zh/", "区块链", "/zh/glossary/blockchain/"],
  ].filter(([prefix]) => !prefix || (s.out && fs.existsSync(path.join(s.out, prefix, "index.html"))));
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  for (const [prefix, query, want] of cases) {
    test(`"${query}": first in the header list and on /${prefix}search/`, { skip: unavailable(s), timeout: 60_000 }, async () => {
      const { page, rec, close } = await open(browser);
      try {
        await page.goto(srv.url + prefix);
        await page.locator("#site-search-input").click();
        await page.keyboard.type(query, { delay: 20 });
        const header = await resultPaths(page, "#site-search-results", query);
        assert.equal(header[0], want, `header results: ${JSON.stringify(header)}`);
        await page.goto(`${srv.url}${prefix}search/?q=${encodeURIComponent(query)}`);
        // The results list only (the page also holds a help link to the glossary).
        await resultPaths(page, "[data-search-page]", query);
        const full = await page.evaluate(() => [...document.querySelectorAll("[data-search-page] .search-page__list a[href]")]
          .map((a) => new URL(a.getAttribute("href"), location.href).pathname));
        assert.equal(full[0], want, `search page results: ${JSON.stringify(full)}`);
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });
  }
});
