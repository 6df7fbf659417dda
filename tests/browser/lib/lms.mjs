// A test LMS for the SCORM tests: a page on loopback where `scorm-again` plays the LMS's
// API object (SCORM 1.2's `window.API` or SCORM 2004's `window.API_1484_11`), logs what the
// course sends, and launches an unzipped package in a frame. Shared by scorm.test.mjs and
// scorm2004.test.mjs so the two editions are driven the same way.

import fs from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** What differs between the editions: runtime file, API object, its events and elements. */
export const EDITIONS = {
  "1.2": {
    runtime: "scorm12.js",
    ctor: "Scorm12API",
    api: "API",
    events: ["LMSInitialize", "LMSCommit", "LMSFinish"],
    setEvent: "LMSSetValue.cmi.*",
    location: "cmi.core.lesson_location",
  },
  2004: {
    runtime: "scorm2004.js",
    ctor: "Scorm2004API",
    api: "API_1484_11",
    events: ["Initialize", "Commit", "Terminate"],
    setEvent: "SetValue.cmi.*",
    location: "cmi.location",
  },
};

/** The LMS page for `edition` launching `course/launch.html`; `?cmi=JSON` preloads saved data. */
export function lmsPage(edition, course) {
  const e = EDITIONS[edition];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS (SCORM ${edition})</title>
<script src="${e.runtime}"></script>
<script>
  var params = new URLSearchParams(location.search);
  window.${e.api} = new ${e.ctor}({ logLevel: 5, autocommit: false });
  var saved = params.get("cmi");
  if (saved) { window.${e.api}.loadFromJSON(JSON.parse(saved)); }
  window.lmsLog = [];
  ${JSON.stringify(e.events)}.forEach(function (ev) {
    window.${e.api}.on(ev, function () { window.lmsLog.push([ev]); });
  });
  window.${e.api}.on(${JSON.stringify(e.setEvent)}, function (el, v) { window.lmsLog.push(["set", el, String(v)]); });
</script></head>
<body><iframe id="course" title="course" style="width:1200px;height:850px" src="${course}/launch.html"></iframe></body></html>`;
}

/** Copy `edition`'s runtime from node_modules into the folder the LMS page is served from. */
export function copyRuntime(edition, dir) {
  const file = EDITIONS[edition].runtime;
  fs.copyFileSync(path.join(HERE, "..", "node_modules", "scorm-again", "dist", file), path.join(dir, file));
}

/** The course pages' frame (launch.html's inner frame). */
export function inner(page) {
  return page.frames().find((f) => f.parentFrame() && /launch\.html$/.test(f.parentFrame().url()));
}

/** Everything the LMS heard, in order. */
export async function log(page) {
  return page.evaluate(() => window.lmsLog);
}

/** The last value the LMS received for a CMI element. */
export async function last(page, el) {
  const hits = (await log(page)).filter((e) => e[0] === "set" && e[1] === el);
  return hits.length ? hits[hits.length - 1][2] : undefined;
}

/** Wait until the learner's page, as the LMS hears it (its location element), ends with `suffix`. */
export async function at(page, edition, suffix) {
  const { api, location } = EDITIONS[edition];
  await page.waitForFunction(
    ([a, el, s]) => {
      const value = el.split(".").slice(1).reduce((o, k) => (o ? o[k] : undefined), window[a].cmi);
      return window.lmsLog.some((e) => e[1] === el && e[2].endsWith(s)) && String(value || "").endsWith(s);
    },
    [api, location, suffix],
  );
}

/** Answer a knowledge check in `frame`: the right answer (the one its explanation names),
 * except for the first `wrong` questions; submit; return the number of questions. */
export async function answer(frame, wrong) {
  const qs = frame.locator("[data-quiz] fieldset");
  const n = await qs.count();
  for (let i = 0; i < n; i++) {
    const q = qs.nth(i);
    const right = (await q.locator("details p").first().textContent()).replace(/^\s*[^:：]*[:：]\s*/, "").trim();
    const labels = (await q.locator("label").allTextContents()).map((l) => l.trim());
    assert.ok(labels.includes(right), `question ${i + 1}: "${right}" is not among ${JSON.stringify(labels)}`);
    const pick = i < wrong ? labels.find((l) => l !== right) : right;
    await q.getByLabel(pick, { exact: true }).check();
  }
  await frame.locator(".quiz__submit").click();
  return n;
}
