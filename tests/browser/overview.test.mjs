// The decision tree's SVG overview (issue 13): with JavaScript, opening the overview
// inlines tree.svg (fetched only then: the page stays light) and the reader's route is
// marked on it (the answered questions, the chosen answers, the current node), following
// the wizard forwards and back; its description says the same route in words. Without
// JavaScript the <img> stays. In light and dark (the system's and the theme switch's),
// every text of the diagram keeps WCAG AA contrast on its box, and axe finds nothing.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { site, unavailable, startBrowserAndSite, stopBrowserAndSite, open, runAxe, formatViolations, screenshotPath } from "./lib/common.mjs";
import { findTreePages, longestRoute, answerHandle } from "./lib/tree.mjs";

const repo = site("repo");
const TREE = "decide/is-blockchain-an-option/";

/** Contrast ratio of two CSS colours (rgb()/rgba()/#hex as getComputedStyle gives them). */
const CONTRAST_SRC = `(() => {
  const parse = (c) => {
    const m = String(c).match(/rgba?\\(([^)]+)\\)/);
    if (m) return m[1].split(",").slice(0, 3).map(Number);
    const h = String(c).replace("#", "");
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  };
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return (a, b) => { const [x, y] = [lum(parse(a)), lum(parse(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
})()`;

/** Every text line of the inlined diagram with its colour, its box's colour and the ratio. */
async function diagramContrast(page) {
  return page.evaluate((src) => {
    const ratio = eval(src);
    const svg = document.querySelector(".tree-overview svg");
    const out = [];
    for (const t of svg.querySelectorAll("tspan")) {
      const g = t.closest("g.node, g.edge-label");
      const box = g.querySelector("rect:not(.ts-ring)");
      const fg = getComputedStyle(t).fill;
      const bg = getComputedStyle(box).fill;
      out.push({ text: t.textContent, fg, bg, ratio: ratio(fg, bg) });
    }
    const bg = getComputedStyle(svg.querySelector(".ts-bg")).fill;
    return { lines: out, bg, page: getComputedStyle(document.body).backgroundColor };
  }, CONTRAST_SRC);
}

async function openOverview(page) {
  await page.locator(".tree-overview summary").click();
  await page.waitForSelector(".tree-overview svg.tree-svg", { timeout: 5000 });
}

/** The diagram's marked nodes, chosen answers and current node. */
function routeMarks(page) {
  return page.evaluate(() => {
    const svg = document.querySelector(".tree-overview svg");
    return {
      nodes: [...svg.querySelectorAll("g.node.ts-route")].map((g) => g.dataset.node).sort(),
      edges: [...svg.querySelectorAll("g.edge.ts-route")].map((g) => `${g.dataset.from}.${g.dataset.answer}`).sort(),
      labels: [...svg.querySelectorAll("g.edge-label.ts-route")].map((g) => `${g.dataset.from}.${g.dataset.answer}`).sort(),
      here: [...svg.querySelectorAll("g.node.ts-here")].map((g) => g.dataset.node),
      ring: !!svg.querySelector("g.node.ts-here .ts-ring"),
      desc: svg.querySelector("desc").textContent,
      img: !!document.querySelector(".tree-overview img"),
    };
  });
}

describe("decision tree overview: the route on the diagram, dark mode", () => {
  let browser, srv;
  before(async () => ({ browser, srv } = await startBrowserAndSite(repo.out)));
  after(() => stopBrowserAndSite({ browser, srv }));
  const skip = unavailable(repo);

  for (const vp of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    test(`${vp.width} px: answering two questions marks them on the diagram; Back and the trail undo it`, { skip, timeout: 60_000 }, async () => {
      const tp = findTreePages(repo.src).find((t) => t.url === TREE);
      assert.ok(tp, `no tree page ${TREE} in the repository's content`);
      const steps = longestRoute(tp.tree).steps;
      assert.ok(steps.length >= 3, "the route has at least three steps");
      const t = await open(browser, vp);
      try {
        const { page, rec } = t;
        await page.goto(srv.url + TREE);
        // Nothing of the diagram loads before the overview opens.
        assert.equal(rec.requests.filter((r) => r.url.endsWith("/tree.svg")).length, 0, "tree.svg is not fetched before the overview opens");
        await openOverview(page);
        let m = await routeMarks(page);
        assert.equal(m.img, false, "the <img> was replaced by the inline diagram");
        assert.deepEqual(m.nodes, [steps[0].id], "before any answer only the start is on the route");
        assert.deepEqual(m.here, [steps[0].id]);
        assert.ok(m.ring, "the current node is outlined");

        for (const s of steps.slice(0, 2)) {
          const a = await answerHandle(page, s.question, s.label);
          assert.ok(a, `answer "${s.label}" to "${s.question}"`);
          await a.click();
          await a.dispose();
        }
        await page.waitForFunction((id) => document.querySelector(`.tree-overview g.node.ts-here[data-node="${id}"]`), steps[1].next);
        m = await routeMarks(page);
        const q = tp.tree.questions;
        const idx = (s) => q.find((x) => x.id === s.id).answers.findIndex((a) => String(a.label) === s.label);
        assert.deepEqual(m.nodes, [steps[0].id, steps[1].id, steps[1].next].sort(), "the two answered questions and the current node are on the route");
        assert.deepEqual(m.here, [steps[1].next], "the current node is the one the wizard shows");
        const chosen = [`${steps[0].id}.${idx(steps[0])}`, `${steps[1].id}.${idx(steps[1])}`].sort();
        assert.deepEqual(m.edges, chosen, "the chosen answers' edges are marked");
        assert.deepEqual(m.labels, chosen, "the chosen answers' labels are marked");
        for (const s of steps.slice(0, 2)) assert.ok(m.desc.includes(s.label) && m.desc.includes(s.question), `the description names "${s.question}" and "${s.label}"`);
        if (vp.width === 1280) {
          await page.locator(".tree-overview").scrollIntoViewIfNeeded();
          await page.screenshot({ path: screenshotPath("overview-route-1280") });
        }

        // The browser's Back undoes the last answer on the diagram too.
        await page.goBack();
        await page.waitForFunction((id) => document.querySelector(`.tree-overview g.node.ts-here[data-node="${id}"]`), steps[1].id);
        m = await routeMarks(page);
        assert.deepEqual(m.nodes, [steps[0].id, steps[1].id].sort(), "after Back: one answer on the route");
        assert.deepEqual(m.edges, [`${steps[0].id}.${idx(steps[0])}`]);

        // The trail's first button goes back to the start: nothing but the start is marked.
        await page.locator(".tree-trail button").first().click();
        await page.waitForFunction((id) => document.querySelector(`.tree-overview g.node.ts-here[data-node="${id}"]`), steps[0].id);
        m = await routeMarks(page);
        assert.deepEqual(m.nodes, [steps[0].id]);
        assert.deepEqual(m.edges, []);
        assert.ok(!/→|←/.test(m.desc), "no route in the description at the start");
        assert.deepEqual(t.rec.pageErrors, []);
      } finally {
        await t.close();
      }
    });
  }

  for (const scheme of ["light", "dark"]) {
    test(`${scheme}: the diagram follows the theme (system and switch), every label keeps 4.5:1, axe finds nothing`, { skip, timeout: 60_000 }, async () => {
      const t = await open(browser, { width: 1280, height: 800, colorScheme: scheme });
      try {
        const { page } = t;
        // A deep link: the route is marked as soon as the diagram arrives.
        await page.goto(srv.url + TREE);
        await openOverview(page);
        const tp = findTreePages(repo.src).find((x) => x.url === TREE);
        const s = longestRoute(tp.tree).steps[0];
        const a = await answerHandle(page, s.question, s.label);
        await a.click();
        await a.dispose();
        await page.waitForSelector(".tree-overview g.edge-label.ts-route");
        for (const forced of [null, scheme === "dark" ? "light" : "dark"]) {
          if (forced) {
            // The theme switch (data-theme on <html>) wins over the system's setting.
            await page.selectOption("#theme-select", forced);
          }
          const want = forced || scheme;
          const c = await diagramContrast(page);
          const dark = want === "dark";
          const lum = (rgb) => rgb.match(/\d+/g).slice(0, 3).map(Number).reduce((x, y) => x + y, 0) / 3;
          assert.equal(lum(c.bg) < 80, dark, `${want}: the diagram's background (${c.bg}) follows the page (${c.page})`);
          assert.equal(c.bg, c.page, `${want}: the diagram sits on the page's own background`);
          assert.ok(c.lines.length > 20, "the diagram's text lines are measured");
          const bad = c.lines.filter((l) => l.ratio < 4.5);
          assert.deepEqual(bad, [], `${want}: text below 4.5:1 in the diagram`);
          const v = await runAxe(page);
          assert.equal(v.length, 0, formatViolations(v, `${TREE} overview, ${want}`));
          await page.locator(".tree-overview").scrollIntoViewIfNeeded();
          await page.screenshot({ path: screenshotPath(`overview-${want}${forced ? "-switch" : ""}-1280`) });
        }
      } finally {
        await t.close();
      }
    });
  }

  test("JavaScript off: the overview is the <img> of tree.svg, dark with the system", { skip, timeout: 30_000 }, async () => {
    const t = await open(browser, { width: 1280, height: 800, colorScheme: "dark", js: false });
    try {
      const { page } = t;
      await page.goto(srv.url + TREE);
      await page.locator(".tree-overview summary").click();
      const img = page.locator(".tree-overview img");
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector(".tree-overview img").complete);
      assert.ok(await img.evaluate((i) => i.naturalWidth > 0 && i.alt.length > 10), "the diagram loads as an image with its alt text");
      // The picture's top-left pixel is its background: dark, like the page.
      const shot = await img.screenshot({ path: screenshotPath("overview-nojs-dark-1280") });
      const pixel = await page.evaluate(async (b64) => {
        const im = new Image();
        im.src = "data:image/png;base64," + b64;
        await im.decode();
        const c = document.createElement("canvas");
        c.width = im.width; c.height = im.height;
        const x = c.getContext("2d");
        x.drawImage(im, 0, 0);
        return [...x.getImageData(3, 3, 1, 1).data].slice(0, 3);
      }, shot.toString("base64"));
      assert.ok(pixel.reduce((a, b) => a + b, 0) / 3 < 80, `the diagram's background is dark (${pixel})`);
    } finally {
      await t.close();
    }
  });
});
