// Accessibility: axe-core (WCAG 2.0/2.1 A and AA) on one page of every template kind, in
// the light and the dark colour scheme, at 1280 and 390 px; the Tab walk (every visible control is reachable
// and shows a focus indicator). On the fixture site and on the repository's own site.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations, tabWalk, samplePages } from "./lib/common.mjs";

for (const name of ["fixture", "repo"]) {
  const s = site(name);
  describe(`${name} site: accessibility`, () => {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
    // One page per colour scheme, reused by the tests (contexts are slow to create).
    const tabs = {};
    const pageFor = async (scheme) => (tabs[scheme] ??= await open(browser, { colorScheme: scheme }));
    after(async () => {
      for (const t of Object.values(tabs)) await t.close();
      await stopBrowserAndSite({ browser, srv });
    });
    const pages = s.out ? samplePages(s) : [["(site did not build)", ""]];

    for (const scheme of ["light", "dark"]) {
      for (const [label, rel] of pages) {
        test(`axe: ${label} /${rel} (${scheme})`, { skip: unavailable(s), timeout: 60_000 }, async () => {
          const { page, rec } = await pageFor(scheme);
          const mark = rec.pageErrors.length;
          await page.goto(srv.url + rel);
          const v = await runAxe(page);
          assert.deepEqual(rec.pageErrors.slice(mark), []);
          if (v.length) assert.fail(formatViolations(v, `/${rel} [${label}, ${scheme} scheme]`));
        });
      }
    }

    // The phone layout (drawer, header rows, inline "On this page") in both schemes.
    const phones = {};
    const phoneFor = async (scheme) => (phones[scheme] ??= await open(browser, { width: 390, height: 844, colorScheme: scheme }));
    after(async () => { for (const t of Object.values(phones)) await t.close().catch(() => {}); });
    for (const scheme of ["light", "dark"]) {
      for (const [label, rel] of pages) {
        test(`axe at 390 px: ${label} /${rel} (${scheme})`, { skip: unavailable(s), timeout: 60_000 }, async () => {
          const { page } = await phoneFor(scheme);
          await page.goto(srv.url + rel);
          const v = await runAxe(page);
          if (v.length) assert.fail(formatViolations(v, `/${rel} [${label}, ${scheme} scheme, 390 px]`));
        });
      }
    }

    for (const [label, rel] of pages) {
      test(`keyboard: Tab reaches every visible control with a visible focus indicator: ${label} /${rel}`, { skip: unavailable(s), timeout: 120_000 }, async () => {
        const { page } = await pageFor("light");
        // Wait for scripts that add controls (search results and filters) before counting them.
        await page.goto(srv.url + rel, { waitUntil: "networkidle" });
        const r = await tabWalk(page);
        const msg = [];
        if (r.missing.length) msg.push(`${r.missing.length} of ${r.controls.length} visible controls never got focus:\n    ${r.missing.join("\n    ")}`);
        if (r.noFocusStyle.length) msg.push(`${r.noFocusStyle.length} focused element(s) without a visible focus indicator (outline/box-shadow):\n    ${r.noFocusStyle.join("\n    ")}`);
        if (msg.length) assert.fail(`/${rel} (${r.presses} Tab presses, ${r.reached.length} stops):\n  ${msg.join("\n  ")}`);
        assert.ok(r.reached.length >= Math.min(3, r.controls.length), `only ${r.reached.length} Tab stops`);
      });
    }
  });
}
