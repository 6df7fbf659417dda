// SCORM 2004 4th Edition packages (`primer package --scorm 2004`, issue 18) against a
// real SCORM 2004 runtime: `scorm-again`'s Scorm2004API plays the LMS (as
// window.API_1484_11) in a test page on loopback and launches the portal's `managers`
// path in a frame. The test walks the path, passes the knowledge check and asserts what
// the LMS received (completion_status, success_status, score.raw and score.scaled,
// location, suspend_data, commit and terminate), then relaunches with the saved data
// and checks the learner resumes where they left off.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { PRIMER_BIN, REPO, launch, open } from "./lib/common.mjs";
import { serveSite } from "./lib/server.mjs";
import { lmsPage, copyRuntime, inner, last, at as atLocation, answer } from "./lib/lms.mjs";

const SRC = process.env.PRIMER_REPO_SRC || REPO;
const ID = "managers";

let work, srv, browser;
const at = (page, suffix) => atLocation(page, "2004", suffix);

describe("a SCORM 2004 4th Edition package in a SCORM 2004 runtime (scorm-again)", () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "primer-scorm2004-"));
    execFileSync(PRIMER_BIN, ["package", "--scorm", "2004", "--root", SRC, "--output", path.join(work, "zips"), ID], { stdio: "pipe" });
    copyRuntime("2004", work);
    fs.mkdirSync(path.join(work, ID));
    execFileSync("unzip", ["-q", path.join(work, "zips", `${ID}.zip`), "-d", path.join(work, ID)]);
    fs.writeFileSync(path.join(work, "lms.html"), lmsPage("2004", ID));
    fs.writeFileSync(path.join(work, "404.html"), "<!doctype html><title>missing</title>");
    srv = await serveSite(work);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.close?.();
    if (work && !process.env.KEEP_BUILDS) fs.rmSync(work, { recursive: true, force: true });
  });

  test(`${ID}: walk the path, pass the check, and resume after a relaunch`, { timeout: 180_000 }, async () => {
    const manifest = fs.readFileSync(path.join(work, ID, "imsmanifest.xml"), "utf8");
    assert.match(manifest, /<schemaversion>2004 4th Edition<\/schemaversion>/);
    assert.match(manifest, /adlcp:scormType="sco"/);
    const { page, rec, close } = await open(browser);
    try {
      const course = JSON.parse(fs.readFileSync(path.join(work, ID, "launch.html"), "utf8").match(/id="primer-course">(.*?)<\/script>/)[1]);
      assert.match(manifest, new RegExp(`<imsss:minNormalizedMeasure>${course.pass_mark / 100}</imsss:minNormalizedMeasure>`));
      await page.goto(`${srv.url}lms.html`);
      await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "Initialize"));
      await page.waitForFunction(() => window.API_1484_11.cmi.completion_status === "incomplete");
      assert.equal(await last(page, "cmi.completion_status"), "incomplete", "incomplete on start");
      await at(page, `paths/${ID}/index.html`);

      let frame = inner(page);
      await frame.locator(`[data-module] a`).first().click();
      let n = 0;
      for (let i = 0; i < course.modules.length; i++) {
        const m = course.modules[i];
        await at(page, `${m}index.html`);
        frame = inner(page);
        if (m === course.check) {
          // Every answer right: the one the question's explanation names.
          n = await answer(frame, 0);
          await page.waitForFunction(() => window.lmsLog.some((e) => e[1] === "cmi.score.scaled"));
          assert.equal(await last(page, "cmi.score.raw"), "100");
          assert.equal(await last(page, "cmi.score.scaled"), "1");
          assert.equal(await last(page, "cmi.success_status"), "passed");
        } else {
          const button = frame.locator(`[data-done="${m}"]`);
          await button.waitFor({ state: "visible" });
          await button.click();
          assert.equal(await last(page, "cmi.success_status"), "unknown", `no score yet after module ${i + 1}`);
        }
        await page.waitForFunction((k) => (JSON.parse(window.API_1484_11.cmi.suspend_data || "{}").d || []).length === k, i + 1);
        if (i < course.modules.length - 1) {
          await frame.locator(`[data-path-nav="${ID}"] .pager__next a`).first().click();
        }
      }
      assert.equal(await last(page, "cmi.completion_status"), "completed", "every module done");

      // Unload: the bridge sets exit and session time, commits and terminates.
      await page.evaluate(() => document.getElementById("course").remove());
      await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "Terminate"));
      assert.ok((await page.evaluate(() => window.lmsLog)).some((e) => e[0] === "Commit"), "committed");
      assert.equal(await last(page, "cmi.exit"), "suspend");
      assert.match(await last(page, "cmi.session_time"), /^PT\d+S$/);
      const suspend = await page.evaluate(() => window.API_1484_11.cmi.suspend_data);
      const location = await page.evaluate(() => window.API_1484_11.cmi.location);
      const saved = JSON.parse(suspend);
      assert.equal(saved.d.length, course.modules.length);
      assert.equal(saved.s, 100);

      // Relaunch with what the LMS kept.
      await page.evaluate(() => {
        try { window.localStorage.clear(); } catch (e) { /* off */ }
      });
      const cmi = { suspend_data: suspend, location, completion_status: "completed", success_status: "passed", entry: "resume" };
      await page.goto(`${srv.url}lms.html?cmi=${encodeURIComponent(JSON.stringify(cmi))}`);
      await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "Initialize"));
      await at(page, `${course.check}index.html`);
      frame = inner(page);
      await frame.waitForFunction(() => document.querySelector(".quiz__score")?.textContent.trim() !== "");
      assert.match(await frame.locator(".quiz__score").textContent(), /\(100 %\)/, "the result restored");
      assert.equal(await frame.locator("[data-quiz] input:checked").count(), n, "every answer restored");
      assert.notEqual(await last(page, "cmi.completion_status"), "incomplete", "a relaunch does not reset the status");
      assert.deepEqual(rec.pageErrors, [], "no script errors");
    } finally {
      await close();
    }
  });
});
