// Search quality on the repository's portal (issue 6, "done when"): searching for any
// glossary term, any SDG name or any UN application finds the right page first or on the
// first screen (the header's 8 results), in a built site and in `primer serve`.
// The queries come from the content itself: each glossary page's `term`, each SDG page's
// title, and the application name of each use-case page (its title after the colon).
// Queries run through the built bundle's own pagefind.js (tests/support/pagefind_query.mjs).

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn, execFileSync } from "node:child_process";
import { site, unavailable, REPO, PRIMER_BIN, freePort } from "./lib/common.mjs";

const FIRST_SCREEN = 8;
const s = site("repo");
const QUERY = path.join(REPO, "tests/support/pagefind_query.mjs");

/** The value of a top-level front matter key (plain or quoted scalar). */
function frontMatter(file, key) {
  const text = fs.readFileSync(file, "utf8");
  const fm = text.split(/^---\s*$/m)[1] || "";
  const m = fm.match(new RegExp(`^${key}:\\s*(.+)$`, "m"));
  if (!m) return null;
  let v = m[1].trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
  return v;
}

/** [query, expected URL, what] for every glossary term, SDG and UN application of one
 * language: the originals (`page.md`) for the default language, the translations
 * (`page.zh.md`, published under `/zh/`) for another. */
function expectations(src, lang = "en") {
  const out = [];
  const translation = /\.([a-z]{2,3}(-[a-z0-9]+)?)\.md$/i;
  const ours = (f) => (lang === "en" ? !translation.test(f) : f.endsWith(`.${lang}.md`));
  const slug = (f) => f.replace(translation, "").replace(/\.md$/, "");
  const prefix = lang === "en" ? "/" : `/${lang}/`;
  const dir = (d) => {
    const p = path.join(src, "content", d);
    return fs.existsSync(p)
      ? fs.readdirSync(p).filter((f) => f.endsWith(".md") && ours(f) && slug(f) !== "_index").sort()
      : [];
  };
  for (const f of dir("glossary")) {
    const term = frontMatter(path.join(src, "content/glossary", f), "term");
    if (term) out.push([term, `${prefix}glossary/${slug(f)}/`, "glossary term"]);
  }
  for (const f of dir("sdgs")) {
    const title = frontMatter(path.join(src, "content/sdgs", f), "title");
    if (title) out.push([title, `${prefix}sdgs/${slug(f)}/`, "SDG"]);
  }
  for (const f of dir("use-cases")) {
    const title = frontMatter(path.join(src, "content/use-cases", f), "title");
    const colon = title ? Math.max(title.indexOf(":"), title.indexOf("：")) : -1;
    if (colon < 0) continue; // overview pages, not applications
    out.push([title.slice(colon + 1).trim(), `${prefix}use-cases/${slug(f)}/`, "UN application"]);
  }
  return out;
}

/** A site with [[languages]] searches the reader's language only (search.js merges no other index). */
const MULTILINGUAL = fs.existsSync(path.join(s.src, "site.toml")) && /^\[\[languages\]\]/m.test(fs.readFileSync(path.join(s.src, "site.toml"), "utf8"));

function runQueries(root, queries, lang = "en") {
  const request = JSON.stringify({ lang, termFirst: true, merge: !MULTILINGUAL, limit: FIRST_SCREEN, queries: queries.map(([q]) => ({ q })) });
  const out = execFileSync(process.execPath, [QUERY, root, request], { encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out).queries;
}

/** Failures: queries whose expected page is not among the first results. */
function misses(queries, results) {
  const bad = [];
  queries.forEach(([q, want, what], i) => {
    const urls = results[i].results.map((r) => r.url.replace(/#.*$/, ""));
    const rank = urls.indexOf(want);
    if (rank < 0) bad.push(`${what} "${q}": ${want} not in the first ${FIRST_SCREEN}: ${JSON.stringify(urls)}`);
  });
  return bad;
}

describe("repo site: search finds every glossary term, SDG and UN application", () => {
  const queries = s.src ? expectations(s.src) : [];

  test("the portal has the expected kinds of queries", () => {
    const kinds = (k) => queries.filter((q) => q[2] === k).length;
    assert.ok(kinds("glossary term") >= 40, `only ${kinds("glossary term")} glossary terms found in content/glossary`);
    assert.equal(kinds("SDG"), 17);
    assert.ok(kinds("UN application") >= 10, `only ${kinds("UN application")} applications in content/use-cases`);
  });

  test("in the built site: each is first or on the first screen", { skip: unavailable(s), timeout: 300_000 }, () => {
    const results = runQueries(s.out, queries);
    const first = queries.filter((_, i) => results[i].results[0]?.url.replace(/#.*$/, "") === queries[i][1]).length;
    console.log(`# built site: ${first} of ${queries.length} queries have the expected page first`);
    const bad = misses(queries, results);
    assert.deepEqual(bad, [], bad.join("\n"));
  });

  describe("in primer serve", () => {
    let child;
    let url;
    let logs = "";
    before(async () => {
      const port = await freePort();
      child = spawn(PRIMER_BIN, ["serve", "--root", s.src, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (d) => { logs += d; });
      child.stderr.on("data", (d) => { logs += d; });
      const deadline = Date.now() + 120_000;
      // The index is built in the background after the first build: wait for it.
      while (Date.now() < deadline) {
        try {
          const r = await fetch(`http://127.0.0.1:${port}/pagefind/pagefind-entry.json`);
          if (r.ok) {
            url = `http://127.0.0.1:${port}/`;
            break;
          }
        } catch { /* not listening yet */ }
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    after(() => child?.kill("SIGINT"));

    test("each is first or on the first screen", { timeout: 300_000 }, () => {
      assert.ok(url, `primer serve did not serve a search index within 120 s:\n${logs}`);
      const bad = misses(queries, runQueries(url, queries));
      assert.deepEqual(bad, [], bad.join("\n"));
    });
  });
});

describe("repo site: result titles and excerpts hold the headings' text only", () => {
  // The heading anchor's "#" is drawn by the stylesheet, so it is not in the index:
  // sub-results read "What the evidence says", not "What the evidence says#".
  test("no sub-result title or excerpt ends with the anchor's #", { skip: unavailable(s), timeout: 300_000 }, () => {
    const queries = [["what the evidence says"], ["distributed ledger"], ["smart contract"]];
    const results = runQueries(s.out, queries);
    const subs = results.flatMap((r) => r.results.flatMap((x) => x.sub_results || []));
    assert.ok(subs.filter((x) => x.url.includes("#")).length >= 5, `too few heading sub-results to judge: ${subs.length}`);
    assert.ok(subs.some((x) => x.title === "What the evidence says"), JSON.stringify(subs.map((x) => x.title)));
    const stray = subs.filter((x) => /#\s*$/.test(x.title) || /\w#(\s|$)/.test(x.excerpt.replace(/<[^>]*>/g, "")));
    assert.deepEqual(stray.map((x) => `${x.url}: ${x.title}`), []);
  });
});

describe("repo site in Chinese: search finds every translated glossary term, SDG and UN application", () => {
  const queries = s.src && MULTILINGUAL ? expectations(s.src, "zh") : [];

  test("the Chinese portal has the SDGs and applications to search for", { skip: !MULTILINGUAL && "single-language site" }, () => {
    const kinds = (k) => queries.filter((q) => q[2] === k).length;
    assert.equal(kinds("SDG"), 17);
    assert.ok(kinds("UN application") >= 10, `only ${kinds("UN application")} applications in Chinese`);
    assert.ok(kinds("glossary term") >= 10, `only ${kinds("glossary term")} glossary terms in Chinese`);
  });

  test("in the built site: each is on the first screen of the Chinese index, which holds only Chinese pages", {
    skip: unavailable(s) || (!MULTILINGUAL && "single-language site"),
    timeout: 300_000,
  }, () => {
    const results = runQueries(s.out, queries, "zh");
    const bad = misses(queries, results);
    assert.deepEqual(bad, [], bad.join("\n"));
    // Pages of the default language's tree written in Chinese (front matter `language: zh`)
    // belong to the Chinese index too.
    const zhElsewhere = new Set(
      fs.readdirSync(path.join(s.src, "content"), { recursive: true })
        .filter((f) => f.endsWith(".md") && !/\.[a-z]{2}\.md$/.test(f))
        .filter((f) => frontMatter(path.join(s.src, "content", f), "language") === "zh")
        .map((f) => "/" + f.replace(/(_index)?\.md$/, "").replace(/\/?$/, "/")),
    );
    const foreign = results
      .flatMap((r) => r.results.map((x) => x.url.replace(/#.*$/, "")))
      .filter((u) => !u.startsWith("/zh/") && !zhElsewhere.has(u));
    assert.deepEqual(foreign, [], "the Chinese index returned pages of another language");
  });
});
