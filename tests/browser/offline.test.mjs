// The offline copy (issue 18): `primer build --offline` of the repository's site, opened
// from disk (file://) in Chromium: search (English, Chinese, the search page), a
// decision tree, a quiz and a training path work, links name their files, and nothing
// is requested from any host.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { PRIMER_BIN, REPO, launch, open } from "./lib/common.mjs";

const SRC = process.env.PRIMER_REPO_SRC || REPO;
let work, browser, root;

/** The file:// URL of a file of the copy. */
const url = (rel) => pathToFileURL(path.join(work, "offline", rel)).href;

function onlyFiles(rec) {
  const foreign = rec.requests.filter((r) => !r.url.startsWith("file:") && !r.url.startsWith("data:") && !r.url.startsWith("about:"));
  assert.deepEqual(foreign, [], "nothing requested from any host");
  // A load the browser cancels (the page moved on before the icon came) is not a
  // missing file: that is ERR_FILE_NOT_FOUND.
  const failed = rec.failed.filter((f) => !f.startsWith("net::ERR_ABORTED "));
  assert.deepEqual(failed, [], "every file the pages load is on disk");
  assert.deepEqual(rec.pageErrors, [], "no script errors");
}

describe("the offline copy, opened from file://", () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "primer-offline-"));
    execFileSync(PRIMER_BIN, ["build", "--offline", "--root", SRC, "--output", path.join(work, "offline")], { stdio: "pipe" });
    root = path.join(work, "offline");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (work && !process.env.KEEP_BUILDS) fs.rmSync(work, { recursive: true, force: true });
  });

  test("links name their files; no Pagefind bundle", () => {
    assert.ok(!fs.existsSync(path.join(root, "pagefind")), "no pagefind/");
    for (const rel of ["index.html", "paths/managers/index.html", "zh/index.html"]) {
      const html = fs.readFileSync(path.join(root, rel), "utf8");
      const hrefs = [...html.matchAll(/<a [^>]*href="([^"#][^"]*)"/g)].map((m) => m[1]).filter((h) => !/^[a-z]+:/.test(h));
      assert.ok(hrefs.length > 10, `${rel} has links`);
      const bare = hrefs.filter((h) => /\/(\?|$)/.test(h.split("#")[0]) || h === "." || h === "..");
      assert.deepEqual(bare, [], `${rel}: links to folders`);
    }
  });

  test("search: the header box (English and Chinese) and the search page", { timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(url("index.html"));
      const input = page.locator("#site-search-input");
      await input.click();
      await input.pressSequentially("ledger");
      const option = page.locator("#site-search-results [role=option] a").first();
      await option.waitFor();
      const href = await option.getAttribute("href");
      assert.match(href, /index\.html$/);
      await option.click();
      await page.waitForURL(/^file:.*index\.html$/);
      assert.ok(fs.existsSync(new URL(page.url()).pathname), "the result is a file of the copy");

      await page.goto(url("zh/index.html"));
      await page.locator("#site-search-input").click();
      await page.locator("#site-search-input").pressSequentially("区块链");
      const zh = page.locator("#site-search-results [role=option] a");
      await zh.first().waitFor();
      const zhHref = await zh.first().evaluate((a) => a.href);
      assert.match(zhHref, /index\.html$/);
      assert.match(await zh.first().textContent(), /[\u4e00-\u9fff]/, "a Chinese page found by a Chinese query");

      await page.goto(url("search/index.html") + "?q=database");
      const results = page.locator(".search-page__list li");
      await results.first().waitFor();
      assert.ok((await results.count()) >= 2, "the search page lists results");
      onlyFiles(rec);
    } finally {
      await close();
    }
  });

  test("a decision tree, a quiz and a training path", { timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(url("decide/is-blockchain-an-option/index.html"));
      const answer = page.locator(".tree-answer:visible").first();
      const next = await answer.getAttribute("data-next");
      await answer.click();
      await page.waitForFunction(() => window.location.hash.length > 1);
      await page.locator(`#tree-${next}`).waitFor({ state: "visible" });

      await page.goto(url("paths/managers/check/index.html"));
      const qs = page.locator("[data-quiz] fieldset");
      const n = await qs.count();
      for (let i = 0; i < n; i++) {
        const right = (await qs.nth(i).locator("details p").first().textContent()).replace(/^\s*[^:]*:\s*/, "").trim();
        await qs.nth(i).getByLabel(right, { exact: true }).check();
      }
      await page.locator(".quiz__submit").click();
      await page.waitForFunction(() => document.querySelector(".quiz__score").textContent.trim() !== "");
      assert.match(await page.locator(".quiz__score").textContent(), new RegExp(`\\b${n}\\b.*\\b${n}\\b`));

      // Passing the check marks it done (a check page has no "Mark as done").
      assert.equal(await page.locator("[data-done]").count(), 0);
      await page.goto(url("paths/managers/index.html"));
      await page.waitForFunction(() => (document.querySelector("[data-path-progress]")?.textContent || "").trim() !== "");
      assert.match(await page.locator("[data-path-progress]").textContent(), /\b1\b/);
      assert.equal(await page.locator(".module--done").count(), 1);
      onlyFiles(rec);
    } finally {
      await close();
    }
  });
});
