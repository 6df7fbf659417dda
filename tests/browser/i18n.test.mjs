// Multilingual sites (issue 14): the language switcher, hreflang links, a Chinese path
// walked to "Completed", Chinese search finding Chinese pages only, axe in Chinese and
// Arabic, and right-to-left screenshots at 1280 and 390 px. The fixture sites
// (tests/fixtures/i18n/en-zh and tests/fixtures/i18n/ar) are built here with PRIMER_BIN.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { REPO, PRIMER_BIN, SCREENSHOTS, startBrowserAndSite, stopBrowserAndSite, open, serverErrors, runAxe, formatViolations } from "./lib/common.mjs";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "primer-i18n-"));

/** Build a fixture into the work folder; {out, log, error}. */
function build(name) {
  const src = path.join(REPO, "tests/fixtures/i18n", name);
  const out = path.join(work, name);
  try {
    const log = execFileSync(PRIMER_BIN, ["build", "--root", src, "--output", out], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { out, log, error: null };
  } catch (e) {
    return { out: null, log: String(e.stderr || e), error: `the ${name} fixture did not build: ${String(e.stderr || e).slice(-400)}` };
  }
}

const zh = build("en-zh");
const ar = build("ar");

describe("multilingual site (en + zh)", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(zh.out)));
  after(() => stopBrowserAndSite({ browser, srv }));

  test("the switcher goes to the same page in the other language and back", { skip: zh.error || false, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(srv.url + "guide/first/");
      assert.equal(await page.getAttribute("html", "lang"), "en");
      await page.locator(".lang-switch a[hreflang=zh]").click();
      await page.waitForURL(/\/zh\/guide\/first\/$/);
      assert.equal(await page.getAttribute("html", "lang"), "zh");
      assert.equal((await page.locator("h1").textContent()).trim(), "第一步");
      await page.locator(".lang-switch a[hreflang=en]").click();
      await page.waitForURL((u) => u.pathname === "/guide/first/");
      assert.equal((await page.locator("h1").textContent()).trim(), "First steps");
      // A page without translation: the switcher says so and leads to the Chinese home page.
      await page.goto(srv.url + "guide/second/");
      const link = page.locator(".lang-switch a[hreflang=zh]");
      assert.equal(await link.getAttribute("data-untranslated"), "");
      assert.match(await page.locator(".lang-switch__note").textContent(), /not translated yet/);
      await link.click();
      await page.waitForURL((u) => u.pathname === "/zh/");
      assert.equal(await page.getAttribute("html", "lang"), "zh");
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("every hreflang link of every page leads to a page in that language, both ways", { skip: zh.error || false, timeout: 60_000 }, async () => {
    const { page, close } = await open(browser);
    const problems = [];
    try {
      for (const start of ["guide/first/", "zh/guide/first/", "zh/", "", "zh/glossary/ledger/", "glossary/ledger/", "zh/path/"]) {
        await page.goto(srv.url + start);
        const alts = await page.$$eval("link[rel=alternate][hreflang]", (ls) => ls.map((l) => [l.getAttribute("hreflang"), l.getAttribute("href")]));
        if (!alts.some(([l]) => l === "x-default")) problems.push(`/${start}: no x-default`);
        const mine = await page.getAttribute("html", "lang");
        if (!alts.some(([l]) => l === mine)) problems.push(`/${start}: no hreflang for its own language ${mine}`);
        for (const [lang, href] of alts) {
          // base_url is https://example.org/school/: map it onto the test server.
          const local = href.replace("https://example.org/school/", srv.url);
          const resp = await page.request.get(local);
          if (resp.status() !== 200) { problems.push(`/${start}: ${lang} → ${href} is ${resp.status()}`); continue; }
          const html = await resp.text();
          const want = lang === "x-default" ? "en" : lang;
          if (!html.includes(`<html lang="${want}"`)) problems.push(`/${start}: ${lang} → ${href} is not a page in ${want}`);
          if (lang !== "x-default" && !html.includes(`hreflang="${mine}"`)) problems.push(`/${start}: ${href} does not link back to ${mine}`);
        }
      }
    } finally {
      await close();
    }
    assert.deepEqual(problems, []);
  });

  test("a Chinese path walked to the end: quiz, each module marked done, the overview says Completed (已完成)", { skip: zh.error || false, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(srv.url + "zh/path/");
      const modules = await page.$$eval("[data-module]", (ls) => ls.map((l) => l.getAttribute("data-module")));
      assert.deepEqual(modules, ["zh/guide/first/", "zh/guide/third/"]);
      assert.match((await page.locator("[data-path-progress]").textContent()).trim(), /^已完成 0 个单元，共 2 个。 还需约 \d+ 分钟。$/);
      await page.locator(".modules a").first().click();
      for (const [i, mod] of modules.entries()) {
        await page.waitForURL((u) => u.pathname === "/" + mod);
        assert.equal((await page.locator(".path-nav__where span").first().textContent()).trim(), `第 ${i + 1} 个单元，共 2 个`);
        if (await page.locator("[data-quiz]").count()) {
          // The check is done when it is passed (no button).
          await page.getByLabel("多个参与方", { exact: true }).check();
          await page.locator(".quiz__submit").click();
          assert.equal((await page.locator(".quiz__feedback").first().textContent()).trim(), "回答正确。");
          assert.match((await page.locator(".quiz__score").textContent()).trim(), /^您答对了 1 题，共 1 题（100%）。 已通过（及格线 80%）/);
          assert.equal(await page.locator("[data-done]").count(), 0);
        } else {
          const btn = page.locator(`[data-done="${mod}"]`);
          await btn.click();
          assert.equal(await btn.getAttribute("aria-pressed"), "true");
          assert.equal((await page.locator(".done-status").textContent()).trim(), "已标记为完成。");
        }
        await page.locator("[data-path-nav] .pager__next a").first().click();
      }
      await page.waitForURL((u) => u.pathname === "/zh/path/");
      assert.match((await page.locator("[data-path-progress]").textContent()).trim(), /^已完成：全部 2 个单元均已学完。 已于 \d{4}年\d{1,2}月\d{1,2}日 完成。 知识测验：1\/1（100%）。$/);
      assert.equal((await page.locator(".path-status [data-path-cta]").textContent()).trim(), "重新学习本路径");
      assert.equal(await page.locator(".module__done:visible").count(), 2);
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("Chinese search finds Chinese pages only; English search finds English pages only", { skip: zh.error || false, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    const results = async (q) => {
      await page.waitForFunction((query) => {
        const r = document.querySelector("[data-search-page]");
        return r && r.getAttribute("data-query") === query && /\d|没有|No results/.test(r.textContent);
      }, q, { timeout: 15000 });
      return page.$$eval("[data-search-page] a[href]", (as) => as.map((a) => new URL(a.getAttribute("href"), location.href).pathname)).then((ps) => ps.filter((p) => !p.endsWith("/search/")));
    };
    try {
      await page.goto(`${srv.url}zh/search/?q=${encodeURIComponent("账本")}`);
      const zhPaths = await results("账本");
      assert.ok(zhPaths.length > 0, "no Chinese result for 账本");
      assert.ok(zhPaths.every((p) => p.startsWith("/zh/")), `results outside /zh/: ${zhPaths}`);
      assert.ok(zhPaths.includes("/zh/glossary/ledger/"), `${zhPaths}`);
      await page.goto(`${srv.url}zh/search/?q=ledger`);
      const mixed = await results("ledger");
      assert.ok(mixed.every((p) => p.startsWith("/zh/")), `an English page in Chinese results: ${mixed}`);
      await page.goto(`${srv.url}search/?q=ledger`);
      const enPaths = await results("ledger");
      assert.ok(enPaths.length > 0 && enPaths.every((p) => !p.startsWith("/zh/")), `English results: ${enPaths}`);
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("axe: zero violations on the Chinese pages (home, module with quiz, path, glossary, tree, search, taxonomy)", { skip: zh.error || false, timeout: 120_000 }, async () => {
    const { page, close } = await open(browser);
    const out = [];
    try {
      for (const p of ["zh/", "zh/guide/third/", "zh/path/", "zh/glossary/", "zh/glossary/ledger/", "zh/decide/choose/", "zh/search/?q=账本", "zh/sdgs/", "zh/sdgs/3/"]) {
        await page.goto(srv.url + p);
        const v = await runAxe(page);
        if (v.length) out.push(formatViolations(v, "/" + p));
      }
    } finally {
      await close();
    }
    assert.deepEqual(out, []);
  });
});

describe("right-to-left site (ar)", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(ar.out)));
  after(() => stopBrowserAndSite({ browser, srv }));

  test("axe: zero violations on the Arabic pages", { skip: ar.error || false, timeout: 120_000 }, async () => {
    const { page, close } = await open(browser);
    const out = [];
    try {
      for (const p of ["", "guide/", "guide/first/", "path/", "decide/choose/", "en/guide/first/"]) {
        await page.goto(srv.url + p);
        const v = await runAxe(page);
        if (v.length) out.push(formatViolations(v, "/" + p));
      }
    } finally {
      await close();
    }
    assert.deepEqual(out, []);
  });

  for (const width of [1280, 390]) {
    test(`reads right to left at ${width} px: mirrored layout, no horizontal scroll (screenshots)`, { skip: ar.error || false, timeout: 60_000 }, async () => {
      const { page, rec, close } = await open(browser, { width, height: 900 });
      const problems = [];
      try {
        for (const [p, shot] of [["guide/first/", "module"], ["path/", "path"], ["decide/choose/", "tree"]]) {
          await page.goto(srv.url + p);
          assert.equal(await page.getAttribute("html", "dir"), "rtl");
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (scroll > 0) problems.push(`/${p}: ${scroll}px of horizontal scroll`);
          // Text starts at the right: the heading's right edge is near the main column's right edge.
          const h1 = await page.locator("h1").boundingBox();
          const main = await page.locator("main").boundingBox();
          if (main.x + main.width - (h1.x + h1.width) > 48) problems.push(`/${p}: the heading does not start at the right`);
          if (width === 1280) {
            const nav = await page.locator("#site-nav").boundingBox();
            if (!(nav && nav.x > main.x)) problems.push(`/${p}: the navigation column is not on the right`);
          }
          if (p === "guide/first/") {
            // The path's progress bar fills from the right.
            const track = await page.locator(".progress").first().boundingBox();
            const bar = await page.locator(".progress__bar").first().boundingBox();
            if (Math.abs(track.x + track.width - (bar.x + bar.width)) > 2) problems.push(`/${p}: the progress bar does not start at the right`);
          }
          if (p === "decide/choose/") {
            // The answers line up on the right.
            const answer = await page.locator(".tree-answer:visible").first().boundingBox();
            const node = await page.locator(".tree-node:visible").first().boundingBox();
            if (node.x + node.width - (answer.x + answer.width) > 64) problems.push(`/${p}: the tree's answers do not start at the right`);
          }
          fs.mkdirSync(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOTS, `rtl-${shot}-${width}.png`), fullPage: true });
        }
        assert.deepEqual(serverErrors(srv), []);
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
      assert.deepEqual(problems, []);
    });
  }
});
