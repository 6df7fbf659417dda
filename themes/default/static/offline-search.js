/* primer offline search: the header box and the search page of a copy opened from disk
   (`primer build --offline`), where browsers refuse Pagefind's fetches. The index is a
   script, search-index.js (window.PRIMER_SEARCH_INDEX: [url from the root, title, text,
   language]), loaded beside this file. Every query word (or, for text without spaces
   such as Chinese, the whole query) must appear in the title or the text; title matches
   rank first. Results are built with DOM methods and textContent only. */
(function () {
  "use strict";
  var me = document.currentScript;
  var ROOT = me ? me.src.replace(/offline-search\.js(\?.*)?$/, "") : "";
  var S = {};
  try { S = JSON.parse(document.getElementById("primer-strings").textContent); } catch (e) {}
  function T(k, e, a) { var s = S[k] || e; for (var n in a) { s = s.split("{" + n + "}").join(a[n]); } return s; }
  var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();

  function el(tag, cls, text) { var n = document.createElement(tag); if (cls) { n.className = cls; } if (text != null) { n.textContent = String(text); } return n; }

  function search(q, max) {
    var index = window.PRIMER_SEARCH_INDEX || [];
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var words = q.split(/\s+/);
    var hits = [];
    index.forEach(function (e) {
      if (lang && e[3] && e[3].toLowerCase() !== lang) { return; }
      var title = e[1].toLowerCase(), text = e[2].toLowerCase(), score = 0;
      for (var i = 0; i < words.length; i++) {
        var inTitle = title.indexOf(words[i]) >= 0, at = text.indexOf(words[i]);
        if (!inTitle && at < 0) { return; }
        score += (inTitle ? 10 : 0) + (at >= 0 ? 1 : 0);
      }
      hits.push({ e: e, score: score, at: text.indexOf(words[0]) });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, max);
  }

  function excerpt(h) {
    var t = h.e[2], at = Math.max(0, h.at);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "… " : "") + t.slice(start, start + 180) + (start + 180 < t.length ? " …" : "");
  }

  function whenIndexed(fn) {
    if (window.PRIMER_SEARCH_INDEX) { fn(); return; }
    var s = document.createElement("script");
    s.src = ROOT + "search-index.js";
    s.onload = fn;
    document.head.appendChild(s);
  }

  /* The header combobox. */
  function header() {
    var form = document.querySelector("form[data-search]");
    if (!form) { return; }
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("[role=listbox]");
    if (!input || !list) { return; }
    function render() {
      var hits = search(input.value, 8);
      list.textContent = "";
      hits.forEach(function (h, i) {
        var li = el("li", "search-option");
        li.setAttribute("role", "option");
        li.id = "site-search-opt-" + i;
        var a = el("a", null, h.e[1]);
        a.href = ROOT + h.e[0];
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!hits.length && input.value.trim()) { list.appendChild(el("li", "search-empty", T("js_no_results", "No results"))); }
      list.hidden = !input.value.trim();
      input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    }
    input.addEventListener("input", render);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      window.location.href = ROOT + "search/index.html?q=" + encodeURIComponent(input.value);
    });
    if (input.value) { render(); }
  }

  /* The search page. */
  function page() {
    var box = document.querySelector("[data-search-page]");
    if (!box) { return; }
    var form = document.querySelector("form.search-page__form");
    var input = form && form.querySelector("input[name=q]");
    var status = el("p", "search-page__status");
    status.setAttribute("role", "status");
    var list = el("ol", "search-page__list");
    box.appendChild(status);
    box.appendChild(list);
    function render() {
      var q = input ? input.value : "";
      var hits = search(q, 50);
      list.textContent = "";
      status.textContent = !q.trim() ? "" : hits.length ? (hits.length === 1 ? T("js_result_one", "{n} result", { n: 1 }) : T("js_result_many", "{n} results", { n: hits.length })) : T("js_no_results_for", "No results for “{query}”", { query: q });
      hits.forEach(function (h) {
        var li = el("li", "search-result search-page__item");
        var a = el("a", "search-result__title", h.e[1]);
        a.href = ROOT + h.e[0];
        li.appendChild(a);
        li.appendChild(el("p", "search-result__excerpt", excerpt(h)));
        list.appendChild(li);
      });
    }
    var q = new URLSearchParams(window.location.search).get("q") || "";
    if (input) {
      input.value = q;
      input.addEventListener("input", render);
    }
    if (form) { form.addEventListener("submit", function (ev) { ev.preventDefault(); render(); }); }
    render();
  }

  whenIndexed(function () { header(); page(); });
}());
