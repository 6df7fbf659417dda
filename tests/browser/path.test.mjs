// Training paths (issues 7, 13): a knowledge check checked once and kept, a module marked done (and still
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

    /** Per question: the options' labels (without marks) and the right one, as the page states it. */
    async function quizKey(page) {
      return page.evaluate(() => [...document.querySelectorAll("[data-quiz] fieldset")].map((fs) => ({
        labels: [...fs.querySelectorAll(".quiz__opt label")].map((l) => l.firstChild.textContent.trim()),
        right: fs.querySelector("input[data-correct]").value,
        answer: fs.querySelector("details p").textContent.replace(/^\s*\S+\s*/, "").trim(),
      })));
    }

    for (const [label, size] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
      test(`the knowledge check (${label}, JavaScript on): checked once on submit, unanswered named, both options marked, kept across reloads, done at the pass mark`, { skip: skip || (!tp.quiz && "no module with a quiz"), timeout: 90_000 }, async () => {
        const { page, rec, close } = await open(browser, size);
        try {
          await page.goto(srv.url + tp.quiz);
          const box = page.locator("[data-quiz]");
          assert.equal(await box.locator("form").count(), 0, "the check is a form (without JavaScript it would submit and lose the answers)");
          const submit = box.locator(".quiz__submit");
          await submit.waitFor({ state: "visible" });
          const pass = Number(await box.getAttribute("data-pass"));
          assert.ok(pass >= 0 && pass <= 100, `data-pass ${pass}`);
          const key = await quizKey(page);
          const n = key.length;
          assert.ok(n >= 3, "fewer than three questions");
          const questions = box.locator("fieldset");
          // The stated answer is the option marked right, whatever the shown order.
          for (const [i, q] of key.entries()) assert.equal(q.labels[Number(q.right)], q.answer, `question ${i + 1}`);

          // Right answers to all but the last two; a wrong one to question n-1; question n unanswered.
          for (let i = 0; i < n - 1; i++) {
            const q = key[i];
            const pick = i < n - 2 ? Number(q.right) : (Number(q.right) + 1) % q.labels.length;
            await questions.nth(i).locator(`input[value="${pick}"]`).check();
            assert.equal((await questions.nth(i).locator(".quiz__feedback").textContent()).trim(), "", "feedback while choosing (trial and error)");
          }
          await submit.click();
          const score = box.locator(".quiz__score");
          assert.equal(await score.getAttribute("role"), "status");
          assert.match(await score.textContent(), new RegExp(`\\b${n}\\b`), "the unanswered question is not named");
          assert.equal(await box.locator(".quiz__mark").count(), 0, "checked although a question is unanswered");
          assert.ok(await questions.nth(n - 1).evaluate((e) => e.classList.contains("quiz__q--missing")));
          // Checking again checks as it is.
          await submit.click();
          await page.waitForFunction(() => document.querySelector(".quiz__mark"));
          const text = (await score.textContent()).trim();
          const percent = Math.round(((n - 2) * 100) / n);
          assert.match(text, new RegExp(`\\b${n - 2}\\b.*\\b${n}\\b.*${percent}`), `score text: "${text}"`);
          assert.match(text, /1 not answered/, text);
          const passed = (n - 2) * 100 >= pass * n;
          assert.match(text, passed ? /Passed/ : /Not passed/, text);
          const wrongQ = questions.nth(n - 2);
          const wrongPick = (Number(key[n - 2].right) + 1) % key[n - 2].labels.length;
          assert.match(await wrongQ.locator(".quiz__opt").nth(wrongPick).textContent(), /your answer/);
          assert.ok(await wrongQ.locator(".quiz__opt").nth(wrongPick).evaluate((e) => e.classList.contains("quiz__opt--wrong")));
          assert.match(await wrongQ.locator(".quiz__opt").nth(Number(key[n - 2].right)).textContent(), /right answer/);
          assert.match(await wrongQ.locator(".quiz__feedback").textContent(), /Not correct/);
          assert.match(await questions.nth(n - 1).locator(".quiz__feedback").textContent(), /Not answered/);
          assert.match(await questions.nth(0).locator(".quiz__feedback").textContent(), /Correct/);
          assert.equal(await box.locator("details[open]").count(), n, "every explanation opens");
          assert.equal(await box.locator("input:not([disabled])").count(), 0, "answers can still be changed after checking");
          assert.equal(await submit.isVisible(), false);
          const v = await runAxe(page);
          if (v.length) assert.fail(formatViolations(v, `/${tp.quiz} after checking`));

          // Kept across a reload: the answers, the marks and the score.
          await page.reload();
          await page.waitForFunction(() => document.querySelector(".quiz__mark"));
          assert.equal((await score.textContent()).trim(), text);
          assert.ok(await wrongQ.locator(`input[value="${wrongPick}"]`).isChecked());

          // Try again; all right this time: passed, and the check is done in its path.
          await box.locator(".quiz__retry").click();
          assert.equal(await box.locator(".quiz__mark").count(), 0);
          assert.equal(await box.locator("input:checked").count(), 0);
          for (let i = 0; i < n; i++) await questions.nth(i).locator(`input[value="${key[i].right}"]`).check();
          await submit.click();
          await page.waitForFunction(() => /Passed/.test(document.querySelector(".quiz__score").textContent));
          assert.match(await score.textContent(), new RegExp(`\\b${n}\\b of \\b${n}\\b.*100`));
          await page.goto(srv.url + tp.path);
          assert.ok(await page.locator(`[data-module="${tp.quiz}"] .module__done`).isVisible(), "the passed check is not done on the overview");
          assert.deepEqual(rec.pageErrors, []);
        } finally {
          await close();
        }
      });
    }

    test("the knowledge check without JavaScript: no form to submit, answers stay chosen, explanations open", { skip: skip || (!tp.quiz && "no module with a quiz"), timeout: 60_000 }, async () => {
      const { page, close } = await open(browser, { js: false });
      try {
        await page.goto(srv.url + tp.quiz);
        const box = page.locator("[data-quiz]");
        assert.equal(await box.locator("form").count(), 0);
        assert.equal(await box.locator("button").filter({ visible: true }).count(), 0, "a button that does nothing without JavaScript");
        const first = box.locator("fieldset").first();
        await first.locator("input").first().check();
        await first.locator("input").first().press("Enter");
        assert.ok(await first.locator("input").first().isChecked(), "the answer was lost");
        await first.locator("summary").click();
        assert.ok(await first.locator("details").evaluate((d) => d.open));
        assert.ok(await first.locator("details p").first().isVisible());
      } finally {
        await close();
      }
    });

    for (const [label, size] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
      test(`the overview knows where the learner is (${label}): Start, Continue with module k, Completed with the date and the check's result, time left, reset; a module's bar counts modules done`, { skip, timeout: 90_000 }, async () => {
        const { page, rec, close } = await open(browser, size);
        try {
          await page.goto(srv.url + tp.path);
          const items = page.locator("[data-module]");
          const minutes = await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-minutes"))));
          const titles = (await page.locator("[data-module] > a").allTextContents()).map((t) => t.trim());
          const total = minutes.length;
          const sum = minutes.reduce((a, b) => a + b, 0);
          // The total the overview states is the modules' times added up.
          assert.match(await page.locator(".path__meta").textContent(), new RegExp(`\\b${sum} minutes`));
          const cta = page.locator(".path-status [data-path-cta]");
          const status = page.locator("[data-path-progress]");
          const bar = page.locator(".path-status [role=progressbar]");
          const reset = page.locator("[data-path-reset]");
          assert.equal((await cta.textContent()).trim(), "Start the path");
          assert.equal(new URL(await cta.getAttribute("href"), page.url()).pathname, "/" + tp.modules[0]);
          assert.match(await status.textContent(), new RegExp(`^0 of ${total} modules done\\. About ${sum} min left\\.`));
          assert.equal(await bar.getAttribute("aria-valuenow"), "0");
          assert.ok(await bar.isVisible());
          assert.equal(await reset.isVisible(), false);

          // Modules 1 and 2 done (the second with its button): continue with module 3.
          await page.goto(srv.url + tp.modules[0] + "?path=" + tp.path.split("/")[1]);
          if (tp.modules[0] !== tp.quiz) await page.locator(`[data-done="${tp.modules[0]}"]`).click();
          await page.goto(srv.url + tp.modules[1]);
          if (tp.modules[1] !== tp.quiz) await page.locator(`[data-done="${tp.modules[1]}"]`).click();
          // On a later module: "Module 3 of n" is the position, the bar counts the 2 done.
          if (total > 2) {
            await page.goto(srv.url + tp.modules[2]);
            const nav = page.locator("[data-path-nav]").first();
            assert.match(await nav.textContent(), new RegExp(`Module 3 of ${total}`));
            const mbar = nav.locator("[role=progressbar]");
            assert.equal(await mbar.getAttribute("aria-valuenow"), "2");
            assert.match(await mbar.getAttribute("aria-valuetext"), new RegExp(`^2 of ${total} modules done`));
            // The time left in the path: the minutes of the modules not done, as on the overview.
            const leftHere = nav.locator("[data-path-left]");
            assert.ok(await leftHere.isVisible());
            assert.equal((await leftHere.textContent()).trim(), `· About ${sum - minutes[0] - minutes[1]} min left.`);
            // Previous/next at the top and at the bottom.
            assert.equal(await page.locator(`.path-nav[data-path-nav] .pager__next a`).first().count(), 1);
            assert.equal(await page.locator(`.path-pager .pager__next a`).first().count(), 1);
          }
          await page.goto(srv.url + tp.path);
          const left = sum - minutes[0] - minutes[1];
          assert.equal((await cta.textContent()).trim(), `Continue with module 3: ${titles[2]}`);
          assert.equal(new URL(await cta.getAttribute("href"), page.url()).pathname, "/" + tp.modules[2]);
          assert.match(await status.textContent(), new RegExp(`^2 of ${total} modules done\\. About ${left} min left\\.`));
          assert.equal(await bar.getAttribute("aria-valuenow"), "2");
          assert.ok(await reset.isVisible());

          // Everything done, the check passed on a known day: Completed, with the date and the result.
          await page.evaluate(({ mods, quiz }) => {
            for (const m of mods) localStorage.setItem("primer:done:" + m, "2026-03-14");
            if (quiz) localStorage.setItem("primer:quiz:" + quiz, JSON.stringify({ a: [], s: 9, n: 10, p: true, d: "2026-03-14" }));
          }, { mods: tp.modules, quiz: tp.quiz });
          await page.reload();
          const done = (await status.textContent()).trim();
          assert.match(done, new RegExp(`^Completed: all ${total} modules done\\. Completed on March 14, 2026\\.`), done);
          if (tp.quiz) assert.match(done, /Knowledge check: 9 of 10 \(90 %\)\./, done);
          assert.equal((await cta.textContent()).trim(), "Go through the path again");
          assert.equal(await bar.getAttribute("aria-valuenow"), String(total));
          const v = await runAxe(page);
          if (v.length) assert.fail(formatViolations(v, `/${tp.path} completed`));

          // Reset: back to the start.
          await reset.click();
          assert.match(await status.textContent(), new RegExp(`^0 of ${total} modules done\\. About ${sum} min left\\. Your progress in this path has been reset\\.`));
          assert.equal((await cta.textContent()).trim(), "Start the path");
          assert.equal(await reset.isVisible(), false);
          assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => /^primer:(done|quiz):/.test(k))), []);
          assert.deepEqual(rec.pageErrors, []);
        } finally {
          await close();
        }
      });
    }

    test("without JavaScript the overview links the first module and shows no dead controls", { skip, timeout: 60_000 }, async () => {
      const { page, close } = await open(browser, { js: false });
      try {
        await page.goto(srv.url + tp.path);
        const cta = page.locator(".path-status [data-path-cta]");
        assert.ok(await cta.isVisible());
        assert.equal(new URL(await cta.getAttribute("href"), page.url()).pathname, "/" + tp.modules[0]);
        assert.equal(await page.locator("[data-path-reset]").isVisible(), false);
        assert.equal(await page.locator(".path-status [role=progressbar]").isVisible(), false);
        await page.goto(srv.url + tp.modules[1]);
        assert.equal(await page.locator(".path-nav [role=progressbar]").first().isVisible(), false, "a bar that cannot know what is done");
        assert.match(await page.locator("[data-path-nav]").first().textContent(), /Module 2 of/);
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
        assert.equal((await btn.textContent()).trim(), "Mark this module as done");
        await btn.focus();
        await page.keyboard.press("Space");
        assert.equal(await btn.getAttribute("aria-pressed"), "true", "Space on the button did not mark the module done");
        // A toggle button (WAI-ARIA APG): the state is in aria-pressed, the name stays the same.
        assert.equal((await btn.textContent()).trim(), "Mark this module as done");
        assert.equal(await btn.evaluate((b) => getComputedStyle(b, "::before").content), '"✓ " / ""', "no visible mark of the pressed state");
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

    test("every module page shows where it is in the path, links to the next module and has a \"mark as done\" button (the check: its quiz)", { skip, timeout: 60_000 }, async () => {
      const { page, close } = await open(browser);
      const problems = [];
      try {
        // Times add up: each module page shows the time the overview lists for it.
        await page.goto(srv.url + tp.path);
        const listed = await page.locator("[data-module]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-minutes"))));
        for (const [i, mod] of tp.modules.entries()) {
          await page.goto(srv.url + mod);
          const meta = ((await page.locator(".page-header .meta").first().textContent().catch(() => "")) || "").trim();
          const shown = Number((meta.match(/\d+/) || [])[0]);
          if (shown !== listed[i]) problems.push(`/${mod}: the page says "${meta}", the overview ${listed[i]} min`);
          if (mod === tp.quiz) {
            const own = (await page.locator(".quiz__meta").textContent()).trim();
            if (!/about \d+ min/.test(own)) problems.push(`/${mod}: the check does not show its own time ("${own}")`);
          }
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
          if (mod === tp.quiz) {
            if (await page.locator("[data-done]").count()) problems.push(`/${mod}: a "mark as done" button on the knowledge check (passing it marks it done)`);
          } else if (!(await page.locator(`[data-done="${mod}"]`).isVisible())) problems.push(`/${mod} (${kind}): no visible "mark as done" button ([data-done="${mod}"])`);
        }
      } finally {
        await close();
      }
      assert.deepEqual(problems, []);
    });

    // Every path, from the overview to "Completed", with only the controls at the bottom of each
    // module (no scrolling back up): odd modules with "Mark as done" (it must be in the last
    // screen), even ones only with the bottom "Next module" (which marks the module done too).
    for (const [label, size] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
      test(`every path can be completed from the bottom of each module (${label})`, { skip, timeout: 240_000 }, async () => {
        const { page, rec, close } = await open(browser, size);
        const problems = [];
        try {
          const paths = fs.readdirSync(path.join(s.out, "paths")).map((d) => `paths/${d}/`).filter((d) => pageKind(s.out, d) === "path");
          assert.ok(paths.length >= 1);
          for (const p of paths) {
            await page.goto(srv.url + p);
            const mods = await page.locator("[data-module]").evaluateAll((els) => els.map((e) => e.getAttribute("data-module")));
            await page.locator(".path-status [data-path-cta]").click();
            for (const [k, mod] of mods.entries()) {
              await page.waitForURL((u) => u.pathname === "/" + mod);
              await page.keyboard.press("End");
              await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
              const inLastScreen = (sel) => page.locator(sel).first().evaluate((e) => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; });
              if (await page.locator("[data-quiz]").count()) {
                for (const q of await page.locator("[data-quiz] fieldset").all()) {
                  const right = await q.locator("input[data-correct]").getAttribute("value");
                  await q.locator(`input[value="${right}"]`).check();
                }
                await page.locator("[data-quiz] .quiz__submit").click();
                await page.waitForFunction(() => /Passed/.test(document.querySelector(".quiz__score").textContent));
                await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
              } else if (k % 2 === 0) {
                if (!(await inLastScreen(`[data-done="${mod}"]`))) problems.push(`/${mod}: "Mark as done" is not in the last screen`);
                else await page.locator(`[data-done="${mod}"]`).click();
              }
              const next = page.locator(".path-pager:not([hidden]) .pager__next a");
              if (!(await inLastScreen(".path-pager:not([hidden]) .pager__next a"))) problems.push(`/${mod}: the bottom "Next module" is not in the last screen`);
              await next.click();
            }
            await page.waitForURL((u) => u.pathname === "/" + p);
            const status = (await page.locator("[data-path-progress]").textContent()).trim();
            if (!/^Completed: all \d+ modules done\./.test(status)) problems.push(`/${p}: "${status}"`);
            await page.evaluate(() => localStorage.clear());
          }
          assert.deepEqual(rec.pageErrors, []);
        } finally {
          await close();
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}
