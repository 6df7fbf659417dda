/* primer: small progressive enhancements. The site works without this file. */
(function () {
  "use strict";
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    /* Every change of the reader's progress is also announced as a `primer:store` event
       (key, value; null: removed), so a host such as the SCORM bridge can keep a copy. */
    set: function (k, v) {
      try { if (v === null) { window.localStorage.removeItem(k); } else { window.localStorage.setItem(k, v); } } catch (e) { /* storage off */ }
      try { document.dispatchEvent(new CustomEvent("primer:store", { detail: { key: k, value: v } })); } catch (e) { /* no CustomEvent */ }
    }
  };
  var DONE = "primer:done:";
  var S = {};
  try { S = JSON.parse(document.getElementById("primer-strings").textContent); } catch (e) {}
  function T(k, e, a) { var s = S[k] || e; for (var n in a) s = s.split("{" + n + "}").join(a[n]); return s; }

  /* One path box: ?path=, else the path last visited, else the first. "Also in"
     switches; links in the text to the path's modules keep ?path=. */
  var PATH = "primer:path";
  function pathContext() {
    var own = document.querySelector("article[data-path]");
    if (own && store.get(PATH) !== own.getAttribute("data-path")) { store.set(PATH, own.getAttribute("data-path")); }
    var navs = Array.prototype.slice.call(document.querySelectorAll("[data-path-nav]"));
    if (!navs.length) { return; }
    var ids = [];
    navs.forEach(function (n) { var id = n.getAttribute("data-path-nav"); if (ids.indexOf(id) < 0) { ids.push(id); } });
    var asked = new URLSearchParams(window.location.search).get("path");
    var last = store.get(PATH);
    var id = ids.indexOf(asked) >= 0 ? asked : ids.indexOf(last) >= 0 ? last : ids[0];
    if (id === asked && asked !== last) { store.set(PATH, asked); }
    var home = document.querySelector(".site-title");
    function keep(pid) {
      var bar = document.querySelector('.path-nav[data-path-nav="' + pid + '"] [data-path-bar]');
      var mods;
      try { mods = bar.getAttribute("data-path-bar").split(" ").filter(Boolean).map(function (m) { return new URL(m, home.href).pathname; }); } catch (e) { return; }
      document.querySelectorAll("main .content a[href], main .decision-tree a[href]").forEach(function (a) {
        var u;
        try { u = new URL(a.getAttribute("href"), window.location.href); } catch (e) { return; }
        if (u.origin !== window.location.origin || u.pathname === window.location.pathname || mods.indexOf(u.pathname) < 0) { return; }
        u.searchParams.set("path", pid);
        a.setAttribute("href", u.pathname + u.search + u.hash);
      });
    }
    function show(pid, moved) {
      navs.forEach(function (n) { n.hidden = n.getAttribute("data-path-nav") !== pid; });
      keep(pid);
      if (!moved) { return; }
      var u = new URL(window.location.href);
      u.searchParams.set("path", pid);
      window.history.replaceState(null, "", u.pathname + u.search + u.hash);
      var to = document.querySelector('.path-nav[data-path-nav="' + pid + '"] .path-nav__where a');
      if (to) { to.focus(); }
    }
    document.querySelectorAll("[data-path-switch]").forEach(function (a) {
      var to = a.getAttribute("data-path-switch");
      a.setAttribute("href", "?path=" + encodeURIComponent(to) + window.location.hash);
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        store.set(PATH, to);
        show(to, true);
      });
    });
    show(id, false);
  }

  /* "Mark as done": a toggle button, its label constant, its state in aria-pressed. */
  function doneToggles() {
    document.querySelectorAll("[data-done]").forEach(function (btn) {
      var key = DONE + btn.getAttribute("data-done");
      var status = btn.parentNode.querySelector(".done-status");
      function show() {
        var done = !!store.get(key);
        btn.setAttribute("aria-pressed", done ? "true" : "false");
        return done;
      }
      btn.hidden = false;
      show();
      btn.addEventListener("click", function () {
        store.set(key, store.get(key) ? null : today());
        var done = show();
        if (status) { status.textContent = done ? T("js_marked", "Marked as done.") : T("js_unmarked", "Marked as not done."); }
        pathBars();
      });
      /* The bottom "Next module" marks it done too. */
      document.querySelectorAll(".path-pager .pager__next a").forEach(function (a) {
        a.addEventListener("click", function () { if (!store.get(key)) { store.set(key, today()); } });
      });
    });
  }

  function today() { return new Date().toISOString().slice(0, 10); }
  function setBar(bar, n, total) {
    bar.setAttribute("aria-valuenow", String(n));
    bar.setAttribute("aria-valuetext", T("js_progress", "{n} of {total} modules done.", { n: n, total: total }));
    var fill = bar.querySelector(".progress__bar");
    if (fill) { fill.style.width = Math.round(n * 100 / Math.max(total, 1)) + "%"; }
    bar.hidden = false;
  }

  /* On a module: the bar counts the path's modules done (not the page's position). */
  function pathBars() {
    document.querySelectorAll(".path-nav [data-path-bar]").forEach(function (bar) {
      var mods = bar.getAttribute("data-path-bar").split(" ").filter(Boolean);
      var mins = (bar.getAttribute("data-path-minutes") || "").split(" ");
      var n = 0, left = 0;
      mods.forEach(function (m, k) { if (store.get(DONE + m)) { n += 1; } else { left += parseInt(mins[k], 10) || 0; } });
      setBar(bar, n, mods.length);
      var out = bar.parentNode.querySelector("[data-path-left]");
      if (out) {
        out.textContent = " · " + T("js_time_left", "About {minutes} min left.", { minutes: left });
        out.hidden = !left;
      }
    });
    /* The box's module list: a mark and words on the done ones. */
    document.querySelectorAll(".path-nav__modules").forEach(function (box) {
      var bar = box.parentNode.querySelector("[data-path-bar]");
      var mods = bar ? bar.getAttribute("data-path-bar").split(" ") : [];
      var items = box.querySelectorAll("li");
      var n = 0;
      items.forEach(function (li, k) {
        var done = !!store.get(DONE + mods[k]);
        var mark = li.querySelector(".path-nav__done");
        if (done && !mark) {
          mark = document.createElement("span");
          mark.className = "path-nav__done";
          mark.innerHTML = ' <span aria-hidden="true">✓</span><span class="visually-hidden"></span>';
          mark.lastChild.textContent = "(" + T("js_module_done", "done") + ")";
          li.appendChild(mark);
        }
        if (mark) { mark.hidden = !done; }
        if (done) { n += 1; }
      });
      var count = box.querySelector("[data-path-count]");
      if (count) { count.textContent = T("js_modules_done", "({n} of {total} done)", { n: n, total: items.length }); }
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
    /* Touch: a first tap on a term shows its definition, a second tap (or the tip's
       own link) goes to the entry; a tap elsewhere closes it. */
    var pointer = "";
    document.addEventListener("pointerdown", function (ev) { pointer = ev.pointerType; }, true);
    document.addEventListener("click", function (ev) {
      var a = ev.target && ev.target.closest ? ev.target.closest(".gloss-term") : null;
      var open = document.querySelectorAll(".gloss--open");
      var g = a ? a.closest(".gloss") : null;
      open.forEach(function (o) { if (o !== g && !(ev.target.closest && o.contains(ev.target))) { o.classList.remove("gloss--open"); } });
      if (!a || pointer !== "touch" || g.classList.contains("gloss--open")) { return; }
      ev.preventDefault();
      g.classList.remove("gloss--dismissed");
      g.classList.add("gloss--open");
      place(g);
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
      /* The results' stylesheet comes with the script: pages stay light until search is used. */
      var css = form.getAttribute("data-search-style");
      if (css) {
        var l = document.createElement("link");
        l.rel = "stylesheet";
        l.href = css;
        document.head.appendChild(l);
      }
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


  /* Phones and tablets: the navigation is a drawer behind the menu button. Without
     JavaScript the menu link opens it as the :target instead. */
  function menu() {
    var btn = document.querySelector("[data-menu-button]");
    var nav = document.querySelector("[data-site-nav]");
    if (!btn || !nav) { return; }
    var link = document.querySelector("[data-menu-link]");
    var close = nav.querySelector("[data-menu-close]");
    if (link) { link.hidden = true; }
    btn.hidden = false;
    if (window.location.hash === "#site-nav") { window.history.replaceState(null, "", window.location.pathname + window.location.search); }
    function isOpen() { return nav.classList.contains("is-open"); }
    function set(open, focusButton) {
      nav.classList.toggle("is-open", open);
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = nav.querySelector("[aria-current=page]") || nav.querySelector("a, summary");
        if (first) { first.focus(); }
      } else if (focusButton) { btn.focus(); }
    }
    btn.addEventListener("click", function () { set(!isOpen(), true); });
    if (close) { close.addEventListener("click", function (ev) { ev.preventDefault(); set(false, true); }); }
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && isOpen()) { set(false, true); } });
    document.addEventListener("click", function (ev) { if (isOpen() && !nav.contains(ev.target) && !btn.contains(ev.target)) { set(false, false); } });
    document.addEventListener("focusin", function (ev) { if (isOpen() && !nav.contains(ev.target) && ev.target !== btn) { set(false, false); } });
  }

  /* Theme switch: light, dark or the system's; remembered. The choice is applied before
     first paint by the inline script in <head>; this only keeps it up to date. */
  function themeSwitch() {
    var KEY = "primer:theme";
    document.querySelectorAll("[data-theme-switch]").forEach(function (box) {
      var sel = box.querySelector("select");
      if (!sel) { return; }
      var v = store.get(KEY);
      sel.value = v === "light" || v === "dark" ? v : "system";
      box.hidden = false;
      sel.addEventListener("change", function () {
        var root = document.documentElement;
        document.querySelectorAll("[data-theme-switch] select").forEach(function (o) { o.value = sel.value; });
        if (sel.value === "light" || sel.value === "dark") {
          store.set(KEY, sel.value);
          root.setAttribute("data-theme", sel.value);
        } else {
          store.set(KEY, null);
          root.removeAttribute("data-theme");
        }
      });
    });
  }

  /* "On this page": open as a rail on wide screens; the entry of the section being
     read is marked (aria-current) as the page scrolls. */
  function toc() {
    var box = document.querySelector("[data-toc]");
    if (!box) { return; }
    var wide = window.matchMedia("(min-width: 75rem)");
    function fit() { if (wide.matches) { box.open = true; } }
    fit();
    if (wide.addEventListener) { wide.addEventListener("change", fit); }
    /* The rail is not a disclosure: it stays open on wide screens. */
    box.addEventListener("toggle", fit);
    var links = Array.prototype.slice.call(box.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (a) {
      try { return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))); } catch (e) { return null; }
    });
    var pending = false;
    function spy() {
      pending = false;
      var pad = parseFloat(window.getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
      var line = pad + 16;
      var current = -1;
      var bottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      for (var i = 0; i < targets.length; i++) {
        if (!targets[i]) { continue; }
        var top = targets[i].getBoundingClientRect().top;
        if (top <= line || (bottom && top < window.innerHeight)) { current = i; }
      }
      links.forEach(function (a, k) {
        if (k === current) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
      });
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(spy); }
    }, { passive: true });
    spy();
  }

  /* Long pages on narrow screens: a back-to-top control once the reader is far down. */
  function toTop() {
    var a = document.querySelector("[data-to-top]");
    if (!a) { return; }
    function show() { a.hidden = window.scrollY < window.innerHeight * 1.5; }
    window.addEventListener("scroll", show, { passive: true });
    show();
  }

  /* On paper: the page's address (when base_url gave none). */
  function printUrl() {
    var s = document.querySelector("[data-print-url]");
    if (s && !s.textContent) { s.textContent = window.location.href.split("#")[0]; }
  }

  /* Shared with course.js (loaded after this file on pages with course features). */
  window.primer = { store: store, T: T, today: today, setBar: setBar, pathBars: pathBars, DONE: DONE };

  /* A table that scrolls sideways: focusable (arrow keys) and named. */
  function wideTables() {
    var ts = document.querySelectorAll("main .content table");
    function mark() {
      ts.forEach(function (t) {
        if (t.scrollWidth <= t.clientWidth + 1) { return t.removeAttribute("tabindex"); }
        t.tabIndex = 0;
        if (!t.caption && !t.hasAttribute("aria-label")) { t.setAttribute("aria-label", T("js_wide_table", "Table, scrolls sideways")); }
      });
    }
    if (ts.length) { mark(); addEventListener("resize", mark); }
  }

  function init() { menu(); themeSwitch(); toc(); toTop(); pathContext(); doneToggles(); pathBars(); wideTables(); printUrl(); glossary(); lazySearch(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
