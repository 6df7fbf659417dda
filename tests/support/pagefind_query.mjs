// pagefind_query.mjs: run search queries against a built Pagefind bundle with Node (>= 18),
// using the bundle's own pagefind.js, so tests see exactly what the browser would.
//
// Usage:
//   node tests/support/pagefind_query.mjs <site_root> '<request JSON>'
//
//   <site_root>  the output root: the directory that contains pagefind/pagefind.js
//   request      {
//                  "lang": "en",          // the <html lang> of the page the search runs on
//                                         // (picks pagefind's primary index; default "en")
//                  "merge": true,         // also search every other language index, as
//                                         // themes/default/static/search.js does (default true)
//                  "filters": true,       // also return pagefind.filters() (default false)
//                  "limit": 8,            // results whose data() is loaded (default: all)
//                  "excerptLength": 30,   // words (pagefind's default 30)
//                  "queries": [ {"q": "ledger"},
//                               {"q": "ledger", "filters": {"audience": ["managers"]}} ]
//                }
//
// Prints one JSON object to stdout:
//   { "languages": ["en","zh"], "primary": "en",
//     "filters": {"audience": {"managers": 2, ...}, ...},          // when requested
//     "init_fetched": [{"path": "/pagefind/pagefind.js", "bytes": n}, ...],
//     "queries": [ { "q": "ledger", "count": 3,                       // results.length
//                    "results": [ { "url", "score", "meta", "excerpt", "filters",
//                                   "sub_results": [{ "url", "title", "excerpt" }] } ],
//                    "fetched": [{ "path", "bytes" }], "fetched_bytes": n } ] }
// "fetched" lists the files this query made pagefind load (index chunks, fragments, filter
// files; the first query also loads the entry, meta and wasm files); "init_fetched" holds the
// module itself and what loading it fetched. Sizes are bytes on disk (pagefind's index files
// are already gzip-compressed). In a browser pagefind also loads pagefind-worker.js.
//
// How it works: Node cannot import pagefind.js over http, so the module is imported from its
// file: URL and `fetch` is replaced by a function that serves "/..." paths (and file: URLs)
// from <site_root>; nothing goes to the network. `document` is stubbed only so pagefind can
// read the page language; with no `window`, pagefind runs on the main thread, not in a worker.
// Exit status is non-zero on any error (message on stderr).

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const [siteArg, requestArg] = process.argv.slice(2);
if (!siteArg || !requestArg) {
  console.error("usage: node pagefind_query.mjs <site_root> '<request JSON>'");
  process.exit(2);
}
const siteRoot = path.resolve(siteArg);
const request = JSON.parse(requestArg);
const lang = request.lang ?? "en";
const bundlePath = "/pagefind/";

// ---- fetch served from disk, with a log of what was fetched
let fetched = [];
const resolveLocal = (input) => {
  const raw = typeof input === "string" ? input : input.url ?? String(input);
  if (raw.startsWith("file:")) return fileURLToPath(new URL(raw).href.split(/[?#]/)[0]);
  if (raw.startsWith("/")) {
    const { pathname } = new URL(raw, "http://site.invalid");
    const p = path.join(siteRoot, decodeURIComponent(pathname));
    if (!p.startsWith(siteRoot)) throw new Error(`path escapes the site root: ${raw}`);
    return p;
  }
  throw new Error(`pagefind tried to fetch a non-local URL: ${raw}`);
};
globalThis.fetch = async (input) => {
  const file = resolveLocal(input);
  const rel = "/" + path.relative(siteRoot, file).split(path.sep).join("/");
  try {
    const body = await readFile(file);
    fetched.push({ path: rel, bytes: body.length });
    return new Response(body, { status: 200 });
  } catch {
    fetched.push({ path: rel, bytes: 0, status: 404 });
    return new Response(null, { status: 404 });
  }
};
globalThis.document = {
  currentScript: null, // wasm-bindgen's glue reads this
  querySelector: (sel) => (sel === "html" ? { getAttribute: (a) => (a === "lang" ? lang : null) } : null),
};

// ---- load pagefind the way search.js does
const moduleFile = path.join(siteRoot, "pagefind", "pagefind.js");
fetched.push({ path: "/pagefind/pagefind.js", bytes: (await stat(moduleFile)).size });
const pagefind = await import(pathToFileURL(moduleFile).href);
const opts = { basePath: bundlePath, baseUrl: "/" };
if (request.excerptLength) opts.excerptLength = request.excerptLength;
await pagefind.options(opts);

// Same choice of primary index as pagefind's findIndex(); every other language is merged
// (pagefind skips a mergeIndex whose path is a prefix of the primary one, hence "./").
const entry = JSON.parse(await readFile(path.join(siteRoot, "pagefind", "pagefind-entry.json"), "utf8"));
const languages = Object.keys(entry.languages);
const primary =
  (entry.languages[lang] && lang) ||
  (entry.languages[lang.split("-")[0]] && lang.split("-")[0]) ||
  languages.slice().sort((a, b) => entry.languages[b].page_count - entry.languages[a].page_count)[0];
if (request.merge !== false) {
  for (const other of languages) {
    if (other !== primary) {
      await pagefind.mergeIndex(bundlePath + "./", { language: other, baseUrl: "/" });
    }
  }
}

const out = { languages, primary };
if (request.filters) out.filters = await pagefind.filters();
out.init_fetched = fetched;
fetched = [];

out.queries = [];
for (const { q, filters } of request.queries ?? []) {
  const search = await pagefind.search(q, filters ? { filters } : {});
  const wanted = request.limit ? search.results.slice(0, request.limit) : search.results;
  const results = [];
  for (const r of wanted) {
    const d = await r.data();
    results.push({
      url: d.url,
      score: r.score,
      meta: d.meta,
      excerpt: d.excerpt,
      filters: d.filters,
      sub_results: (d.sub_results ?? []).map((s) => ({ url: s.url, title: s.title, excerpt: s.excerpt })),
    });
  }
  out.queries.push({
    q,
    count: search.results.length,
    results,
    fetched,
    fetched_bytes: fetched.reduce((n, f) => n + f.bytes, 0),
  });
  fetched = [];
}

process.stdout.write(JSON.stringify(out, null, 1) + "\n");
await pagefind.destroy?.();
process.exit(0);
