/* primer: the home page's hero (loaded by index.html only, after primer.js, whose
   store and words it uses). The site works without this file. */
(function () {
  "use strict";
  var P = window.primer;
  if (!P) { return; }
  var store = P.store, T = P.T, DONE = P.DONE;

  /* The home page's hero: with progress in a training path (the one last visited, else
     the first with a module done), the primary button continues it at its first module
     not done, and a line says how far the reader is. */
  function hero() {
    var box = document.querySelector("[data-hero-paths]");
    var start = document.querySelector("[data-hero-start]");
    var home = document.querySelector(".site-title");
    if (!box || !start || !home) { return; }
    var paths;
    try { paths = JSON.parse(box.getAttribute("data-hero-paths")); } catch (e) { return; }
    if (!Array.isArray(paths)) { return; }
    function doneIn(p) { return p.modules.filter(function (m) { return !!store.get(DONE + m); }).length; }
    var last = store.get("primer:path");
    var pick = null;
    paths.forEach(function (p) {
      var n = doneIn(p);
      if (n > 0 && (!pick || (p.id === last && pick.p.id !== last))) { pick = { p: p, n: n }; }
    });
    var line = document.querySelector("[data-hero-progress]");
    if (!pick) { return; }
    var p = pick.p, total = p.modules.length, k = 0;
    while (k < total && store.get(DONE + p.modules[k])) { k += 1; }
    if (k === total) { k = -1; }
    var target = k < 0 ? p.path : p.modules[k] + "?path=" + encodeURIComponent(p.id);
    var url;
    try { url = new URL(target, home.href); } catch (e) { return; }
    /* A copy opened from disk names files, not folders. */
    if (url.protocol === "file:" && /\/$/.test(url.pathname)) { url.pathname += "index.html"; }
    start.setAttribute("href", url.protocol === "file:" ? url.href : url.pathname + url.search);
    start.textContent = k < 0 ? T("js_hero_review", "Review: {title}", { title: p.title }) : T("js_hero_continue", "Continue: {title}", { title: p.title });
    if (line) {
      line.textContent = k < 0 ? T("js_completed", "Completed: all {total} modules done.", { total: total }) : T("js_progress", "{n} of {total} modules done.", { n: pick.n, total: total });
      line.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", hero);
  } else {
    hero();
  }
})();
