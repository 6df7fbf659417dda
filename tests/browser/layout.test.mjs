// Layout: full-page screenshots at 1280 and 390 px, light and dark, of every page kind
// (of the repository's own site, falling back to the fixture), saved under
// target/screenshots/; no horizontal scroll at 390 px.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { site, launch, open, samplePages, screenshotPath, pageExists } from "./lib/common.mjs";
import { serveSite } from "./lib/server.mjs";

const repo = site("repo");
const fixture = site("fixture");
const s = repo.out ? repo : fixture;

function shots() {
  if (!s.out) return [];
  const kinds = new Map(samplePages(s));
  const want = [
    ["home", kinds.get("home")],
    ["module", kinds.get("module page")],
    ["decision-tree", kinds.get("decision tree")],
    ["sdg-grid", kinds.get("SDG grid") ?? kinds.get("taxonomy list (SDG grid + matrix)")],
    ["sdg-term", kinds.get("taxonomy term")],
    ["glossary-term", kinds.get("glossary term")],
    ["path", kinds.get("path overview")],
    ["section", kinds.get("section")],
    ["search", kinds.get("search")],
    ["404", kinds.get("404")],
    ["glossary", s === repo ? "glossary/" : kinds.get("glossary index")],
    ["quiz", s === repo ? "paths/managers/check/" : kinds.get("module page with quiz")],
    ["matrix", s === repo ? "domains/" : undefined],
  ].filter(([n, rel]) => rel !== undefined && (n === "404" || pageExists(s.out, rel)));
  const list = want.map(([n, rel]) => [s.name, n, rel]);
  if (fixture.out && s !== fixture) list.push(["fixture", "chinese", "guide/zhongwen/"], ["fixture", "decision-tree", "decide/choose/"]);
  else if (fixture.out) list.push(["fixture", "chinese", "guide/zhongwen/"]);
  return list;
}

describe(`layout and screenshots (${s.name} site${s === fixture ? ", the repository site did not build" : ""})`, () => {
  let browser;
  const servers = {};
  before(async () => {
    if (!s.out) return;
    browser = await launch();
    for (const x of [repo, fixture]) if (x.out) servers[x.name] = await serveSite(x.out);
  });
  after(async () => {
    await browser?.close();
    for (const v of Object.values(servers)) await v.close();
  });

  for (const [siteName, label, rel] of shots()) {
    for (const width of [1280, 390]) {
      for (const scheme of ["light", "dark"]) {
        const file = `${siteName}-${label}-${width}${scheme === "dark" ? "-dark" : ""}`;
        test(`${file}: /${rel} at ${width} px (${scheme}) → target/screenshots/${file}.png; no horizontal scroll`, { timeout: 60_000 }, async () => {
          const { page, close } = await open(browser, { width, height: width === 390 ? 844 : 800, colorScheme: scheme });
          try {
            await page.goto(servers[siteName].url + rel);
            await page.evaluate(() => document.fonts && document.fonts.ready);
            const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
            await page.screenshot({ path: screenshotPath(file), fullPage: true });
            assert.ok(fs.statSync(screenshotPath(file)).size > 1000);
            if (width === 390) assert.ok(m.sw <= m.w, `horizontal scroll at ${width} px: scrollWidth ${m.sw} > ${m.w}`);
          } finally {
            await close();
          }
        });
      }
    }
  }
});
