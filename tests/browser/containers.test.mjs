// Tabs, steps and cards (`:::` blocks in markdown), on the fixture tests/fixtures/author/containers
// built by the real binary: the WAI-ARIA tabs pattern (roles, states, roving tabindex, keys,
// mirrored on the Arabic page), sync keys and the remembered choice, a link into a hidden
// panel, every panel readable without JavaScript and in print, no sideways page scroll at
// 390 px, and axe-core in the light and dark schemes.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { REPO, PRIMER_BIN, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations } from "./lib/common.mjs";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "primer-containers-"));
const out = path.join(work, "site");
let error = false;
try {
  execFileSync(PRIMER_BIN, ["build", "--strict", "--root", path.join(REPO, "tests/fixtures/author/containers"), "--output", out], { stdio: ["ignore", "pipe", "pipe"] });
} catch (e) {
  error = `the containers fixture did not build: ${String(e.stderr || e).slice(-400)}`;
}

/** Each tab group: its tabs (label, selected, tabindex, controls) and which panels show. */
const groups = (page) => page.$$eval("[data-tabs]", (gs) => gs.map((g) => ({
  id: g.id,
  tabs: [...g.querySelectorAll(":scope > [role=tablist] > [role=tab]")].map((t) => ({
    label: t.textContent.trim(),
    selected: t.getAttribute("aria-selected"),
    tabindex: t.tabIndex,
    controls: t.getAttribute("aria-controls"),
  })),
  shown: [...g.querySelectorAll(":scope > .tabs__panel")].filter((p) => p.getBoundingClientRect().height > 0).map((p) => p.id),
})));
const selected = async (page, i) => (await groups(page))[i].tabs.findIndex((t) => t.selected === "true");
const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());

describe("tabs, steps and cards", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(error ? null : out)));
  after(async () => {
    await stopBrowserAndSite({ browser, srv });
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("tabs follow the WAI-ARIA pattern: roles, states, one Tab stop, arrows, Home, End, Enter and Space", { skip: error, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(srv.url + "guide/");
      const g = await groups(page);
      assert.deepEqual(g.map((x) => x.tabs.map((t) => t.label)), [["Windows", "Linux", "macOS"], ["Windows", "Linux"], ["One", "Two"]]);
      assert.deepEqual(g[0].tabs.map((t) => [t.selected, t.tabindex, t.controls]), [["true", 0, "tabs-1-1"], ["false", -1, "tabs-1-2"], ["false", -1, "tabs-1-3"]]);
      assert.deepEqual(g.map((x) => x.shown), [["tabs-1-1"], ["tabs-2-1"], ["tabs-3-1"]]);
      // Each panel is a tabpanel named by its tab; the labels printed for no-JS readers are hidden.
      assert.deepEqual(await page.$$eval("#tabs-1 > .tabs__panel", (ps) => ps.map((p) => [p.getAttribute("role"), p.getAttribute("aria-labelledby"), p.tabIndex])),
        [["tabpanel", "tabs-1-1-tab", 0], ["tabpanel", "tabs-1-2-tab", 0], ["tabpanel", "tabs-1-3-tab", 0]]);
      assert.equal(await page.locator("#tabs-1 .tabs__label").first().isVisible(), false);
      // Keyboard: Tab reaches the selected tab only; arrows move focus (wrapping), Enter/Space choose.
      await page.locator("#tabs-1 [role=tab]").first().focus();
      await page.keyboard.press("ArrowRight");
      assert.equal(await focused(page), "Linux");
      assert.equal(await selected(page, 0), 0, "arrows move focus, they do not choose");
      await page.keyboard.press("Enter");
      assert.equal(await selected(page, 0), 1);
      assert.deepEqual((await groups(page))[0].shown, ["tabs-1-2"]);
      await page.keyboard.press("End");
      assert.equal(await focused(page), "macOS");
      await page.keyboard.press("Space");
      assert.equal(await selected(page, 0), 2);
      await page.keyboard.press("ArrowRight");
      assert.equal(await focused(page), "Windows", "Right on the last tab wraps to the first");
      await page.keyboard.press("ArrowLeft");
      assert.equal(await focused(page), "macOS");
      await page.keyboard.press("Home");
      assert.equal(await focused(page), "Windows");
      await page.keyboard.press("Enter");
      // Tab leaves the tab list for the panel.
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement.id), "tabs-1-1");
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Shift+Tab");
      assert.notEqual(await page.evaluate(() => document.activeElement.getAttribute("role")), "tab", "only one tab of a group is in the Tab order");
      // A click chooses too.
      await page.locator("#tabs-3 [role=tab]", { hasText: "Two" }).click();
      assert.equal(await selected(page, 2), 1);
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("groups with one sync key switch together, the choice is remembered, a link opens its panel", { skip: error, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(srv.url + "guide/");
      await page.locator("#tabs-1 [role=tab]", { hasText: "Linux" }).click();
      assert.deepEqual((await groups(page)).map((x) => x.shown), [["tabs-1-2"], ["tabs-2-2"], ["tabs-3-1"]], "the group without the key stays");
      assert.equal(await page.evaluate(() => localStorage.getItem("primer:tabs:os")), "Linux");
      // A label the other group lacks leaves it as it was.
      await page.locator("#tabs-1 [role=tab]", { hasText: "macOS" }).click();
      assert.deepEqual((await groups(page)).map((x) => x.shown), [["tabs-1-3"], ["tabs-2-2"], ["tabs-3-1"]]);
      await page.locator("#tabs-2 [role=tab]", { hasText: "Linux" }).click();
      await page.reload();
      assert.deepEqual((await groups(page)).map((x) => x.shown), [["tabs-1-2"], ["tabs-2-2"], ["tabs-3-1"]], "remembered across loads");
      // A link to a heading inside the Windows panel opens that panel.
      await page.goto(srv.url + "other/");
      await page.locator("a", { hasText: "Windows notes" }).click();
      await page.waitForURL(/#windows-notes$/);
      assert.deepEqual((await groups(page))[0].shown, ["tabs-1-1"]);
      assert.equal(await page.locator("#windows-notes").isVisible(), true);
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("tab labels keep their inline markdown, escaped; a choice follows into the site's other browser tabs", { skip: error, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(srv.url + "labels/");
      const tabs = await page.$$eval("[role=tab]", (ts) => ts.map((t) => t.innerHTML));
      assert.deepEqual(tabs.slice(0, 2), ["<code>npm</code> <em>fast</em>", "<strong>Bold</strong> <del>old</del> link"]);
      assert.equal(await page.locator("[role=tab]").nth(2).textContent(), '<b onclick="x()">raw</b> & co');
      assert.equal(await page.locator("[role=tablist] b, [role=tablist] a").count(), 0, "no element from a label's raw HTML");
      assert.deepEqual((await groups(page))[0].tabs.map((t) => t.label).slice(3), ["1. Setup", "# C", "Linux"]);
      // Another page of the site, open in a second browser tab of the same browser.
      const other = await page.context().newPage();
      await other.goto(srv.url + "guide/");
      await other.locator("#tabs-1 [role=tab]", { hasText: "Windows" }).click();
      assert.deepEqual((await groups(other)).map((x) => x.shown), [["tabs-1-1"], ["tabs-2-1"], ["tabs-3-1"]]);
      // Choosing Linux here switches the other tab's `os` groups, without a reload.
      await page.locator("[role=tab]", { hasText: "Linux" }).click();
      await other.waitForFunction(() => document.querySelector("#tabs-2-2") && !document.querySelector("#tabs-2-2").hidden, null, { timeout: 5000 });
      assert.deepEqual((await groups(other)).map((x) => x.shown), [["tabs-1-2"], ["tabs-2-2"], ["tabs-3-1"]]);
      // And back: a label this page lacks leaves it as it was.
      await other.locator("#tabs-1 [role=tab]", { hasText: "macOS" }).click();
      await page.waitForTimeout(300);
      assert.equal(await selected(page, 0), 5);
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  test("without JavaScript every panel shows under its label; print shows them all", { skip: error, timeout: 60_000 }, async () => {
    const nojs = await open(browser, { js: false });
    try {
      await nojs.page.goto(srv.url + "guide/");
      assert.equal(await nojs.page.locator("[role=tablist]").count(), 0);
      const panels = nojs.page.locator(".tabs__panel");
      assert.equal(await panels.count(), 7);
      for (let i = 0; i < 7; i++) assert.equal(await panels.nth(i).isVisible(), true);
      assert.deepEqual(await nojs.page.locator(".tabs__label").evaluateAll((ls) => ls.filter((l) => l.getBoundingClientRect().height > 0).map((l) => l.textContent)),
        ["Windows", "Linux", "macOS", "Windows", "Linux", "One", "Two"]);
    } finally {
      await nojs.close();
    }
    const { page, close } = await open(browser);
    try {
      await page.goto(srv.url + "guide/");
      await page.emulateMedia({ media: "print" });
      const shown = await page.$$eval(".tabs__panel", (ps) => ps.filter((p) => p.getBoundingClientRect().height > 0).length);
      assert.equal(shown, 7, "print shows every panel");
      assert.equal(await page.locator(".tabs__label").first().isVisible(), true, "print shows the labels");
      assert.equal(await page.locator("[role=tablist]").first().isVisible(), false);
    } finally {
      await close();
    }
  });

  test("steps are a numbered list with its numbers in circles; mirrored on the Arabic page with its tabs' keys", { skip: error, timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(srv.url + "guide/");
      const step = await page.$eval(".steps > ol > li", (li) => {
        const b = getComputedStyle(li, "::before");
        return { role: li.parentElement.getAttribute("role"), content: b.content, pad: getComputedStyle(li).paddingLeft, radius: b.borderTopLeftRadius };
      });
      assert.deepEqual(step, { role: "list", content: "counter(step)", pad: step.pad, radius: "50%" });
      assert.ok(parseFloat(step.pad) > 30, `the step's text leaves room for its number: ${step.pad}`);
      await page.goto(srv.url + "ar/guide/");
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      const ar = await page.$eval(".steps > ol > li", (li) => ({ left: getComputedStyle(li).paddingLeft, right: getComputedStyle(li).paddingRight }));
      assert.ok(parseFloat(ar.right) > 30 && parseFloat(ar.left) === 0, `the number sits on the right: ${JSON.stringify(ar)}`);
      // The tabs run right to left, and Left moves to the next tab.
      const [first, second] = await page.$$eval("#tabs-1 [role=tab]", (ts) => ts.map((t) => t.getBoundingClientRect().left));
      assert.ok(second < first, "the second tab is left of the first");
      await page.locator("#tabs-1 [role=tab]").first().focus();
      await page.keyboard.press("ArrowLeft");
      assert.equal(await focused(page), "لينكس");
      assert.deepEqual(rec.pageErrors, []);
    } finally {
      await close();
    }
  });

  for (const scheme of ["light", "dark"]) {
    test(`axe: no violations on pages with tabs, steps and cards (${scheme}), and no sideways scroll at 390 px`, { skip: error, timeout: 90_000 }, async () => {
      for (const width of [1280, 390]) {
        const { page, close } = await open(browser, { colorScheme: scheme, width, height: 844 });
        try {
          for (const rel of ["guide/", "ar/guide/"]) {
            await page.goto(srv.url + rel);
            const v = await runAxe(page);
            if (v.length) assert.fail(formatViolations(v, `/${rel} [${scheme}, ${width} px]`));
            const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(wide <= 0, `/${rel} at ${width} px scrolls sideways by ${wide} px`);
            // Choose the other tab too: axe on the second panel.
            await page.locator("#tabs-1 [role=tab]").nth(1).click();
            const v2 = await runAxe(page);
            if (v2.length) assert.fail(formatViolations(v2, `/${rel} second tab [${scheme}, ${width} px]`));
          }
        } finally {
          await close();
        }
      }
    });
  }
});
