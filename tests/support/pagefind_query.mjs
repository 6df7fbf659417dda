// pagefind_query.mjs: run search queries against a built Pagefind bundle with Node (>= 18),
// using the bundle's own pagefind.js, so tests see exactly what the browser would.
//
// Usage:
//   node tests/support/pagefind_query.mjs <site_root> '<request JSON>'
//
//   <site_root>  the output root: the directory that contains pagefind/pagefind.js, or the
//                URL of a running server (e.g. `primer serve`'s http://127.0.0.1:1111/),
//                whose files are then fetched over HTTP
//   request      {
//                  "lang": "en",          // the <html lang> of the page the search runs on
//                                         // (picks pagefind's primary index; default "en")
//                  "merge": true,         // also search every other language index, as
//                                         // themes/default/static/search.js does (default true)
//                  "filters": true,       // also return pagefind.filters() (default false)
//                  "limit": 8,            // results whose data() is loaded (default: all)
//                  "excerptLength": 30,   // words (pagefind's default 30)
//                  "termFirst": false,    // a query that is a glossary term puts its entry
//                                         // first, as search.js does (default false)
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

import { readFile, stat, writeFile, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const [siteArg, requestArg] = process.argv.slice(2);
if (!siteArg || !requestArg) {
  console.error("usage: node pagefind_query.mjs <site_root> '<request JSON>'");
  process.exit(2);
}
const remote = /^https?:\/\//.test(siteArg) ? new URL(siteArg.endsWith("/") ? siteArg : siteArg + "/") : null;
const siteRoot = remote ? null : path.resolve(siteArg);
const realFetch = globalThis.fetch;
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
/** A file of the site, from disk or over HTTP: [bytes or null, path for the log]. */
async function siteFile(rel) {
  if (remote) {
    const r = await realFetch(new URL(rel.replace(/^\//, ""), remote));
    return [r.ok ? Buffer.from(await r.arrayBuffer()) : null, rel];
  }
  try {
    return [await readFile(path.join(siteRoot, rel)), rel];
  } catch {
    return [null, rel];
  }
}
globalThis.fetch = async (input) => {
  const raw = typeof input === "string" ? input : input.url ?? String(input);
  if (remote && raw.startsWith("/")) {
    const { pathname } = new URL(raw, "http://site.invalid");
    const [body] = await siteFile(decodeURIComponent(pathname));
    fetched.push({ path: pathname, bytes: body ? body.length : 0, ...(body ? {} : { status: 404 }) });
    return new Response(body, { status: body ? 200 : 404 });
  }
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
let moduleFile;
if (remote) {
  // Node imports modules from files, not over HTTP: keep a copy of the served one.
  const [js] = await siteFile("/pagefind/pagefind.js");
  if (!js) throw new Error(`no pagefind/pagefind.js at ${remote.href}`);
  moduleFile = path.join(await mkdtemp(path.join(os.tmpdir(), "pagefind-query-")), "pagefind.js");
  await writeFile(moduleFile, js);
} else {
  moduleFile = path.join(siteRoot, "pagefind", "pagefind.js");
}
fetched.push({ path: "/pagefind/pagefind.js", bytes: (await stat(moduleFile)).size });
const pagefind = await import(pathToFileURL(moduleFile).href);
const opts = { basePath: bundlePath, baseUrl: "/" };
if (request.excerptLength) opts.excerptLength = request.excerptLength;
await pagefind.options(opts);

// Same choice of primary index as pagefind's findIndex(); every other language is merged
// (pagefind skips a mergeIndex whose path is a prefix of the primary one, hence "./").
const [entryBytes] = await siteFile("/pagefind/pagefind-entry.json");
if (!entryBytes) throw new Error("no pagefind/pagefind-entry.json");
const entry = JSON.parse(entryBytes.toString("utf8"));
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
  let all = search.results;
  // As themes/default/static/search.js does: a query that is a glossary term or alias puts
  // its entry (hidden "term" filter, lower case) first.
  if (request.termFirst && q && !filters) {
    const hit = await pagefind.search(null, { filters: { term: q.toLowerCase() } });
    if (hit.results.length) all = [hit.results[0], ...all.filter((r) => r.id !== hit.results[0].id)];
  }
  const wanted = request.limit ? all.slice(0, request.limit) : all;
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

await pagefind.destroy?.();
// Exit only once the output is flushed: a pipe is written asynchronously, and exiting
// early would cut a large answer short.
process.stdout.write(JSON.stringify(out, null, 1) + "\n", () => process.exit(0));
