// Decision trees (issue 7): every tree of the fixture and of the repository's own site,
// walked to its outcomes with the mouse, with the keyboard only, and with JavaScript
// disabled (answers are links to #id anchors, CSS :target shows the node); the wizard's
// back and restart, the browser's back button, reloading a shared result URL (state in
// the URL hash), focus moving to each new question and an aria-live announcement.
//
// The routes come from the tree's YAML (docs/authoring.md): for every outcome, the
// shortest list of answers from `start`. The page is read through its visible text and
// the accessible names of its controls, not through tree.js's class names.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { site, unavailable, norm, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations, foreignRequests, serverErrors } from "./lib/common.mjs";
import {
  findTreePages, routes, longestRoute, nodeText, shows, treeText, liveTexts, focusShows, focusDesc,
  answerHandle, controlHandle, backToHandle, inPage, routeCounts, replayState, routeLists,
} from "./lib/tree.mjs";

// English, and the words of the theme's Chinese and Arabic tables (themes/default/i18n/).
const BACK = "^(back|go back|previous( question)?|← ?back)\\b|^返回|^العودة";
const RESTART = "(restart|start (again|over)|begin again|reset|重新开始|ابدأ من جديد)";

async function until(fn, ms = 3000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function expectShows(page, text, why) {
  const ok = await until(() => shows(page, text));
  if (!ok) {
    const t = (await treeText(page)) ?? "(no .decision-tree element on the page)";
    assert.fail(`${why}: expected the tree to show "${text}"; it shows: ${t.slice(0, 400)}`);
  }
}

async function expectGone(page, text, why) {
  const gone = await until(async () => !(await shows(page, text)));
  if (!gone) assert.fail(`${why}: "${text}" is still shown; the tree shows: ${(await treeText(page))?.slice(0, 400)}`);
}

async function expectRendered(page, tp) {
  const has = await page.locator(".decision-tree").count();
  assert.ok(has, `no .decision-tree on /${tp.url}: the page names tree: ${tp.yamlFile.split("/").pop()} but no tree was rendered (is the tree module integrated?)`);
}

/** Click the answer (mouse) and wait for `next` to show. */
async function clickAnswer(page, step, nextText) {
  const el = await answerHandle(page, step.question, step.label);
  assert.ok(el, `no visible answer "${step.label}" for the question "${step.question}"`);
  await el.click();
  await el.dispose();
  await expectShows(page, nextText, `after answering "${step.label}" to "${step.question}"`);
  if (nextText !== step.question) await expectGone(page, step.question, `after answering "${step.label}" (the answered question should be hidden)`);
}

for (const name of ["fixture", "repo"]) {
  const s = site(name);
  const trees = findTreePages(s.src).filter((t) => t.tree);
  describe(`${name} site: decision trees`, () => {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
    after(() => stopBrowserAndSite({ browser, srv }));

    test(`the ${name} site has decision trees`, { skip: unavailable(s) }, () => {
      assert.ok(trees.length > 0, `no page with tree: in ${s.src}/content`);
    });

    for (const tp of trees) {
      const tree = tp.tree;
      const all = routes(tree);
      const long = longestRoute(tree);
      const start = nodeText(tree, tree.start);
      const where = `/${tp.url}`;

      for (const js of [true, false]) {
        test(`${where}: a "Start the decision tree" link above the fold leads to the tree's first question (JS ${js ? "on" : "off"}, 1280 and 390 px)`, { skip: unavailable(s), timeout: 60_000 }, async () => {
          for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
            const { page, close } = await open(browser, { ...size, js });
            try {
              await page.goto(srv.url + tp.url);
              const jump = page.locator(".tree-jump a");
              const box = await jump.boundingBox();
              assert.ok(box && box.y + box.height <= size.height, `at ${size.width} px the link is at y=${box && box.y}, below the fold`);
              await jump.focus();
              await page.keyboard.press("Enter");
              await until(() => page.evaluate(() => { const r = document.getElementById("tree__title").getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }));
              const seen = await page.evaluate(() => { const r = document.getElementById("tree__title").getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; });
              assert.ok(seen, `at ${size.width} px the tree's title is not in view after the link`);
              await expectShows(page, start, "after the start link");
            } finally {
              await close();
            }
          }
        });
      }

      test(`${where}: mouse: walk to each of the ${all.length} outcomes; no request leaves the server`, { skip: unavailable(s), timeout: 180_000 }, async () => {
        const { page, rec, close } = await open(browser);
        try {
          for (const r of all) {
            await page.goto(srv.url + tp.url);
            await expectRendered(page, tp);
            await expectShows(page, start, "on load");
            for (const step of r.steps) await clickAnswer(page, step, nodeText(tree, step.next));
            await expectShows(page, r.outcome.verdict, `outcome ${r.outcome.id}`);
            if (r.outcome.explanation) await expectShows(page, r.outcome.explanation.split(/(?<=[.;:])\s/)[0], `explanation of ${r.outcome.id}`);
            for (const l of r.outcome.links || []) {
              const n = await inPage(page, "(h, t) => h.controls(h.root()).filter((e) => e.tagName === 'A' && h.controlName(e).includes(h.norm(t))).length", l.title);
              assert.ok(n > 0, `outcome ${r.outcome.id}: no visible link "${l.title}"`);
            }
          }
          assert.deepEqual(foreignRequests(rec, srv.origin), []);
          assert.deepEqual(rec.pageErrors, []);
        } finally {
          await close();
        }
      });

      test(`${where}: the wizard moves focus to each new question and announces it (aria-live)`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        const { page, close } = await open(browser);
        try {
          await page.goto(srv.url + tp.url);
          await expectRendered(page, tp);
          const problems = [];
          for (const step of long.steps) {
            const next = nodeText(tree, step.next);
            const before = await liveTexts(page);
            await clickAnswer(page, step, next);
            const focused = await until(() => focusShows(page, next), 1500);
            if (!focused) problems.push(`after "${step.label}": focus is on ${await focusDesc(page)}, not on "${next}"`);
            const after = await until(async () => {
              const now = await liveTexts(page);
              return now.some((t, i) => t && t !== before[i]) || now.length > before.length ? now : null;
            }, 1500);
            if (!after) problems.push(`after "${step.label}": no aria-live/status region changed its text (live regions: ${JSON.stringify(before)})`);
          }
          assert.deepEqual(problems, []);
        } finally {
          await close();
        }
      });

      test(`${where}: keyboard only: Tab to each answer and press Enter or Space (in turn; answers are buttons), to the outcome "${long.outcome.verdict}"`, { skip: unavailable(s), timeout: 120_000 }, async () => {
        const { page, close } = await open(browser);
        try {
          await page.goto(srv.url + tp.url);
          await expectRendered(page, tp);
          let first = true;
          for (const step of long.steps) {
            const el = await answerHandle(page, step.question, step.label);
            assert.ok(el, `no visible answer "${step.label}" for "${step.question}"`);
            let n = 0;
            const max = first ? 600 : 60;
            while (!(await el.evaluate((x) => x === document.activeElement)) && n < max) {
              await page.keyboard.press("Tab");
              n++;
            }
            assert.ok(n < max, `Tab never reached the answer "${step.label}" (${n} presses; focus on ${await focusDesc(page)})`);
            // With the script an answer changes the tree in place: a button, so Space works too.
            assert.equal(await el.getAttribute("role"), "button", `the answer "${step.label}" is not a button`);
            await el.dispose();
            const key = long.steps.indexOf(step) % 2 === 0 ? "Space" : "Enter";
            await page.keyboard.press(key);
            await expectShows(page, nodeText(tree, step.next), `after ${key} on "${step.label}"`);
            first = false;
          }
          await expectShows(page, long.outcome.verdict, "at the end");
        } finally {
          await close();
        }
      });

      test(`${where}: browser back/forward, the wizard's back and restart controls`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        const { page, close } = await open(browser);
        try {
          await page.goto(srv.url + tp.url);
          await expectRendered(page, tp);
          for (const step of long.steps) await clickAnswer(page, step, nodeText(tree, step.next));
          const last = long.steps[long.steps.length - 1];
          await page.goBack();
          await expectGone(page, long.outcome.verdict, "after the browser's back button");
          await expectShows(page, last.question, "after the browser's back button");
          await page.goForward();
          await expectGone(page, last.question, "after the browser's forward button");
          await expectShows(page, long.outcome.verdict, "after the browser's forward button");
          // The wizard's own way back: a "Back" control, or the answer trail's entry for the
          // last question ("Go back to: <question> <answer>").
          const back = (await backToHandle(page, last.question)) ?? (await controlHandle(page, BACK));
          assert.ok(back, `no visible control in the tree to go back to "${last.question}" (a button/link named /${BACK}/i or naming the question)`);
          await back.click();
          await back.dispose();
          await expectGone(page, long.outcome.verdict, "after the wizard's Back");
          await expectShows(page, last.question, "after the wizard's Back");
          await clickAnswer(page, last, long.outcome.verdict);
          const restart = await controlHandle(page, RESTART);
          assert.ok(restart, `no visible "Restart" control in the tree at the outcome (looked for /${RESTART}/i)`);
          await restart.click();
          await restart.dispose();
          await expectGone(page, long.outcome.verdict, "after Restart");
          await expectShows(page, start, "after Restart");
          if (long.steps.length > 1) assert.ok(!(await shows(page, last.question)) || last.question === start, "the last question is still shown after Restart");
        } finally {
          await close();
        }
      });

      test(`${where}: a result URL (state in the hash) can be shared: reload and a fresh browser show the same outcome`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        const a = await open(browser);
        const b = await open(browser);
        try {
          await a.page.goto(srv.url + tp.url);
          await expectRendered(a.page, tp);
          const hashes = [];
          for (const step of long.steps) {
            await clickAnswer(a.page, step, nodeText(tree, step.next));
            hashes.push(new URL(a.page.url()).hash);
          }
          const url = a.page.url();
          assert.ok(new URL(url).hash.length > 1, `the URL keeps no state in its hash after reaching the outcome: ${url}`);
          assert.equal(new Set(hashes).size, hashes.length, `the hash did not change at every step: ${JSON.stringify(hashes)}`);
          await a.page.reload();
          await expectShows(a.page, long.outcome.verdict, `after reloading ${url}`);
          await b.page.goto(url);
          await expectShows(b.page, long.outcome.verdict, `opening the shared URL ${url} in a fresh context`);
        } finally {
          await a.close();
          await b.close();
        }
      });

      test(`${where}: without JavaScript, answers are #anchor links and :target shows each node, to every outcome`, { skip: unavailable(s), timeout: 120_000 }, async () => {
        const { page, rec, close } = await open(browser, { js: false });
        try {
          for (const r of all) {
            await page.goto(srv.url + tp.url);
            await expectRendered(page, tp);
            await expectShows(page, start, "on load without JavaScript");
            let prevQ = null;
            for (const step of r.steps) {
              if (prevQ && prevQ !== step.question) assert.ok(!(await shows(page, prevQ)), `without JavaScript the previous question "${prevQ}" stays visible next to "${step.question}"`);
              const el = await answerHandle(page, step.question, step.label);
              assert.ok(el, `without JavaScript: no visible answer "${step.label}" for "${step.question}"`);
              const href = await el.evaluate((x) => (x.tagName === "A" ? x.getAttribute("href") : `<${x.tagName.toLowerCase()}> (not a link)`));
              assert.match(href, /^#./, `answer "${step.label}" is not a link to an #anchor: ${href}`);
              assert.equal(await el.getAttribute("role"), null, `without JavaScript the answer "${step.label}" is not announced as a link`);
              const id = decodeURIComponent(href.slice(1));
              assert.ok(await page.evaluate((i) => Boolean(document.getElementById(i)), id), `answer "${step.label}" links to #${id}, which is not in the page`);
              await el.click();
              await el.dispose();
              assert.equal(new URL(page.url()).hash, href);
              await expectShows(page, nodeText(tree, step.next), `without JavaScript, after "${step.label}"`);
              prevQ = step.question;
            }
            if (prevQ) assert.ok(!(await shows(page, prevQ)), `without JavaScript the last question "${prevQ}" stays visible at the outcome`);
            // "How you got here": the answers so far, where only one route leads to the outcome.
            const unique = routeCounts(tree)(r.outcome.id) === 1;
            const want = unique ? [r.steps.map((x) => norm(`${x.question} ${x.label}`))] : [];
            assert.deepEqual(await routeLists(page), want, `without JavaScript, the route shown at "${r.outcome.verdict}"`);
          }
          // A shared outcome URL and the back button work without JavaScript too.
          const r = all[all.length - 1];
          const url = page.url();
          await page.goto(srv.url + tp.url);
          await page.goto(url);
          await expectShows(page, r.outcome.verdict, `without JavaScript, opening ${url}`);
          await page.goBack();
          await expectShows(page, start, "without JavaScript, after the back button");
          assert.deepEqual(serverErrors(srv).filter((e) => e.includes(tp.url)), []);
          assert.deepEqual(foreignRequests(rec, srv.origin), []);
        } finally {
          await close();
        }
      });

      // Outcome links that continue the tree at a later question (`#tree=…` states).
      const onward = (tree.outcomes || []).flatMap((o) => (o.links || []).filter((l) => /^#tree=/.test(l.href)).map((l) => ({ o, l })));
      for (const { o, l } of onward) {
        for (const js of [true, false]) {
          test(`${where}: "${l.title}" on the outcome "${o.verdict}" goes on to the question it names (JS ${js ? "on" : "off"})`, { skip: unavailable(s), timeout: 60_000 }, async () => {
            const to = replayState(tree, l.href.slice("#tree=".length));
            assert.ok(to, `${l.href} does not replay in ${tp.yamlFile}`);
            const r = all.find((x) => x.outcome.id === o.id);
            const { page, close } = await open(browser, { js });
            try {
              await page.goto(srv.url + tp.url);
              await expectRendered(page, tp);
              for (const step of r.steps) await clickAnswer(page, step, nodeText(tree, step.next));
              const link = page.locator(".decision-tree a:visible", { hasText: l.title });
              assert.equal(await link.count(), 1, `no visible link "${l.title}" at "${o.verdict}"`);
              await link.click();
              await expectShows(page, nodeText(tree, to.target), `after "${l.title}"`);
              await expectGone(page, o.verdict, `after "${l.title}"`);
              if (js) {
                // The wizard has the whole state: each earlier answer is on the trail.
                for (const step of to.steps) {
                  const back = await backToHandle(page, step.question);
                  assert.ok(back, `after "${l.title}", the trail has no way back to "${step.question}"`);
                  await back.dispose();
                }
              } else {
                assert.equal(decodeURIComponent(new URL(page.url()).hash), `#tree-${to.target}`);
              }
            } finally {
              await close();
            }
          });
        }
      }

      test(`${where}: a node's own #anchor with JavaScript on shows it with the answers that lead there, where one route does`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        const count = routeCounts(tree);
        const r = all.filter((x) => count(x.outcome.id) === 1 && x.steps.length > 0).sort((a, b) => b.steps.length - a.steps.length)[0];
        if (!r) return;
        const { page, close } = await open(browser);
        try {
          await page.goto(`${srv.url}${tp.url}#tree-${r.outcome.id}`);
          await expectShows(page, r.outcome.verdict, `opening #tree-${r.outcome.id}`);
          for (const step of r.steps) {
            const back = await backToHandle(page, step.question);
            assert.ok(back, `opening #tree-${r.outcome.id}: the trail has no way back to "${step.question}"`);
            await back.dispose();
          }
        } finally {
          await close();
        }
      });

      test(`${where}: axe finds no violations in the middle of the walk and at the outcome (light and dark)`, { skip: unavailable(s), timeout: 60_000 }, async () => {
        for (const scheme of ["light", "dark"]) {
          const { page, close } = await open(browser, { colorScheme: scheme });
          try {
            await page.goto(srv.url + tp.url);
            await expectRendered(page, tp);
            const mid = Math.max(1, Math.floor(long.steps.length / 2));
            for (const [i, step] of long.steps.entries()) {
              await clickAnswer(page, step, nodeText(tree, step.next));
              if (i + 1 === mid || i + 1 === long.steps.length) {
                const v = await runAxe(page);
                if (v.length) assert.fail(formatViolations(v, `${where} after ${i + 1} answer(s) [${scheme}]`));
              }
            }
          } finally {
            await close();
          }
        }
      });
    }
  });
}
