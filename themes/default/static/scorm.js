/* primer: the SCORM runtime bridge, loaded only in the packages `primer package` writes.
   Two halves in one file:
   - on the launch page (<script data-shell>), the one SCO: it finds the LMS's API
     (SCORM 1.2 `API`, else 2004 `API_1484_11`) in the parent windows, then the opener's,
     as the specifications describe; initializes; reports `incomplete` on a first start;
     restores the saved progress from suspend_data (modules done, knowledge-check answers
     and results, the page the learner was on) into the theme's storage before the first
     page loads; and on unload saves, commits and finishes;
   - on every page of the course (<script data-page="...">): it finds the launch page's
     `primerCourse` in a parent window and tells it the page shown and every change of
     progress the theme announces (primer.js's `primer:store` events: a module marked
     done, a knowledge check's answers and result, a check passed, a path reset). The
     theme's scripts know nothing of SCORM.
   The course's status: `passed`/`failed` once the knowledge check is scored against
   the pass mark, else `completed` when every module is done, else `incomplete`.
   Outside an LMS it does nothing, and the pages work as on the site. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) { return; }

  function findIn(win, name) {
    var tries = 0;
    try {
      while (!win[name] && win.parent && win.parent !== win && tries < 10) { tries += 1; win = win.parent; }
      return win[name] || null;
    } catch (e) { return null; /* a window of another origin */ }
  }

  if (!me.hasAttribute("data-shell")) { page(); return; }

  /* ---- The launch page: the LMS session. ---- */
  var course = JSON.parse(document.getElementById("primer-course").textContent);
  /* The frame opens the overview, or the page the learner was on (set below). */
  var frameTo = course.start;
  function show() { var f = document.getElementById("primer-course-frame"); if (f && !f.getAttribute("src")) { f.setAttribute("src", frameTo); } }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", show); } else { show(); }
  var api = null, v12 = true;
  function lookup(win) { var a = findIn(win, "API"); if (a) { v12 = true; return a; } a = findIn(win, "API_1484_11"); if (a) { v12 = false; } return a; }
  api = lookup(window);
  if (!api && window.opener) { api = lookup(window.opener); }
  if (!api) { return; }
  function call(f12, f04, args) { try { return String(api[v12 ? f12 : f04].apply(api, args)); } catch (e) { return ""; } }
  function get(k) { return call("LMSGetValue", "GetValue", [k]); }
  function set(k, v) { return call("LMSSetValue", "SetValue", [k, String(v)]); }
  if (call("LMSInitialize", "Initialize", [""]) !== "true") { return; }

  var DONE = "primer:done:", QUIZ = "primer:quiz:";
  function put(k, v) { try { if (v === null) { window.localStorage.removeItem(k); } else { window.localStorage.setItem(k, v); } } catch (e) { /* storage off */ } }
  /* The saved state: d = indexes of the modules done, q = the theme's knowledge-check
     records by module index ({a: answers, s: score, n: questions, p: passed, d: date}),
     s = the check's score in per cent (null: not taken), c = the page. */
  var state = { d: [], q: {}, s: null, c: null };
  try {
    var saved = get("cmi.suspend_data");
    if (saved) { var o = JSON.parse(saved); if (o && typeof o === "object") { state.d = o.d || []; state.q = o.q || {}; state.s = typeof o.s === "number" ? o.s : null; state.c = o.c || null; } }
  } catch (e) { /* unreadable: start afresh */ }
  /* The theme keeps progress in localStorage: make it say what the LMS saved. */
  course.modules.forEach(function (m, i) {
    put(DONE + m, state.d.indexOf(i) >= 0 ? "1" : null);
    put(QUIZ + m, state.q[i] ? JSON.stringify(state.q[i]) : null);
  });

  var started = Date.now();
  var status = v12 ? get("cmi.core.lesson_status") : get("cmi.completion_status");
  if (!status || status === "not attempted" || status === "unknown") {
    if (v12) { set("cmi.core.lesson_status", "incomplete"); } else { set("cmi.completion_status", "incomplete"); }
    call("LMSCommit", "Commit", [""]);
  }
  if (state.c && /^[\w\-\/.]*index\.html$/.test(state.c)) { frameTo = state.c; }

  function allDone() { return course.modules.every(function (m, i) { return state.d.indexOf(i) >= 0; }); }
  function save() {
    set(v12 ? "cmi.core.lesson_location" : "cmi.location", state.c || "");
    set("cmi.suspend_data", JSON.stringify(state));
    var scored = state.s !== null;
    if (scored) {
      set(v12 ? "cmi.core.score.min" : "cmi.score.min", 0);
      set(v12 ? "cmi.core.score.max" : "cmi.score.max", 100);
      set(v12 ? "cmi.core.score.raw" : "cmi.score.raw", state.s);
      if (!v12) { set("cmi.score.scaled", state.s / 100); }
    }
    var passed = scored && state.s >= course.pass_mark;
    if (v12) {
      set("cmi.core.lesson_status", scored ? (passed ? "passed" : "failed") : (allDone() ? "completed" : "incomplete"));
    } else {
      set("cmi.completion_status", allDone() ? "completed" : "incomplete");
      set("cmi.success_status", scored ? (passed ? "passed" : "failed") : "unknown");
    }
    call("LMSCommit", "Commit", [""]);
  }

  /* The check's score in per cent from the theme's record (or its last result kept
     while the learner tries again); null when not taken. */
  function percent(rec) {
    var r = rec && typeof rec.s === "number" ? rec : rec && rec.last;
    return r && typeof r.s === "number" && r.n ? Math.round(r.s / r.n * 100) : null;
  }
  window.primerCourse = {
    visit: function (p) { state.c = p + "index.html"; save(); },
    /* A change the theme made to its storage (value null: removed). */
    stored: function (k, v) {
      var p, i;
      if (k.indexOf(DONE) === 0) {
        i = course.modules.indexOf(k.slice(DONE.length));
        if (i < 0) { return; }
        state.d = state.d.filter(function (x) { return x !== i; });
        if (v !== null) { state.d.push(i); state.d.sort(function (a, b) { return a - b; }); }
      } else if (k.indexOf(QUIZ) === 0) {
        p = k.slice(QUIZ.length);
        i = course.modules.indexOf(p);
        if (i < 0) { return; }
        var rec = null;
        try { rec = v === null ? null : JSON.parse(v); } catch (e) { rec = null; }
        if (rec) { state.q[i] = rec; } else { delete state.q[i]; }
        if (p === course.check) { state.s = percent(rec); }
      } else {
        return;
      }
      save();
    }
  };

  var finished = false;
  function pad(n, w) { n = String(n); while (n.length < w) { n = "0" + n; } return n; }
  function finish() {
    if (finished) { return; }
    finished = true;
    var secs = Math.round((Date.now() - started) / 1000);
    if (v12) {
      set("cmi.core.session_time", pad(Math.floor(secs / 3600), 4) + ":" + pad(Math.floor(secs / 60) % 60, 2) + ":" + pad(secs % 60, 2));
      set("cmi.core.exit", "suspend");
    } else {
      set("cmi.session_time", "PT" + secs + "S");
      set("cmi.exit", "suspend");
    }
    call("LMSCommit", "Commit", [""]);
    call("LMSFinish", "Terminate", [""]);
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  /* ---- A page of the course: report to the launch page. ---- */
  function page() {
    var here = me.getAttribute("data-page") || "";
    var c = findIn(window, "primerCourse");
    if (!c) { return; }
    c.visit(here);
    document.addEventListener("primer:store", function (ev) {
      if (ev.detail && typeof ev.detail.key === "string") { c.stored(ev.detail.key, ev.detail.value === null ? null : String(ev.detail.value)); }
    });
  }
}());
