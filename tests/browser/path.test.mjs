// Training paths (issue 7): a quiz scored in the browser, a module marked done (and still
// done after a reload), and the path overview reflecting it. Fixture and repository site.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, pageKind, runAxe, formatViolations } from "./lib/common.mjs";

/** {path, modules: [rel], quiz: rel|null} for a site's first training path. */
function pathUnderTest(s) {
  if (!s.out) return null;
  const candidates = s.name === "fixture" ? ["paths/basics/"] : ["paths/managers/"];
  const all = fs.existsSync(path.join(s.out, "paths"))
    ? fs.readdirSync(path.join(s.out, "paths")).map((d) => `paths/${d}/`).filter((d) => fs.existsSync(path.join(s.out, d, "index.html")))
    : [];
  const p = [...candidates, ...all].find((d) => fs.existsSync(path.join(s.out, d, "index.html")) && pageKind(s.out, d) === "path");
  if (!p) return null;
  const html = fs.readFileSync(path.join(s.out, p, "index.html"), "utf8");
  const modules = [...html.matchAll(/data-module="([^"]*)"/g)].map((m) => m[1]);
  const quiz = modules.find((m) => /data-quiz/.test(fs.readFileSync(path.join(s.out, m, "index.html"), "utf8"))) ?? null;
  return { path: p, modules, quiz };
}

for (const name of ["fixture", "repo"]) {
  const s = site(name);
  const tp = pathUnderTest(s);
  const skip = unavailable(s) || (!tp && `no training path in the ${name} site`);
  describe(`${name} site: training path ${tp ? "/" + tp.path : ""}`, () => {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(skip ? null : s.out)));
    after(() => stopBrowserAndSite({ browser, srv }));

    test("the quiz is scored: choose answers, check them, read .quiz__score", { skip: skip || (!tp.quiz && "no module with a quiz"), timeout: 60_000 }, async () => {
      const { page, rec, close } = await open(browser);
      try {
        await page.goto(srv.url + tp.quiz);
        const submit = page.locator(".quiz__submit");
        await submit.waitFor({ state: "visible" });
        const questions = page.locator("[data-quiz] fieldset");
        const n = await questions.count();
        assert.ok(n >= 1, "no questions");
        for (let i = 0; i < n; i++) {
          const fs_ = questions.nth(i);
          // The right answer as the page states it in "Show the answer".
          const answer = (await fs_.locator("details p").first().textContent()).replace(/^\s*Answer:\s*/, "").trim();
          const labels = (await fs_.locator("label").allTextContents()).map((l) => l.trim());
          assert.ok(labels.includes(answer), `question ${i + 1}: the stated answer "${answer}" is not one of the options ${JSON.stringify(labels)}`);
          const pick = i < n - 1 ? answer : labels.find((l) => l !== answer);
          await fs_.getByLabel(pick, { exact: true }).check();
          const fb = (await fs_.locator(".quiz__feedback").textContent()).trim();
          if (i < n - 1) assert.match(fb, /correct/i, `question ${i + 1} feedback after the right answer: "${fb}"`);
          else assert.match(fb, /not quite|wrong|incorrect/i, `question ${i + 1} feedback after a wrong answer: "${fb}"`);
        }
        await submit.click();
        const score = page.locator(".quiz__score");
        assert.equal(await score.getAttribute("role"), "status");
        await page.waitForFunction(() => document.querySelector(".quiz__score").textContent.trim() !== "");
        const text = (await score.textContent()).trim();
        assert.match(text, new RegExp(`\\b${n - 1}\\b.*\\b${n}\\b`), `score text: "${text}" (expected ${n - 1} of ${n})`);
        // Answered questions open their explanation.
        assert.equal(await page.locator("[data-quiz] details[open]").count(), n);
        const v = await runAxe(page);
        if (v.length) assert.fail(formatViolations(v, `/${tp.quiz} after scoring`));
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });

    test("a module marked done stays done after a reload, and the path overview shows it", { skip, timeout: 60_000 }, async () => {
      const mod = tp.modules.find((m) => m !== tp.quiz) ?? tp.modules[0];
      const { page, rec, close } = await open(browser);
      try {
        await page.goto(srv.url + tp.path);
        const items = page.locator("[data-module]");
        const total = await items.count();
        assert.equal(total, tp.modules.length);
        const progress = page.locator("[data-path-progress]");
        assert.match((await progress.textContent()).trim(), new RegExp(`^0 of ${total}\\b`));

        await page.goto(srv.url + mod);
        const btn = page.locator(`[data-done="${mod}"]`);
        await btn.waitFor({ state: "visible" });
        assert.equal(await btn.getAttribute("aria-pressed"), "false");
        await btn.focus();
        await page.keyboard.press("Space");
        assert.equal(await btn.getAttribute("aria-pressed"), "true", "Space on the button did not mark the module done");
        assert.match((await page.locator(".done-status").textContent()).trim(), /done/i);
        await page.reload();
        await btn.waitFor({ state: "visible" });
        assert.equal(await btn.getAttribute("aria-pressed"), "true", "not done any more after a reload");

        await page.goto(srv.url + tp.path);
        const item = page.locator(`[data-module="${mod}"]`);
        assert.ok(await item.locator(".module__done").isVisible(), "the path overview does not mark the module done");
        assert.match((await progress.textContent()).trim(), new RegExp(`^1 of ${total}\\b`));
        for (const other of tp.modules.filter((m) => m !== mod)) {
          assert.ok(!(await page.locator(`[data-module="${other}"] .module__done`).isVisible()), `${other} shown done`);
        }

        // Undo with the mouse.
        await page.goto(srv.url + mod);
        await btn.click();
        assert.equal(await btn.getAttribute("aria-pressed"), "false");
        await page.goto(srv.url + tp.path);
        assert.match((await progress.textContent()).trim(), new RegExp(`^0 of ${total}\\b`));
        assert.deepEqual(rec.pageErrors, []);
      } finally {
        await close();
      }
    });

    test("every module page shows where it is in the path, links to the next module and has a \"mark as done\" button", { skip, timeout: 60_000 }, async () => {
      const { page, close } = await open(browser);
      const problems = [];
      try {
        for (const [i, mod] of tp.modules.entries()) {
          await page.goto(srv.url + mod);
          const kind = await page.evaluate(() => document.body.className);
          const nav = page.locator("[data-path-nav]").first();
          if (!(await nav.count()) || !(await nav.isVisible())) {
            problems.push(`/${mod} (${kind}): no path navigation ([data-path-nav])`);
          } else {
            const bar = page.locator("[data-path-nav] [role=progressbar]").first();
            if ((await bar.getAttribute("aria-valuemax")) !== String(tp.modules.length)) problems.push(`/${mod}: progressbar aria-valuemax ${await bar.getAttribute("aria-valuemax")}`);
            const next = page.locator("[data-path-nav] .pager__next a").first();
            const href = new URL(await next.getAttribute("href"), page.url()).pathname;
            const want = i + 1 < tp.modules.length ? "/" + tp.modules[i + 1] : "/" + tp.path;
            if (href !== want) problems.push(`/${mod}: "next" goes to ${href}, expected ${want}`);
          }
          if (!(await page.locator(`[data-done="${mod}"]`).isVisible())) problems.push(`/${mod} (${kind}): no visible "mark as done" button ([data-done="${mod}"])`);
        }
      } finally {
        await close();
      }
      assert.deepEqual(problems, []);
    });
  });
}
