/* primer: small progressive enhancements. The site works without this file. */
(function () {
  "use strict";
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { if (v === null) { window.localStorage.removeItem(k); } else { window.localStorage.setItem(k, v); } } catch (e) { /* storage off */ } }
  };
  var DONE = "primer:done:";

  /* Keep the reader in the path they came from (?path=id). */
  function pathFilter() {
    var id = new URLSearchParams(window.location.search).get("path");
    var navs = document.querySelectorAll("[data-path-nav]");
    if (!id || navs.length < 2) { return; }
    var match = false;
    navs.forEach(function (n) { if (n.getAttribute("data-path-nav") === id) { match = true; } });
    if (!match) { return; }
    navs.forEach(function (n) { if (n.getAttribute("data-path-nav") !== id) { n.hidden = true; } });
  }

  /* "Mark as done" on module pages. */
  function doneToggles() {
    document.querySelectorAll("[data-done]").forEach(function (btn) {
      var key = DONE + btn.getAttribute("data-done");
      var status = btn.parentNode.querySelector(".done-status");
      function show() {
        var done = store.get(key) === "1";
        btn.setAttribute("aria-pressed", done ? "true" : "false");
        btn.textContent = done ? "Done ✓ (select to undo)" : "Mark this module as done";
        return done;
      }
      btn.hidden = false;
      show();
      btn.addEventListener("click", function () {
        store.set(key, store.get(key) === "1" ? null : "1");
        var done = show();
        if (status) { status.textContent = done ? "Marked as done." : "Marked as not done."; }
      });
    });
  }

  /* Path overview: which modules are done. */
  function pathProgress() {
    var list = document.querySelectorAll("[data-module]");
    if (!list.length) { return; }
    var n = 0;
    list.forEach(function (li) {
      var done = store.get(DONE + li.getAttribute("data-module")) === "1";
      var mark = li.querySelector(".module__done");
      if (mark) { mark.hidden = !done; }
      if (done) { n += 1; li.classList.add("module--done"); }
    });
    var out = document.querySelector("[data-path-progress]");
    if (out) { out.textContent = n + " of " + list.length + " modules done."; }
  }

  /* Knowledge checks: score with JavaScript; explanations stay in <details>. */
  function quizzes() {
    document.querySelectorAll("[data-quiz] form").forEach(function (form) {
      var submit = form.querySelector(".quiz__submit");
      if (submit) { submit.hidden = false; }
      form.addEventListener("change", function (ev) {
        var input = ev.target;
        if (!input || input.type !== "radio") { return; }
        var fs = input.closest("fieldset");
        var fb = fs && fs.querySelector(".quiz__feedback");
        if (!fb) { return; }
        var right = input.hasAttribute("data-correct");
        fb.textContent = right ? "Correct." : "Not quite: open “Show the answer” to see why.";
        fb.className = "quiz__feedback " + (right ? "quiz__feedback--right" : "quiz__feedback--wrong");
      });
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var qs = form.querySelectorAll("fieldset");
        var score = 0;
        qs.forEach(function (fs) {
          var chosen = fs.querySelector("input:checked");
          if (chosen && chosen.hasAttribute("data-correct")) { score += 1; }
          var d = fs.querySelector("details");
          if (d && chosen) { d.open = true; }
        });
        var out = form.querySelector(".quiz__score");
        if (out) { out.textContent = "You answered " + score + " of " + qs.length + " correctly."; }
      });
    });
  }

  /* Glossary tooltips: Escape hides the open one (WCAG 1.4.13). */
  function glossary() {
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") { return; }
      document.querySelectorAll(".gloss").forEach(function (g) {
        if (g.matches(":hover") || g.contains(document.activeElement)) { g.classList.add("gloss--dismissed"); }
      });
    });
    /* Keep the tip inside the viewport on narrow screens. */
    function place(g) {
      var tip = g.querySelector(".gloss-tip");
      if (!tip) { return; }
      tip.style.left = "0px";
      var r = tip.getBoundingClientRect();
      var over = r.right - (document.documentElement.clientWidth - 8);
      if (over > 0) { tip.style.left = -Math.min(over, r.left - 8) + "px"; }
    }
    document.addEventListener("focusin", function (ev) {
      var g = ev.target && ev.target.closest ? ev.target.closest(".gloss") : null;
      if (g) { g.classList.remove("gloss--dismissed"); place(g); }
    });
    document.addEventListener("mouseover", function (ev) {
      var g = ev.target && ev.target.closest ? ev.target.closest(".gloss") : null;
      if (g && !g.contains(document.activeElement)) { g.classList.remove("gloss--dismissed"); }
      if (g) { place(g); }
    });
  }

  /* Search loads on demand (first focus of the box, "/" or Ctrl-K), so pages stay light. */
  function lazySearch() {
    var form = document.querySelector("form[data-search][data-search-script]");
    if (!form || document.querySelector("[data-search-page]")) { return; }
    var input = form.querySelector("input[name=q]");
    var loaded = false;
    function load() {
      if (loaded) { return; }
      loaded = true;
      document.removeEventListener("keydown", onKey);
      var s = document.createElement("script");
      s.src = form.getAttribute("data-search-script");
      document.head.appendChild(s);
    }
    function typing(t) {
      var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
      return tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable);
    }
    function onKey(ev) {
      var slash = ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
      var ctrlK = (ev.key === "k" || ev.key === "K") && (ev.ctrlKey || ev.metaKey) && !ev.altKey;
      if ((!slash && !ctrlK) || typing(ev.target) || !input) { return; }
      ev.preventDefault();
      input.focus();
    }
    document.addEventListener("keydown", onKey);
    if (input) { input.addEventListener("focus", load); }
  }

  function init() { pathFilter(); doneToggles(); pathProgress(); quizzes(); glossary(); lazySearch(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
