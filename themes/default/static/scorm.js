/* primer: the SCORM runtime bridge, loaded only in the packages `primer package` writes.
   Two halves in one file:
   - on the launch page (<script data-shell>), the one SCO: it finds the LMS's API
     (SCORM 1.2 `API`, else 2004 `API_1484_11`) in the parent windows, then the opener's,
     as the specifications describe; initializes; reports `incomplete` on a first start;
     restores the saved progress from suspend_data (modules done, quiz answers, the page
     the learner was on); and on unload saves, commits and finishes;
   - on every page of the course (<script data-page="...">): it finds the launch page's
     `primerCourse` in a parent window and tells it what the learner does: a module
     marked done (the [data-done] button's aria-pressed, after primer.js's handler), a
     quiz answer (its radio buttons) and a quiz checked (the form's submit: the
     answers marked data-correct); primer.js itself is unchanged.
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

  var DONE = "primer:done:";
  var store = {
    set: function (k, on) { try { if (on) { window.localStorage.setItem(k, "1"); } else { window.localStorage.removeItem(k); } } catch (e) { /* storage off */ } }
  };
  /* The saved state: d = indexes of the modules done, q = answers by module index and
     question name, s = the check's score in per cent (null: not taken), c = the page. */
  var state = { d: [], q: {}, s: null, c: null };
  try {
    var saved = get("cmi.suspend_data");
    if (saved) { var o = JSON.parse(saved); if (o && typeof o === "object") { state.d = o.d || []; state.q = o.q || {}; state.s = typeof o.s === "number" ? o.s : null; state.c = o.c || null; } }
  } catch (e) { /* unreadable: start afresh */ }
  /* The theme keeps "done" in localStorage: make it say what the LMS saved. */
  course.modules.forEach(function (m, i) { store.set(DONE + m, state.d.indexOf(i) >= 0); });

  var started = Date.now();
  var status = v12 ? get("cmi.core.lesson_status") : get("cmi.completion_status");
  if (!status || status === "not attempted" || status === "unknown") {
    if (v12) { set("cmi.core.lesson_status", "incomplete"); } else { set("cmi.completion_status", "incomplete"); }
    call("LMSCommit", "Commit", [""]);
  }
  if (state.c && /^[\w\-\/.]*index\.html$/.test(state.c)) { frameTo = state.c; }

  function key(p) { var i = course.modules.indexOf(p); return i >= 0 ? String(i) : p; }
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

  window.primerCourse = {
    visit: function (p) { state.c = p + "index.html"; save(); },
    done: function (p, on) {
      var i = course.modules.indexOf(p);
      if (i < 0) { return; }
      state.d = state.d.filter(function (x) { return x !== i; });
      if (on) { state.d.push(i); state.d.sort(function (a, b) { return a - b; }); }
      save();
    },
    answer: function (p, q, v) { var k = key(p); state.q[k] = state.q[k] || {}; state.q[k][q] = v; save(); },
    answers: function (p) { return state.q[key(p)] || {}; },
    scored: function (p) { return p === course.check && state.s !== null; },
    score: function (p, score, total) {
      if (p !== course.check || !total) { return; }
      state.s = Math.round(score / total * 100);
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
    /* After primer.js's own handlers (on the button and the form) have run. */
    document.addEventListener("click", function (ev) {
      var b = ev.target && ev.target.closest ? ev.target.closest("[data-done]") : null;
      if (b) { c.done(b.getAttribute("data-done"), b.getAttribute("aria-pressed") === "true"); }
    });
    document.addEventListener("submit", function (ev) {
      var f = ev.target;
      if (!f || !f.closest || !f.closest("[data-quiz]")) { return; }
      var qs = f.querySelectorAll("fieldset"), right = 0;
      qs.forEach(function (q) { var x = q.querySelector("input:checked"); if (x && x.hasAttribute("data-correct")) { right += 1; } });
      c.score(here, right, qs.length);
    });
    document.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t && t.type === "radio" && t.closest && t.closest("[data-quiz]")) { c.answer(here, t.name, t.value); }
    });
    function restore() {
      var answers = c.answers(here);
      var form = document.querySelector("[data-quiz] form");
      if (!form) { return; }
      Object.keys(answers).forEach(function (q) {
        form.querySelectorAll("input[type=radio]").forEach(function (input) {
          if (input.name === q && input.value === String(answers[q]) && !input.checked) {
            input.checked = true;
            input.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
      });
      if (c.scored(here) && form.requestSubmit) { form.requestSubmit(); }
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", restore); } else { restore(); }
  }
}());
