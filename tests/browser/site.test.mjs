// Whole-site checks: every page of the fixture and of the repository's own site, served
// under the sub-path /portal/ at 375 px wide: loads with no 4xx/5xx, no request outside
// /portal/ or to another host, no script error or dialog, no horizontal scroll, every
// internal link resolves, and HTML+CSS+JS under 100 KB. Plus the 404 page and escaping.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  site, unavailable, startBrowserAndSite, stopBrowserAndSite, buildLog, notFoundBase, open, foreignRequests, serverErrors, transferBytes, listPages,
} from "./lib/common.mjs";
import { PORTAL } from "./lib/server.mjs";

const BUDGET = 100 * 1024;

/** Wait until the page's stylesheet has loaded (the relocating 404 page loads it late). */
async function waitStyled(page, why) {
  const ok = await page.waitForFunction(
    () => [...document.styleSheets].some((x) => { try { return x.cssRules.length > 10; } catch { return false; } }),
    null, { timeout: 5000 },
  ).then(() => true, () => false);
  assert.ok(ok, `the 404 page's stylesheet did not load; ${why()}`);
}


for (const name of ["fixture", "repo"]) {
  const s = site(name);
  describe(`${name} site`, () => {
    let browser, srv;
    before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)));
    after(() => stopBrowserAndSite({ browser, srv }));

    test("builds with primer build", () => {
      if (!s.out) assert.fail(`primer build failed for the ${name} site:\n${buildLog(s)}`);
    });

    test("every page under /portal/ at 375 px: loads cleanly, no horizontal scroll, links resolve, HTML+CSS+JS < 100 KB", { skip: unavailable(s), timeout: 600_000 }, async () => {
      const pages = listPages(s.out);
      assert.ok(pages.length > 3, `expected pages in ${s.out}`);
      const { page, rec, close } = await open(browser, { width: 375, height: 800 });
      const problems = new Map(); // message -> pages
      const sizes = [];
      const printDocs = [];
      try {
        for (const rel of pages) {
          const url = srv.portal + rel;
          const mark = { log: srv.log.length, req: rec.requests.length, resp: rec.responses.length, failed: rec.failed.length, err: rec.pageErrors.length, dialogs: rec.dialogs.length };
          const resp = await page.goto(url, { waitUntil: "load" });
          const p = [];
          if (!resp || resp.status() !== 200) p.push(`status ${resp?.status()}`);
          const reqs = rec.requests.slice(mark.req);
          const outside = reqs.map((r) => r.url).filter((u) => u.startsWith(srv.origin + "/") && !u.startsWith(srv.portal));
          if (outside.length) p.push(`requests outside ${PORTAL}: ${outside.join(", ")}`);
          const foreign = foreignRequests({ requests: reqs }, srv.origin);
          if (foreign.length) p.push(`requests to another host: ${foreign.join(", ")}`);
          const errs = serverErrors(srv, mark.log);
          if (errs.length) p.push(`failed requests: ${[...new Set(errs.map((e) => e.replace(srv.portal, PORTAL)))].join(", ")}`);
          // net::ERR_ABORTED is the browser cancelling a background load (favicon, index prefetch)
          // when the test navigates on; real failures are caught by the server log above.
          const failed = rec.failed
            .slice(mark.failed)
            .filter((f) => !f.startsWith("net::ERR_ABORTED"))
            .filter((f) => !errs.some((e) => f.endsWith(e.split(" ").pop())));
          if (failed.length) p.push(`network failures: ${failed.join(", ")}`);
          const pe = rec.pageErrors.slice(mark.err);
          if (pe.length) p.push(`script errors: ${pe.join(" | ")}`);
          const dl = rec.dialogs.slice(mark.dialogs);
          if (dl.length) p.push(`dialogs opened: ${dl.join(" | ")}`);
          const m = await page.evaluate(() => {
            const doc = document.documentElement;
            const wide = [];
            if (doc.scrollWidth > window.innerWidth) {
              // Elements past the right edge that no scroll container clips (an absolutely
              // positioned element is clipped only by containers at or above its containing block).
              const W = window.innerWidth;
              for (const el of document.querySelectorAll("body *")) {
                const r = el.getBoundingClientRect();
                if (r.right <= W + 1 || (r.width === 0 && r.height === 0)) continue;
                const pos = getComputedStyle(el).position;
                if (pos === "fixed") continue;
                let clip = false;
                for (let a = pos === "absolute" ? el.offsetParent : el.parentElement; a && a !== document.body; a = a.parentElement) {
                  if (getComputedStyle(a).overflowX !== "visible") { clip = true; break; }
                }
                if (clip) continue;
                const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "";
                const parent = el.parentElement;
                const pcls = parent && parent.className && typeof parent.className === "string" ? "." + parent.className.trim().split(/\s+/)[0] : "";
                wide.push(`<${el.tagName.toLowerCase()}${cls}> (position: ${pos}, in <${parent ? parent.tagName.toLowerCase() + pcls : "?"}>) right=${Math.round(r.right)}`);
              }
            }
            const links = [...document.querySelectorAll("a[href]")].map((a) => ({ href: a.href, raw: a.getAttribute("href") }));
            const missingAnchors = [...document.querySelectorAll('a[href^="#"]')]
              .map((a) => decodeURIComponent(a.getAttribute("href").slice(1)))
              // "#x=…" fragments are script state (e.g. the tree wizard's answers), not anchors.
              .filter((id) => id && !id.includes("=") && !document.getElementById(id));
            return {
              scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, wide: [...new Set(wide.map((w) => w.replace(/ right=\d+$/, "")))].slice(0, 4), widest: wide.length, links,
              missingAnchors: [...new Set(missingAnchors)], lang: doc.lang, title: document.title,
            };
          });
          if (m.scrollWidth > m.innerWidth) p.push(`horizontal scroll at 375 px: scrollWidth ${m.scrollWidth} > ${m.innerWidth}; ${m.widest} element(s) stick out unclipped, e.g. ${m.wide.join("; ")}`);
          if (!m.lang) p.push("no <html lang>");
          if (!m.title.trim()) p.push("empty <title>");
          if (m.missingAnchors.length) p.push(`in-page links to missing ids: ${m.missingAnchors.map((x) => "#" + x).join(", ")}`);
          const broken = [];
          for (const l of m.links) {
            const u = new URL(l.href);
            if (u.origin !== srv.origin) continue;
            if (!u.href.startsWith(srv.portal)) broken.push(`${l.raw} (leaves ${PORTAL})`);
            else if (!srv.exists(u.href)) broken.push(`${l.raw} (no such file)`);
          }
          if (broken.length) p.push(`broken links: ${[...new Set(broken)].join(", ")}`);
          let resps = rec.responses.slice(mark.resp);
          // The search index loads on search pages (each language has one: zh/search/); let
          // it finish there, so that none of its responses is counted for the next page.
          if (/^([a-z]{2,3}(-[A-Za-z0-9]+)*\/)?search\/$/.test(rel)) {
            await page.waitForLoadState("networkidle").catch(() => {});
            resps = resps.filter((r) => !r.url.includes("/pagefind/"));
          }
          const { total, parts } = await transferBytes(resps);
          // A training path printed whole (<path>/print/) holds every module of the path: it
          // is opened on purpose to print, and is the one kind of page the budget leaves out.
          const printDoc = await page.evaluate(() => !!document.querySelector("[data-print-document]"));
          if (printDoc) printDocs.push([total, rel]);
          else sizes.push([total, rel]);
          if (total >= BUDGET && !printDoc) p.push(`HTML+CSS+JS ${total} B >= ${BUDGET} B: ${parts.join(", ")}`);
          for (const msg of p) problems.set(msg, [...(problems.get(msg) || []), PORTAL + rel]);
        }
      } finally {
        await close();
      }
      sizes.sort((a, b) => b[0] - a[0]);
      console.log(`# ${name}: ${pages.length} pages; largest HTML+CSS+JS: ${sizes.slice(0, 3).map(([n, r]) => `/${r} ${(n / 1024).toFixed(1)} KB`).join(", ")}`);
      if (printDocs.length) console.log(`# ${name}: printable paths (outside the budget): ${printDocs.map(([n, r]) => `/${r} ${(n / 1024).toFixed(1)} KB`).join(", ")}`);
      const bad = new Set([...problems.values()].flat());
      const report = [...problems].map(([msg, on]) => `  - ${msg}\n      on ${on.length} page(s): ${on.slice(0, 6).join(" ")}${on.length > 6 ? " …" : ""}`);
      assert.equal(bad.size, 0, `${bad.size} of ${pages.length} pages have problems:\n${report.join("\n")}`);
    });

    const base404 = notFoundBase(s);
    test("404 at the root: a missing URL answers 404 with the site's styled not-found page, whose links work", {
      skip: unavailable(s) || (base404 !== "/" && `this site's base_url puts its 404 page under ${base404}`),
    }, async () => {
      const { page, rec, close } = await open(browser);
      try {
        let mark = srv.log.length;
        const resp = await page.goto(srv.url + "no/such/page/here/");
        assert.equal(resp.status(), 404);
        assert.match(await page.locator("h1").innerText(), /not found/i);
        await waitStyled(page, () => `requests: ${srv.log.slice(mark).map((e) => e.status + " " + e.url).join(", ")}`);
        // Besides the page itself, only the not-found page's search for its site root
        // (…/404.html in each folder above the URL) may miss.
        const misses = serverErrors(srv, mark).filter((e) => !/^404 \/(.+\/)?404\.html$/.test(e));
        assert.deepEqual(misses, [`404 /no/such/page/here/`]);
        // It looks only in the folders above the missing URL, never in the URL's own folder.
        const probes = () => srv.log.slice(mark).map((e) => e.url).filter((u) => u.endsWith("/404.html") && !u.startsWith("/no/such/page/here/"));
        assert.deepEqual(probes(), ["/no/such/page/404.html", "/no/such/404.html", "/no/404.html", "/404.html"]);
        assert.deepEqual(srv.log.slice(mark).filter((e) => e.url.startsWith("/no/such/page/here/") && e.url !== "/no/such/page/here/").map((e) => e.url), []);
        // A missing page in one of the site's sections: its root is tried first, and found at once.
        const section = (await page.locator(".not-found__sections a").first().getAttribute("href")).split("/")[1];
        mark = srv.log.length;
        await page.goto(srv.url + section + "/no-such-page/");
        await page.waitForFunction(() => document.documentElement.hasAttribute("data-site-root"));
        assert.deepEqual(probes(), ["/404.html"], `probes for /${section}/no-such-page/`);
        // The not-found page itself: never …/404.html/404.html.
        mark = srv.log.length;
        await page.goto(srv.url + "404.html");
        await page.waitForFunction(() => document.documentElement.hasAttribute("data-site-root"));
        assert.deepEqual(serverErrors(srv, mark), [], "/404.html asked for a file that cannot exist");
        assert.deepEqual(foreignRequests(rec, srv.origin), []);
        await page.getByRole("link", { name: /home page/i }).click();
        await page.waitForLoadState("load");
        assert.equal(page.url(), srv.url);
        assert.equal(await page.evaluate(() => document.body.className), "kind-home");
      } finally {
        await close();
      }
    });

    const how = base404 === PORTAL ? "base_url ends in /portal/" : "no base_url: the page finds its root";
    test(
      `404 under the sub-path /portal/ (${how}): styled, its CSS and links stay under /portal/`,
      { skip: unavailable(s) || (base404 !== PORTAL && base404 !== "/" && `this site's 404 page is built for ${base404}`) },
      async () => {
        const { page, close } = await open(browser);
        try {
          const mark = srv.log.length;
          const resp = await page.goto(srv.portal + "no/such/page/");
          assert.equal(resp.status(), 404);
          await waitStyled(page, () => `under ${PORTAL}`);
          // Styled at once by its inline rules; the links are pointed at the root the
          // script finds, so wait for it (without base_url) before reading them.
          if (base404 !== PORTAL) {
            await page.waitForFunction(() => document.documentElement.hasAttribute("data-site-root"), null, { timeout: 10000 });
            const probes = srv.log.slice(mark).map((e) => e.url).filter((u) => u.endsWith("/404.html"));
            assert.deepEqual(probes, [`${PORTAL}no/such/404.html`, `${PORTAL}no/404.html`, `${PORTAL}404.html`], "the folders above the URL, nearest first");
          }
          const outside = srv.log.slice(mark).filter((e) => e.url !== "/favicon.ico" && !e.url.startsWith(PORTAL)).map((e) => e.url);
          assert.deepEqual(outside, [], `the 404 page under ${PORTAL} requested files outside it`);
          const home = await page.getByRole("link", { name: /home page/i }).getAttribute("href");
          assert.equal(new URL(home, page.url()).href, srv.portal, `"Go to the home page" (${home}) leaves ${PORTAL}`);
          const nav = await page.evaluate(() => [...document.querySelectorAll(".site-nav a, .not-found__sections a")].map((a) => a.href));
          assert.ok(nav.length && nav.every((h) => h.startsWith(srv.portal)), `menu links leave ${PORTAL}: ${nav}`);
        } finally {
          await close();
        }
      },
    );

    if (name === "fixture") {
      test("a title containing <script>alert(1)</script> is shown as text everywhere and never runs", { skip: unavailable(s) }, async () => {
        const { page, rec, close } = await open(browser);
        const literal = "Escaping <script>alert(1)</script> in titles";
        try {
          await page.goto(srv.url + "guide/script-title/");
          assert.equal(await page.locator("h1").textContent(), literal);
          assert.ok((await page.title()).startsWith(literal), await page.title());
          assert.equal(await page.locator(".breadcrumbs [aria-current=page]").textContent(), literal);
          const desc = await page.locator('meta[name="description"]').getAttribute("content");
          assert.match(desc, /<script>alert\(1\)<\/script>/);
          for (const rel of ["guide/", "audiences/staff/", "sdgs/"]) {
            await page.goto(srv.url + rel);
            if (rel !== "sdgs/") assert.ok(await page.getByRole("link", { name: literal, exact: true }).count(), `no link named ${literal} on /${rel}`);
          }
          const scripts = await page.evaluate(() => [...document.scripts].filter((x) => x.textContent.includes("alert(1)")).length);
          assert.equal(scripts, 0);
          assert.deepEqual(rec.dialogs, []);
          assert.deepEqual(rec.pageErrors, []);
        } finally {
          await close();
        }
      });

      test("under /portal/: a page bundle's image and a static file load, an alias redirects (also without JavaScript), a draft is not published", { skip: unavailable(s), timeout: 60_000 }, async () => {
        for (const js of [true, false]) {
          const { page, close } = await open(browser, { js });
          try {
            const mark = srv.log.length;
            await page.goto(srv.portal + "guide/ledger-diagram/");
            const img = page.locator("main img").first();
            assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth > 0), `the bundle's image did not load: ${await img.getAttribute("src")}`);
            const file = await page.getByRole("link", { name: "checklist" }).getAttribute("href");
            const resp = await page.request.get(new URL(file, page.url()).href);
            assert.equal(resp.status(), 200, `static file ${file}`);
            assert.match(await resp.text(), /Questions to ask/);
            assert.deepEqual(serverErrors(srv, mark), []);

            await page.goto(srv.portal + "old/when-to-use/");
            await page.waitForURL(srv.portal + "guide/ledgers/", { timeout: 5000 }).catch(() => {});
            assert.equal(page.url(), srv.portal + "guide/ledgers/", `the alias /old/when-to-use/ did not redirect (JavaScript ${js ? "on" : "off"})`);
          } finally {
            await close();
          }
        }
        const { page, close } = await open(browser);
        try {
          const resp = await page.goto(srv.portal + "guide/draft-notes/");
          assert.equal(resp.status(), 404, "the draft page was published");
          await page.goto(srv.portal + "guide/");
          assert.equal(await page.getByText("Unfinished notes").count(), 0, "the section lists the draft");
        } finally {
          await close();
        }
      });

      test("the Chinese page declares lang=zh and renders its text", { skip: unavailable(s) }, async () => {
        const { page, close } = await open(browser);
        try {
          await page.goto(srv.url + "guide/zhongwen/");
          assert.equal(await page.evaluate(() => document.documentElement.lang), "zh");
          assert.equal(await page.locator("h1").innerText(), "区块链简介");
          assert.match(await page.locator("main").innerText(), /分布式账本技术/);
        } finally {
          await close();
        }
      });
    }
  });
}
