// Glossary tooltips (issue 7): `.gloss` → `.gloss-tip` (role=tooltip, referenced by the
// term link's aria-describedby) shows on hover and on keyboard focus, can be hovered
// itself, Escape hides it (WCAG 1.4.13), and it stays inside a 375 px viewport.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations } from "./lib/common.mjs";

function glossPage(s) {
  if (!s.out) return null;
  const cands = s.name === "fixture" ? ["guide/basics/"] : ["foundations/what-is-a-blockchain/", "foundations/"];
  return cands.find((c) => {
    const f = path.join(s.out, c, "index.html");
    return fs.existsSync(f) && fs.readFileSync(f, "utf8").includes('class="gloss"');
  }) ?? null;
}

const tipVisible = (page, id) => page.evaluate((i) => {
  const t = document.getElementById(i);
  return Boolean(t) && t.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && t.getBoundingClientRect().height > 0;
}, id);

for (const name of ["fixture", "repo"]) {
  const s = site(name);
  const rel = glossPage(s);
  const skip = unavailable(s) || (!rel && `no page with glossary links in the ${name} site`);
  describe(`${name} site: glossary tooltips${rel ? " on /" + rel : ""}`, () => {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(skip ? null : s.out)));
    after(() => stopBrowserAndSite({ browser, srv }));

    test("markup: the term link is described by a role=tooltip element, hidden at first", { skip }, async () => {
      const { page, close } = await open(browser);
      try {
        await page.goto(srv.url + rel);
        const all = await page.evaluate(() => [...document.querySelectorAll(".gloss")].map((g) => {
          const a = g.querySelector("a.gloss-term");
          const tip = a && document.getElementById(a.getAttribute("aria-describedby") || "");
          return {
            text: g.textContent.slice(0, 40),
            ok: Boolean(a && tip && g.contains(tip) && tip.getAttribute("role") === "tooltip" && tip.classList.contains("gloss-tip")),
            hidden: tip ? !tip.checkVisibility() : null,
            href: a && a.getAttribute("href"),
          };
        }));
        assert.ok(all.length > 0);
        assert.deepEqual(all.filter((g) => !g.ok), [], "glossary links without a proper tooltip");
        assert.deepEqual(all.filter((g) => !g.hidden), [], "tooltips visible before any interaction");
        const ids = await page.evaluate(() => [...document.querySelectorAll(".gloss-tip")].map((t) => t.id));
        assert.equal(new Set(ids).size, ids.length, `duplicate tooltip ids: ${ids}`);
      } finally {
        await close();
      }
    });

    test("hover shows the tooltip, the pointer can move onto it, Escape hides it, leaving hides it", { skip }, async () => {
      const { page, close } = await open(browser);
      try {
        await page.goto(srv.url + rel);
        const term = page.locator(".gloss .gloss-term").first();
        const id = await term.getAttribute("aria-describedby");
        await term.scrollIntoViewIfNeeded();
        await term.hover();
        assert.ok(await tipVisible(page, id), "hover on the term does not show the tooltip");
        const def = (await page.locator(`#${id}`).textContent()).trim();
        assert.ok(def.length > 10, `empty tooltip: "${def}"`);
        // WCAG 1.4.13 hoverable: move the pointer from the term onto the tooltip.
        const a = await term.boundingBox();
        const b = await page.locator(`#${id}`).boundingBox();
        await page.mouse.move(a.x + 4, a.y + a.height / 2);
        await page.mouse.move(b.x + Math.min(20, b.width / 2), b.y + b.height / 2, { steps: 12 });
        assert.ok(await tipVisible(page, id), "the tooltip disappears when the pointer moves from the term onto it (WCAG 1.4.13 hoverable)");
        await page.keyboard.press("Escape");
        assert.ok(!(await tipVisible(page, id)), "Escape does not hide the hovered tooltip");
        await page.mouse.move(1, 1);
        await term.hover();
        assert.ok(await tipVisible(page, id), "hovering again does not show the tooltip after Escape");
        await page.mouse.move(1, 1);
        assert.ok(!(await tipVisible(page, id)), "the tooltip stays after the pointer leaves");
      } finally {
        await close();
      }
    });

    test("keyboard: Tab to the term shows the tooltip, Escape hides it, focus stays", { skip, timeout: 60_000 }, async () => {
      const { page, close } = await open(browser);
      try {
        await page.goto(srv.url + rel);
        const id = await page.locator(".gloss .gloss-term").first().getAttribute("aria-describedby");
        let n = 0;
        while (n < 400 && !(await page.evaluate((i) => document.activeElement?.getAttribute("aria-describedby") === i, id))) {
          await page.keyboard.press("Tab");
          n++;
        }
        assert.ok(n < 400, "Tab never reached the glossary term");
        assert.ok(await tipVisible(page, id), "keyboard focus on the term does not show the tooltip");
        const v = await runAxe(page);
        if (v.length) assert.fail(formatViolations(v, `/${rel} with a tooltip open`));
        await page.keyboard.press("Escape");
        assert.ok(!(await tipVisible(page, id)), "Escape does not hide the tooltip of the focused term");
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-describedby")), id, "Escape moved the focus");
        await page.keyboard.press("Tab");
        await page.keyboard.press("Shift+Tab");
        assert.ok(await tipVisible(page, id), "focusing the term again does not show the tooltip");
        await page.keyboard.press("Tab");
        const stillOnTerm = await page.evaluate((i) => document.activeElement?.getAttribute("aria-describedby") === i, id);
        if (!stillOnTerm) assert.ok(!(await tipVisible(page, id)), "the tooltip stays after focus leaves the term");
      } finally {
        await close();
      }
    });

    test("at 375 px every tooltip fits in the viewport when shown", { skip, timeout: 60_000 }, async () => {
      const { page, close } = await open(browser, { width: 375, height: 800 });
      try {
        await page.goto(srv.url + rel);
        const out = await page.evaluate(async () => {
          const bad = [];
          for (const a of document.querySelectorAll(".gloss .gloss-term")) {
            a.focus();
            const tip = document.getElementById(a.getAttribute("aria-describedby"));
            const r = tip.getBoundingClientRect();
            const sw = document.documentElement.scrollWidth;
            if (r.left < 0 || r.right > window.innerWidth || sw > window.innerWidth) {
              bad.push(`"${a.textContent}" tooltip spans x ${Math.round(r.left)}..${Math.round(r.right)} in a ${window.innerWidth} px viewport (page scrollWidth ${sw})`);
            }
            a.blur();
          }
          return bad;
        });
        assert.deepEqual(out, []);
      } finally {
        await close();
      }
    });
  });
}
