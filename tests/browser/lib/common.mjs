// Shared helpers for the browser tests: configuration from the environment (set by
// run.sh), launching the system Chromium through playwright-core, per-context request
// recording, axe-core, the Tab walk and page discovery.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import net from "node:net";
import { serveSite } from "./server.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const REPO = path.resolve(here, "../../..");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const SCREENSHOTS = process.env.PRIMER_SCREENSHOTS || path.join(REPO, "target", "screenshots");
export const PRIMER_BIN = process.env.PRIMER_BIN || path.join(REPO, "target", "release", "primer");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The built sites, as run.sh passes them. `out` is null when the build failed. */
export function site(name) {
  if (name === "fixture") {
    const out = process.env.PRIMER_FIXTURE_OUT || null;
    return {
      name,
      src: process.env.PRIMER_FIXTURE_SRC || path.join(REPO, "tests/fixtures/browser/site"),
      out: out && fs.existsSync(path.join(out, "index.html")) ? out : null,
      log: process.env.PRIMER_FIXTURE_BUILD_LOG || null,
    };
  }
  const out = process.env.PRIMER_REPO_OUT || null;
  return {
    name: "repo",
    src: process.env.PRIMER_REPO_SRC || REPO,
    out: out && fs.existsSync(path.join(out, "index.html")) ? out : null,
    log: process.env.PRIMER_REPO_BUILD_LOG || null,
  };
}

/**
 * The URL path the site's 404.html is built for: the path of `base_url` in site.toml, or "/".
 * (404.html is served at any depth, so it cannot use relative URLs; see docs/authoring.md.)
 */
export function notFoundBase(s) {
  try {
    const toml = fs.readFileSync(path.join(s.src, "site.toml"), "utf8");
    const m = toml.match(/^\s*base_url\s*=\s*"([^"]*)"/m);
    return m ? new URL(m[1]).pathname.replace(/\/?$/, "/") : "/";
  } catch {
    return "/";
  }
}

/**
 * Chromium and a loopback server for the built site `out` (nothing when `out` is empty:
 * the tests then skip themselves). For a describe()'s before hook:
 * `before(async () => ({ browser, srv } = await startBrowserAndSite(s.out)))`.
 */
export async function startBrowserAndSite(out) {
  if (!out) return {};
  return { browser: await launch(), srv: await serveSite(out) };
}

/** The other half of {@link startBrowserAndSite}, for the after hook. */
export async function stopBrowserAndSite({ browser, srv }) {
  await browser?.close();
  await srv?.close();
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Why a site cannot be tested (a `skip` message), or false. */
export function unavailable(s) {
  if (s.out) return false;
  let why = `the ${s.name} site did not build`;
  if (s.log && fs.existsSync(s.log)) {
    const lines = fs.readFileSync(s.log, "utf8").trim().split("\n");
    why += ": " + lines.slice(-3).join(" | ");
  }
  return why;
}

export function buildLog(s) {
  return s.log && fs.existsSync(s.log) ? fs.readFileSync(s.log, "utf8") : "(no build log)";
}

export async function launch() {
  // playwright gives every launch a fresh temporary user-data-dir and removes it on close.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new context + page with request recording.
 * opts: width, height, colorScheme ('light'|'dark'), js (bool).
 * Returns {context, page, rec} where rec holds requests, responses, errors, dialogs.
 */
export async function open(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? "light",
    javaScriptEnabled: opts.js ?? true,
    reducedMotion: "reduce",
    serviceWorkers: "block",
  });
  const rec = { requests: [], responses: [], failed: [], pageErrors: [], consoleErrors: [], dialogs: [] };
  context.on("request", (r) => rec.requests.push({ url: r.url(), type: r.resourceType(), method: r.method() }));
  context.on("requestfailed", (r) => rec.failed.push(`${r.failure()?.errorText ?? "failed"} ${r.url()}`));
  context.on("response", (r) => {
    rec.responses.push({ url: r.url(), status: r.status(), type: r.request().resourceType(), response: r });
  });
  const attach = (p) => {
    if (p.__primerAttached) return;
    p.__primerAttached = true;
    p.on("pageerror", (e) => rec.pageErrors.push(String(e && e.stack ? e.stack : e)));
    p.on("console", (m) => {
      if (m.type() === "error") rec.consoleErrors.push(m.text());
    });
    p.on("dialog", (d) => {
      rec.dialogs.push(`${d.type()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
  };
  context.on("page", attach);
  const page = await context.newPage();
  attach(page);
  page.setDefaultTimeout(10000);
  return { context, page, rec, close: () => context.close() };
}

/** Requests that went anywhere but the test server (data:, blob:, about: are local). */
export function foreignRequests(rec, origin) {
  return rec.requests
    .map((r) => r.url)
    .filter((u) => !/^(data|blob|about|chrome-error):/.test(u) && !u.startsWith(origin + "/"));
}

/**
 * Requests the server answered with status >= 400 since log index `from` (the server's
 * log is authoritative: Chromium drops some failed subresource responses). The
 * browser's own /favicon.ico probe is not a request of the site and is ignored.
 */
export function serverErrors(server, from = 0) {
  return server.log
    .slice(from)
    .filter((e) => e.status >= 400 && e.url !== "/favicon.ico")
    .map((e) => `${e.status} ${e.url}`);
}

/** Sum of the response body sizes of document, stylesheet and script responses. */
export async function transferBytes(responses) {
  let total = 0;
  const parts = [];
  for (const r of responses) {
    if (!["document", "stylesheet", "script"].includes(r.type)) continue;
    let n = 0;
    try {
      n = (await r.response.body()).length;
    } catch {
      const s = await r.response.request().sizes().catch(() => null);
      n = s ? s.responseBodySize : 0;
    }
    total += n;
    parts.push(`${r.type} ${new URL(r.url).pathname} ${n} B`);
  }
  return { total, parts };
}

/** Goto that fails on a network error but not on an HTTP error status. */
export async function visit(page, url, opts = {}) {
  const resp = await page.goto(url, { waitUntil: opts.waitUntil ?? "load" });
  return resp;
}

// ---------------------------------------------------------------------------------------
// axe-core

export async function runAxe(page) {
  const has = await page.evaluate(() => typeof window.axe !== "undefined").catch(() => false);
  if (!has) await page.addScriptTag({ path: require.resolve("axe-core") });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

export function formatViolations(violations, where) {
  const out = [`${violations.length} axe violation(s) (WCAG 2.1 A/AA) on ${where}:`];
  for (const v of violations) {
    out.push(`  [${v.impact}] ${v.id}: ${v.help}  (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 12)) {
      out.push(`      at ${n.target}`);
      out.push(`         ${n.html.replace(/\s+/g, " ").slice(0, 300)}`);
      for (const line of (n.summary || "").split("\n")) if (line.trim()) out.push(`         ${line.trim()}`);
    }
    if (v.nodes.length > 12) out.push(`      … and ${v.nodes.length - 12} more node(s)`);
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------
// Keyboard: walk Tab through the page.

/**
 * Press Tab from the top of the page until focus leaves the document or comes back to
 * an element already seen. Returns {controls, reached, missing, noFocusStyle, presses}.
 * controls: every visible focusable control (a radio group counts once).
 */
export async function tabWalk(page, { maxExtra = 30 } = {}) {
  const controls = await page.evaluate(() => {
    const sel =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"], [contenteditable=""]';
    const out = [];
    let i = 0;
    for (const el of document.querySelectorAll(sel)) {
      const id = String(i++);
      el.setAttribute("data-tabwalk", id);
      const ti = el.getAttribute("tabindex");
      if (ti !== null && Number(ti) < 0) continue;
      if (el.disabled || el.closest("[inert]")) continue;
      if (el.tagName === "SUMMARY" && el.parentElement.tagName === "DETAILS" && el.parentElement.querySelector("summary") !== el) continue;
      const r = el.getBoundingClientRect();
      const visible =
        el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
        r.width > 1 &&
        r.height > 1 &&
        r.bottom + window.scrollY > 0 &&
        r.right + window.scrollX > 0;
      if (!visible) continue;
      const text = (el.innerText || el.value || el.getAttribute("aria-label") || el.getAttribute("title") || "").trim().replace(/\s+/g, " ");
      out.push({
        id,
        group: el.type === "radio" && el.name ? `radio:${el.name}` : id,
        desc: `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""}> "${text.slice(0, 60)}"${el.getAttribute("href") ? " href=" + el.getAttribute("href") : ""}`,
      });
    }
    document.activeElement && document.activeElement.blur && document.activeElement.blur();
    window.scrollTo(0, 0);
    return out;
  });
  const reached = [];
  const noFocusStyle = [];
  const seen = new Set();
  let presses = 0;
  const max = controls.length + maxExtra;
  for (; presses < max; ) {
    await page.keyboard.press("Tab");
    presses++;
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const cs = getComputedStyle(el);
      const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
      const shadow = cs.boxShadow && cs.boxShadow !== "none";
      const r = el.getBoundingClientRect();
      const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
      return {
        id: el.getAttribute("data-tabwalk"),
        visibleStyle: Boolean(outline || shadow),
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
        desc: `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""}> "${text.slice(0, 60)}" outline=${cs.outlineStyle} ${cs.outlineWidth} box-shadow=${cs.boxShadow}`,
      };
    });
    if (!f) {
      if (presses > 1) break;
      continue;
    }
    const key = f.id ?? f.desc;
    if (seen.has(key)) break;
    seen.add(key);
    reached.push(f);
    if (!f.visibleStyle || !f.onScreen) noFocusStyle.push(f.desc + (f.onScreen ? "" : " (not on screen when focused)"));
  }
  const reachedIds = new Set(reached.map((r) => r.id));
  const groupsReached = new Set(controls.filter((c) => reachedIds.has(c.id)).map((c) => c.group));
  const missing = controls.filter((c) => !groupsReached.has(c.group)).map((c) => c.desc);
  return { controls, reached, missing: [...new Set(missing)], noFocusStyle, presses };
}

// ---------------------------------------------------------------------------------------
// Pages of a built site

/** Every HTML page of a built site as a URL path relative to the root ('' = home). */
export function listPages(out) {
  const pages = [];
  const walk = (dir, rel) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (rel === "" && e.name === "pagefind") continue;
        walk(path.join(dir, e.name), rel + e.name + "/");
      } else if (e.name === "index.html") {
        const html = fs.readFileSync(path.join(dir, e.name), "utf8");
        if (/http-equiv=["']?refresh/i.test(html)) continue; // alias redirect
        pages.push(rel);
      }
    }
  };
  walk(out, "");
  return pages.sort();
}

export function pageExists(out, rel) {
  return fs.existsSync(path.join(out, rel, "index.html"));
}

/** The <body class="kind-…"> of a built page. */
export function pageKind(out, rel) {
  if (!pageExists(out, rel)) return null;
  const html = fs.readFileSync(path.join(out, rel, "index.html"), "utf8");
  const m = html.match(/<body[^>]*class="[^"]*kind-([a-z_]+)/);
  return m ? m[1] : null;
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name + ".png");
}

/** Page-side text normalisation (quotes, dashes, spaces, case) for comparing YAML text with HTML. */
export const NORM_SRC = `(s) => String(s ?? "")
  .replace(/[\\u2018\\u2019\\u201a\\u2032]/g, "'")
  .replace(/[\\u201c\\u201d\\u201e\\u2033]/g, '"')
  .replace(/[\\u2013\\u2014\\u2212]/g, "-")
  .replace(/\\u2026/g, "...")
  .replace(/[\\s\\u00a0]+/g, " ")
  .trim()
  .toLowerCase()`;

// eslint-disable-next-line no-new-func
export const norm = new Function(`return ${NORM_SRC}`)();

/**
 * One page of every template kind: [label, relative URL]. For the fixture these are fixed;
 * for the repository's own site they are discovered in the built output.
 */
export function samplePages(s) {
  if (s.name === "fixture") {
    return [
      ["home", ""],
      ["section", "guide/"],
      ["page", "guide/ledgers/"],
      ["glossary index", "glossary/"],
      ["glossary term", "glossary/ledger/"],
      ["taxonomy list", "audiences/"],
      ["taxonomy list (SDG grid + matrix)", "sdgs/"],
      ["taxonomy term", "sdgs/13/"],
      ["path overview", "paths/basics/"],
      ["module page", "guide/basics/"],
      ["module page with quiz", "paths/basics/check/"],
      ["decision tree", "decide/choose/"],
      ["Chinese page", "guide/zhongwen/"],
      ["search", "search/"],
      ["404", notFoundBase(s).slice(1) + "no/such/page/"],
    ];
  }
  const out = s.out;
  const dirs = (rel) => {
    try {
      return fs.readdirSync(path.join(out, rel), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => rel + e.name + "/").sort();
    } catch {
      return [];
    }
  };
  const first = (cands) => cands.find((c) => c !== undefined && pageExists(out, c));
  const pages = [["home", ""]];
  const section = first(["foundations/", ...dirs("").filter((d) => pageKind(out, d) === "section")]);
  if (section) pages.push(["section", section]);
  const term = first(["glossary/blockchain/", ...dirs("glossary/")]);
  if (term) pages.push(["glossary term", term]);
  if (pageExists(out, "sdgs/")) pages.push(["SDG grid", "sdgs/"]);
  const sdg = first(["sdgs/13/", ...dirs("sdgs/")]);
  if (sdg) pages.push(["taxonomy term", sdg]);
  const pathPage = first(["paths/managers/", ...dirs("paths/").filter((d) => pageKind(out, d) === "path")]);
  if (pathPage) {
    pages.push(["path overview", pathPage]);
    const html = fs.readFileSync(path.join(out, pathPage, "index.html"), "utf8");
    const mods = [...html.matchAll(/data-module="([^"]*)"/g)].map((m) => m[1]);
    const mod = mods.find((m) => pageKind(out, m) === "page") ?? mods[0];
    if (mod) pages.push(["module page", mod]);
  }
  const tree = first(["decide/is-blockchain-an-option/", ...dirs("decide/").filter((d) => /tree\.js/.test(fs.readFileSync(path.join(out, d, "index.html"), "utf8")))]);
  if (tree) pages.push(["decision tree", tree]);
  // A page with a callout (`> [!NOTE]`): the portal's use cases end with a note on sources.
  const callout = first(["use-cases/undp-india-land-registry/"]);
  if (callout) pages.push(["page with a callout", callout]);
  if (pageExists(out, "search/")) pages.push(["search", "search/"]);
  pages.push(["404", notFoundBase(s).slice(1) + "no/such/page/"]);
  return pages;
}
