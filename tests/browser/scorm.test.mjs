// SCORM packages (issue 18) against a real SCORM 1.2 runtime: the `scorm-again` package
// plays the LMS in a test page served on loopback; it launches each of the portal's
// training paths, unzipped from `primer package`, in a frame. The test walks the path
// (each module marked done, by the pager; the knowledge check done by passing it), and asserts
// what the LMS received: incomplete on start, completed once every module is done,
// score and passed/failed against the pass mark, commit and finish on unload; then
// relaunches with the saved data and checks the learner resumes where they left off.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { PRIMER_BIN, REPO, launch, open } from "./lib/common.mjs";
import { serveSite } from "./lib/server.mjs";
import { lmsPage, copyRuntime, inner, log, last, at as atLocation, answer } from "./lib/lms.mjs";

const SRC = process.env.PRIMER_REPO_SRC || REPO;

let work, srv, browser;
const paths = ["managers", "project-staff", "technical-staff"];
const at = (page, suffix) => atLocation(page, "1.2", suffix);

function packageAll() {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "primer-scorm-"));
  execFileSync(PRIMER_BIN, ["package", "--root", SRC, "--output", path.join(work, "zips"), ...paths], { stdio: "pipe" });
  copyRuntime("1.2", work);
  for (const p of paths) {
    const dir = path.join(work, p);
    fs.mkdirSync(dir);
    execFileSync("unzip", ["-q", path.join(work, "zips", `${p}.zip`), "-d", dir]);
    fs.writeFileSync(path.join(work, `lms-${p}.html`), lmsPage("1.2", p));
  }
  // The server answers misses with the site's 404.html; give it one.
  fs.writeFileSync(path.join(work, "404.html"), "<!doctype html><title>missing</title>");
}

describe("SCORM packages in a SCORM 1.2 runtime (scorm-again)", () => {
  before(async () => {
    packageAll();
    srv = await serveSite(work);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.close?.();
    if (work && !process.env.KEEP_BUILDS) fs.rmSync(work, { recursive: true, force: true });
  });

  for (const [k, id] of paths.entries()) {
    // The second path is failed on purpose (half its answers wrong), the others passed.
    const failing = k === 1;
    test(`${id}: walk the path, take the check, and resume after a relaunch`, { timeout: 180_000 }, async () => {
      const { page, rec, close } = await open(browser);
      try {
        const course = JSON.parse(
          fs.readFileSync(path.join(work, id, "launch.html"), "utf8").match(/id="primer-course">(.*?)<\/script>/)[1],
        );
        await page.goto(`${srv.url}lms-${id}.html`);
        await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "LMSInitialize"));
        await page.waitForFunction(() => window.API.cmi.core.lesson_status === "incomplete");
        assert.equal(await last(page, "cmi.core.lesson_status"), "incomplete", "incomplete on start");
        await at(page, `paths/${id}/index.html`);

        // Walk: the overview's first module, then each module's "next" until the end.
        // A module is done by its "Mark as done" button; the knowledge check, by passing it.
        assert.ok(course.check, "the path has a knowledge check");
        assert.ok(course.modules.includes(course.check), "the check is one of the path's modules");
        let frame = inner(page);
        await frame.locator(`[data-module] a`).first().click();
        let done = 0, n = 0, expected = null;
        for (let i = 0; i < course.modules.length; i++) {
          const m = course.modules[i];
          await at(page, `${m}index.html`);
          frame = inner(page);
          if (m === course.check) {
            assert.equal(await frame.locator(`[data-done]`).count(), 0, "a knowledge check has no done button");
            const qs = await frame.locator("[data-quiz] fieldset").count();
            n = await answer(frame, failing ? Math.ceil(qs / 2) : 0);
            const right = failing ? n - Math.ceil(n / 2) : n;
            expected = Math.round((right / n) * 100);
            await page.waitForFunction(() => window.lmsLog.some((e) => e[1] === "cmi.core.score.raw"));
            assert.equal(await last(page, "cmi.core.score.raw"), String(expected));
            assert.equal(await last(page, "cmi.core.score.min"), "0");
            assert.equal(await last(page, "cmi.core.score.max"), "100");
            assert.equal(await last(page, "cmi.core.lesson_status"), failing ? "failed" : "passed", `score ${expected} against ${course.pass_mark}`);
            assert.ok(failing ? expected < course.pass_mark : expected >= course.pass_mark);
            if (!failing) { done += 1; }
          } else {
            const button = frame.locator(`[data-done="${m}"]`);
            await button.waitFor({ state: "visible" });
            await button.click();
            done += 1;
            if (expected === null) {
              assert.equal(await last(page, "cmi.core.lesson_status"), done === course.modules.length ? "completed" : "incomplete", `after module ${i + 1}`);
            }
          }
          await page.waitForFunction((k) => (JSON.parse(window.API.cmi.suspend_data || "{}").d || []).length === k, done);
          if (i < course.modules.length - 1) {
            await frame.locator(`[data-path-nav="${id}"] .pager__next a`).first().click();
          }
        }
        assert.ok(expected !== null, "the walk reached the knowledge check");
        assert.equal(done, failing ? course.modules.length - 1 : course.modules.length);

        // Unload: the launch page leaves; the bridge commits and finishes.
        await page.evaluate(() => document.getElementById("course").remove());
        await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "LMSFinish"));
        const l = await log(page);
        assert.ok(l.some((e) => e[0] === "LMSCommit"), "committed");
        assert.equal(await last(page, "cmi.core.exit"), "suspend");
        const suspend = await page.evaluate(() => window.API.cmi.suspend_data);
        const location = await page.evaluate(() => window.API.cmi.core.lesson_location);
        const saved = JSON.parse(suspend);
        assert.equal(saved.d.length, done, "every module done is saved as done");
        assert.equal(saved.s, expected);
        assert.ok(Object.keys(saved.q).length > 0, "the answers are saved");
        assert.ok(suspend.length <= 4096, `suspend_data fits SCORM 1.2's 4096 characters (${suspend.length})`);

        // Relaunch with what the LMS kept: same page, answers and score back, modules done.
        await page.evaluate(() => {
          try { window.localStorage.clear(); } catch (e) { /* off */ }
        });
        const cmi = { suspend_data: suspend, core: { lesson_location: location, lesson_status: failing ? "failed" : "passed", entry: "resume" } };
        await page.goto(`${srv.url}lms-${id}.html?cmi=${encodeURIComponent(JSON.stringify(cmi))}`);
        await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "LMSInitialize"));
        await at(page, `${course.check}index.html`);
        frame = inner(page);
        await frame.waitForFunction(() => document.querySelector(".quiz__score")?.textContent.trim() !== "");
        assert.match(await frame.locator(".quiz__score").textContent(), new RegExp(`\\(${expected} %\\)`), "the result restored");
        const checked = await frame.locator("[data-quiz] input:checked").count();
        assert.equal(checked, n, "every answer restored");
        assert.notEqual(await last(page, "cmi.core.lesson_status"), "incomplete", "a relaunch does not reset the status");
        await frame.locator(`[data-path-nav="${id}"] .pager__next a, [data-path-nav="${id}"] a[href$="paths/${id}/index.html"]`).first().click();
        await at(page, `paths/${id}/index.html`);
        frame = inner(page);
        await frame.waitForFunction((total) => (document.querySelector("[data-path-progress]")?.textContent || "").includes(String(total)), course.modules.length);
        assert.equal(await frame.locator(".module--done").count(), done, "the overview shows the modules done");
        assert.deepEqual(rec.pageErrors, [], "no script errors");
        // Every file the pages load (versioned stylesheets and scripts: `style.css?v=…`) is in the package.
        const loaded = rec.requests.filter((r) => r.url.startsWith(`${srv.url}${id}/`));
        assert.ok(loaded.some((r) => /\/style\.css\?v=[0-9a-f]{10}$/.test(r.url)), "the package's pages load the versioned stylesheet");
        assert.deepEqual(srv.log.filter((e) => e.status >= 400 && e.url.startsWith(`/${id}/`)).map((e) => `${e.status} ${e.url}`), [], "no file of the package is missing");
      } finally {
        await close();
      }
    });
  }

  test("outside an LMS the package's pages work and report nothing", { timeout: 60_000 }, async () => {
    const { page, rec, close } = await open(browser);
    try {
      await page.goto(`${srv.url}managers/launch.html`);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      await frame.waitForLoadState();
      assert.equal(await page.evaluate(() => typeof window.primerCourse), "undefined");
      const check = JSON.parse(fs.readFileSync(path.join(work, "managers", "launch.html"), "utf8").match(/id="primer-course">(.*?)<\/script>/)[1]).check;
      await frame.goto(`${srv.url}managers/${check}index.html`);
      const n = await answer(frame, 0);
      await frame.waitForFunction(() => document.querySelector(".quiz__score")?.textContent.trim() !== "");
      assert.match(await frame.locator(".quiz__score").textContent(), new RegExp(`\\b${n}\\b`));
      assert.deepEqual(rec.pageErrors, []);
      const foreign = rec.requests.filter((r) => !r.url.startsWith(srv.url) && !r.url.startsWith("data:") && !r.url.startsWith("about:"));
      assert.deepEqual(foreign, [], "nothing requested from another host");
    } finally {
      await close();
    }
  });
});
