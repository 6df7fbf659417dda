// Decision trees: find the tree pages of a site from its sources, read their YAML, work
// out the answers that lead to each outcome, and find/inspect the wizard in a page
// without depending on its class names (only on the documented structure: the tree
// lives in `.decision-tree`, answers are links or buttons labelled with the YAML label).

import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { NORM_SRC } from "./common.mjs";

function frontMatter(text) {
  const m = text.match(/^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/);
  if (!m) return null;
  try {
    return yaml.load(m[1]) ?? {};
  } catch {
    return null;
  }
}

/** [{url, md, yamlFile, tree}] for every page with `tree:` in its front matter. */
export function findTreePages(siteSrc) {
  const content = path.join(siteSrc, "content");
  const out = [];
  // A multilingual site (docs/authoring.md, Multilingual sites): `page.zh.md` is published
  // under /zh/ and takes `tree.zh.yaml` when there is one.
  let codes = [];
  try {
    const toml = fs.readFileSync(path.join(siteSrc, "site.toml"), "utf8");
    codes = [...toml.matchAll(/^\[\[languages\]\][^[]*?^code\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
  } catch { /* no site.toml: one language */ }
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".md")) {
        const fm = frontMatter(fs.readFileSync(full, "utf8"));
        if (!fm || !fm.tree || fm.draft) continue;
        const rel = path.relative(content, full).split(path.sep);
        let file = rel.pop();
        const lang = codes.find((c) => file.endsWith(`.${c}.md`));
        if (lang) file = file.slice(0, -`.${lang}.md`.length) + ".md";
        if (file !== "_index.md" && file !== "index.md") rel.push(file.replace(/\.md$/, ""));
        if (fm.slug && rel.length) rel[rel.length - 1] = fm.slug;
        if (lang) rel.unshift(lang);
        let yamlFile = path.join(path.dirname(full), fm.tree);
        const translated = lang && yamlFile.replace(/\.(ya?ml)$/, `.${lang}.$1`);
        if (translated && fs.existsSync(translated)) yamlFile = translated;
        let tree = null;
        try {
          tree = yaml.load(fs.readFileSync(yamlFile, "utf8"));
        } catch {
          tree = null;
        }
        out.push({ url: rel.length ? rel.join("/") + "/" : "", md: full, yamlFile, tree, title: fm.title });
      }
    }
  };
  walk(content);
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

/**
 * For every outcome reachable from `start`, the shortest list of steps that leads to it:
 * [{outcome, steps: [{id, question, label, next}]}]. Outcomes in YAML order.
 */
export function routes(tree) {
  const qs = new Map((tree.questions || []).map((q) => [q.id, q]));
  const os = new Map((tree.outcomes || []).map((o) => [o.id, o]));
  const prev = new Map([[tree.start, null]]);
  const queue = [tree.start];
  while (queue.length) {
    const id = queue.shift();
    const q = qs.get(id);
    if (!q) continue;
    for (const a of q.answers || []) {
      if (!prev.has(a.next)) {
        prev.set(a.next, { from: id, label: String(a.label) });
        queue.push(a.next);
      }
    }
  }
  const result = [];
  for (const [id, o] of os) {
    if (!prev.has(id)) continue;
    const steps = [];
    for (let cur = id; prev.get(cur); cur = prev.get(cur).from) {
      const p = prev.get(cur);
      steps.unshift({ id: p.from, question: qs.get(p.from).question, label: p.label, next: cur });
    }
    result.push({ outcome: o, steps });
  }
  return result;
}

/** How many routes (answer sequences) lead from `start` to each node, counted up to 2. */
export function routeCounts(tree) {
  const qs = new Map((tree.questions || []).map((q) => [q.id, q]));
  const memo = new Map([[tree.start, 1]]);
  const into = new Map();
  for (const q of qs.values()) for (const a of q.answers || []) into.set(a.next, [...(into.get(a.next) || []), q.id]);
  const count = (id, seen = new Set()) => {
    if (memo.has(id)) return memo.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    let n = 0;
    for (const from of into.get(id) || []) n += count(from, seen);
    memo.set(id, Math.min(n, 2));
    return memo.get(id);
  };
  return (id) => count(id);
}

/** The node a tree state ("node.answer,…") leads to from `start`, and its steps; null if it does not replay. */
export function replayState(tree, state) {
  const qs = new Map((tree.questions || []).map((q) => [q.id, q]));
  let cur = tree.start;
  const steps = [];
  for (const part of state.split(",")) {
    const m = /^([a-z0-9-]+)\.(\d+)$/.exec(part);
    const q = m && m[1] === cur ? qs.get(cur) : null;
    const a = q && (q.answers || [])[Number(m[2])];
    if (!a) return null;
    steps.push({ id: cur, question: q.question, label: String(a.label), next: a.next });
    cur = a.next;
  }
  return { target: cur, steps };
}

/** The text of a node (question text or outcome verdict) by id. */
export function nodeText(tree, id) {
  const q = (tree.questions || []).find((x) => x.id === id);
  if (q) return q.question;
  const o = (tree.outcomes || []).find((x) => x.id === id);
  return o ? o.verdict : id;
}

/** The longest of the shortest routes (the most steps), for keyboard and focus tests. */
export function longestRoute(tree) {
  return routes(tree).reduce((a, b) => (b.steps.length > a.steps.length ? b : a));
}

// ---------------------------------------------------------------------------------------
// In the page

const PAGE_HELPERS = `(() => {
  const norm = ${NORM_SRC};
  const root = () => document.querySelector(".decision-tree");
  const vis = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && el.getClientRects().length > 0;
  const text = (el) => norm(el.innerText || el.textContent || "");
  const controlName = (e) => {
    let n = e.innerText || e.value || "";
    if (e.getAttribute("aria-label")) n = e.getAttribute("aria-label");
    if (e.labels && e.labels.length) n = [...e.labels].map((l) => l.innerText).join(" ");
    return norm(n);
  };
  const controls = (el) => [...el.querySelectorAll('a[href], button, input[type="radio"], input[type="button"], input[type="submit"], [role="button"], [role="link"], [role="radio"]')]
    .filter((e) => vis(e) && !e.closest("details:not([open]) > :not(summary)") && !e.closest(".tree-overview"));
  return {
    norm, root, vis, text, controlName, controls,
    /** Visible text of the tree that is not inside a control, a nav (answer trail), a live region or the overview. */
    contentText(el) {
      const r = el || root();
      if (!r) return null;
      const skip = 'a, button, nav, [aria-live], [role="status"], [role="alert"], .tree-overview, [role="button"]';
      const parts = [];
      const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const p = n.parentElement;
        if (!p || !n.nodeValue.trim() || p.closest(skip) || !vis(p)) continue;
        parts.push(n.nodeValue);
      }
      return norm(parts.join(" "));
    },
    treeText() { const r = root(); return r ? norm(r.innerText) : null; },
    shows(s) { const t = this.contentText(); return t !== null && t.includes(norm(s)); },
    /** The visible answer control labelled 'label' that belongs to the node showing 'question'. */
    answer(question, label) {
      const r = root();
      if (!r) return null;
      const q = norm(question), l = norm(label);
      let holders = [...r.querySelectorAll("*")].filter((el) => vis(el) && this.contentText(el).includes(q));
      holders = holders.filter((el) => !holders.some((o) => o !== el && el.contains(o)));
      for (const h of holders) {
        for (let a = h; a && a !== r.parentElement; a = a.parentElement) {
          const c = controls(a).filter((e) => controlName(e) === l);
          if (c.length) return c[0];
        }
      }
      return null;
    },
    /** Controls whose name matches a regular expression source (e.g. restart, back). */
    control(reSrc) {
      const r = root();
      if (!r) return null;
      const re = new RegExp(reSrc, "i");
      return controls(r).find((e) => re.test(controlName(e))) || null;
    },
    /** A visible "back" control that names the question it goes back to (e.g. an answer trail). */
    backTo(question) {
      const r = root();
      if (!r) return null;
      const q = norm(question);
      // "back", or the theme's Chinese and Arabic word for it (themes/default/i18n/).
      const c = controls(r).filter((e) => /(^|[^a-z])back([^a-z]|$)|返回|العودة/.test(controlName(e)) && controlName(e).includes(q));
      return c.length ? c[c.length - 1] : null;
    },
    liveTexts() {
      return [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"], output')]
        .map((e) => norm(e.textContent));
    },
    /** Does the focused element (or what labels it) show this text? */
    focusShows(s) {
      const el = document.activeElement;
      const r = root();
      if (!el || !r || !r.contains(el) || el === r) return false;
      let t = text(el);
      const lb = el.getAttribute("aria-labelledby");
      if (lb) t += " " + lb.split(/\\s+/).map((id) => { const x = document.getElementById(id); return x ? text(x) : ""; }).join(" ");
      if (el.getAttribute("aria-label")) t += " " + norm(el.getAttribute("aria-label"));
      return t.includes(norm(s));
    },
    focusDesc() {
      const el = document.activeElement;
      if (!el) return "(nothing)";
      return "<" + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") + "> " + text(el).slice(0, 80);
    },
  };
})()`;

/** Evaluate fn(helpers, arg) in the page. Works with JavaScript disabled too. */
export function inPage(page, fnSrc, arg) {
  return page.evaluate(({ helpers, fnSrc, arg }) => {
    // eslint-disable-next-line no-eval
    const h = (0, eval)(helpers);
    // eslint-disable-next-line no-eval
    const fn = (0, eval)(fnSrc);
    return fn(h, arg);
  }, { helpers: PAGE_HELPERS, fnSrc, arg });
}

export function inPageHandle(page, fnSrc, arg) {
  return page.evaluateHandle(({ helpers, fnSrc, arg }) => {
    // eslint-disable-next-line no-eval
    const h = (0, eval)(helpers);
    // eslint-disable-next-line no-eval
    const fn = (0, eval)(fnSrc);
    return fn(h, arg);
  }, { helpers: PAGE_HELPERS, fnSrc, arg });
}

export const shows = (page, s) => inPage(page, "(h, s) => h.shows(s)", s);
/** The visible "How you got here" lists of the tree (no JavaScript): per list, its items' text. */
export const routeLists = (page) => inPage(page, "(h) => [...h.root().querySelectorAll('nav ol')].filter((e) => h.vis(e)).map((ol) => [...ol.children].map((li) => h.text(li)))");
export const treeText = (page) => inPage(page, "(h) => h.treeText()");
export const liveTexts = (page) => inPage(page, "(h) => h.liveTexts()");
export const focusShows = (page, s) => inPage(page, "(h, s) => h.focusShows(s)", s);
export const focusDesc = (page) => inPage(page, "(h) => h.focusDesc()");

/** Element handle of the answer, or null. */
export async function answerHandle(page, question, label) {
  const h = await inPageHandle(page, "(h, a) => h.answer(a.q, a.l)", { q: question, l: label });
  const el = h.asElement();
  if (!el) await h.dispose();
  return el;
}

export async function backToHandle(page, question) {
  const h = await inPageHandle(page, "(h, q) => h.backTo(q)", question);
  const el = h.asElement();
  if (!el) await h.dispose();
  return el;
}

export async function controlHandle(page, reSrc) {
  const h = await inPageHandle(page, "(h, re) => h.control(re)", reSrc);
  const el = h.asElement();
  if (!el) await h.dispose();
  return el;
}
