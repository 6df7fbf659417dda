/* primer: the course's enhancements (knowledge checks, the path overview, checklists,
   the glossary filter), loaded only on pages that have them. The site works without it. */
(function () {
  "use strict";
  var P = window.primer;
  if (!P) { return; }
  var store = P.store, T = P.T, today = P.today, setBar = P.setBar, pathBars = P.pathBars;
  var DONE = P.DONE;
  var QUIZ = "primer:quiz:";

  function readJson(k) { try { return JSON.parse(store.get(k) || "null"); } catch (e) { return null; } }
  /* A date (YYYY-MM-DD) the page's language's way. */
  function dateText(iso) {
    var d = new Date(iso + "T12:00:00");
    if (isNaN(d.getTime())) { return iso; }
    try { return d.toLocaleDateString(document.documentElement.lang || undefined, { year: "numeric", month: "long", day: "numeric" }); } catch (e) { return iso; }
  }
  /* Path overview: modules done, a bar, time left, the check's result, and the next
     step: Start, Continue with module k, or Completed (with the date); reset. */
  function pathProgress() {
    var list = Array.prototype.slice.call(document.querySelectorAll("article[data-path] .modules [data-module]"));
    if (!list.length) { return; }
    var out = document.querySelector("[data-path-progress]");
    var bar = document.querySelector(".path-status [data-path-bar]");
    var ctas = document.querySelectorAll("[data-path-cta]");
    var reset = document.querySelector("[data-path-reset]");
    var first = ctas.length ? { href: ctas[0].getAttribute("href"), text: ctas[0].textContent } : null;
    function render(note) {
      var n = 0, left = 0, next = null, last = "", quiz = null;
      list.forEach(function (li, k) {
        var key = li.getAttribute("data-module");
        var v = store.get(DONE + key);
        var mark = li.querySelector(".module__done");
        if (mark) { mark.hidden = !v; }
        li.classList.toggle("module--done", !!v);
        if (v) {
          n += 1;
          if (/^\d{4}-\d\d-\d\d$/.test(v) && v > last) { last = v; }
        } else {
          left += parseInt(li.getAttribute("data-minutes"), 10) || 0;
          if (!next) { next = { li: li, k: k + 1 }; }
        }
        if (li.hasAttribute("data-module-quiz")) {
          var r = readJson(QUIZ + key);
          if (r && typeof r.s !== "number") { r = r.last; }
          if (r && typeof r.s === "number") { quiz = r; }
        }
      });
      var total = list.length;
      var all = { n: n, total: total };
      var parts = [];
      if (n === total) {
        parts.push(T("js_completed", "Completed: all {total} modules done.", all));
        if (last) { parts.push(T("js_completed_on", "Completed on {date}.", { date: dateText(last) })); }
      } else {
        parts.push(T("js_progress", "{n} of {total} modules done.", all));
        parts.push(T("js_time_left", "About {minutes} min left.", { minutes: left }));
      }
      if (quiz) { parts.push(T("js_check_result", "Knowledge check: {score} of {total} ({percent} %).", { score: quiz.s, total: quiz.n, percent: Math.round(quiz.s * 100 / Math.max(quiz.n, 1)) })); }
      if (note) { parts.push(note); }
      if (out) { out.textContent = parts.join(" "); }
      if (bar) { setBar(bar, n, total); }
      ctas.forEach(function (a) {
        if (!first) { return; }
        if (n === 0 || n === total) {
          a.setAttribute("href", first.href);
          a.textContent = n === 0 ? first.text : T("js_review", "Go through the path again");
        } else {
          var link = next.li.querySelector("a");
          a.setAttribute("href", link.getAttribute("href"));
          a.textContent = T("js_continue", "Continue with module {n}: {title}", { n: next.k, title: link.textContent });
        }
      });
      document.documentElement.classList.toggle("path-complete", n === total);
      if (reset) { reset.hidden = n === 0 && !quiz; }
    }
    if (reset) {
      reset.addEventListener("click", function () {
        list.forEach(function (li) {
          var key = li.getAttribute("data-module");
          store.set(DONE + key, null);
          if (li.hasAttribute("data-module-quiz")) { store.set(QUIZ + key, null); }
        });
        render(T("js_reset", "Your progress in this path has been reset."));
        var cta = document.querySelector("[data-path-cta]");
        if (cta) { cta.focus(); }
      });
    }
    render("");
  }

  /* Knowledge checks: every answer is checked once, on "Check my answers" (no feedback
     while choosing, so no trial and error). The chosen and the right option are marked,
     unanswered questions are named, answers and result are kept (primer:quiz:<page>),
     and a result at the pass mark marks the check done. */
  function quizzes() {
    document.querySelectorAll("[data-quiz]").forEach(function (box) {
      var page = box.getAttribute("data-quiz");
      var key = QUIZ + page;
      var pass = parseInt(box.getAttribute("data-pass"), 10);
      if (isNaN(pass)) { pass = 80; }
      var qs = Array.prototype.slice.call(box.querySelectorAll("fieldset"));
      var submit = box.querySelector(".quiz__submit");
      var out = box.querySelector(".quiz__score");
      if (!submit || !qs.length) { return; }
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button button--quiet quiz__retry";
      retry.textContent = T("js_quiz_retry", "Try again");
      retry.hidden = true;
      submit.parentNode.appendChild(retry);
      submit.hidden = false;
      var warned = "";
      function answers() {
        return qs.map(function (fs) { var c = fs.querySelector("input:checked"); return c ? parseInt(c.value, 10) : -1; });
      }
      function save(extra) {
        var rec = { a: answers() };
        for (var k in extra) { rec[k] = extra[k]; }
        store.set(key, JSON.stringify(rec));
      }
      function clearMarks() {
        box.querySelectorAll(".quiz__mark").forEach(function (m) { m.remove(); });
        box.querySelectorAll(".quiz__opt").forEach(function (o) { o.classList.remove("quiz__opt--chosen", "quiz__opt--right", "quiz__opt--wrong"); });
        qs.forEach(function (fs) {
          var fb = fs.querySelector(".quiz__feedback");
          if (fb) { fb.textContent = ""; fb.className = "quiz__feedback"; }
          fs.classList.remove("quiz__q--missing");
          fs.querySelectorAll("input").forEach(function (i) { i.disabled = false; });
        });
      }
      function mark(opt, cls, word) {
        opt.classList.add(cls);
        var label = opt.querySelector("label");
        if (!label) { return; }
        var m = document.createElement("span");
        m.className = "quiz__mark";
        m.textContent = " (" + word + ")";
        label.appendChild(m);
      }
      /* Show the result of `rec` (answers a, score s): marks, explanations, score. */
      function show(rec) {
        clearMarks();
        qs.forEach(function (fs, n) {
          var chosen = rec.a[n];
          var fb = fs.querySelector(".quiz__feedback");
          fs.querySelectorAll(".quiz__opt").forEach(function (opt) {
            var input = opt.querySelector("input");
            var right = input.hasAttribute("data-correct");
            var mine = parseInt(input.value, 10) === chosen;
            input.checked = mine;
            input.disabled = true;
            if (mine) { mark(opt, right ? "quiz__opt--right" : "quiz__opt--wrong", T("js_quiz_yours", "your answer")); }
            if (right) {
              if (!mine) { opt.classList.add("quiz__opt--right"); }
              mark(opt, "quiz__opt--answer", T("js_quiz_right_answer", "right answer"));
            }
          });
          var ok = chosen >= 0 && !!fs.querySelector("input:checked[data-correct]");
          if (fb) {
            fb.textContent = chosen < 0 ? T("js_quiz_unanswered", "Not answered: the right answer is marked.") : ok ? T("js_correct", "Correct.") : T("js_quiz_wrong", "Not correct: your answer and the right one are marked.");
            fb.className = "quiz__feedback " + (ok ? "quiz__feedback--right" : "quiz__feedback--wrong");
          }
          var d = fs.querySelector("details");
          if (d) { d.open = true; }
        });
        var total = qs.length;
        var percent = Math.round(rec.s * 100 / total);
        var skipped = rec.a.filter(function (v) { return v < 0; }).length;
        var text = T("js_quiz_result", "You answered {score} of {total} correctly ({percent} %).", { score: rec.s, total: total, percent: percent });
        if (skipped) { text += T("js_quiz_skipped", " {n} not answered.", { n: skipped }); }
        text += " " + (rec.p ? T("js_quiz_passed", "Passed (pass mark {pass} %): this check is marked as done.", { pass: pass }) : T("js_quiz_failed", "Not passed (pass mark {pass} %): read the explanations, then try again.", { pass: pass }));
        if (out) {
          out.textContent = text;
          out.className = "quiz__score " + (rec.p ? "quiz__score--pass" : "quiz__score--fail");
        }
        submit.hidden = true;
        retry.hidden = false;
      }
      function check() {
        var a = answers();
        var missing = [];
        a.forEach(function (v, n) { if (v < 0) { missing.push(n + 1); } });
        qs.forEach(function (fs, n) { fs.classList.toggle("quiz__q--missing", a[n] < 0); });
        if (missing.length && warned !== missing.join(",")) {
          /* Unanswered questions are named first; a second press checks as it is. */
          warned = missing.join(",");
          if (out) { out.className = "quiz__score quiz__score--missing"; out.textContent = T("js_quiz_missing", "Not answered yet: question {list}. Answer them, or select “Check my answers” again to check as it is.", { list: missing.join(", ") }); }
          var first = qs[missing[0] - 1].querySelector("input");
          if (first) { first.focus(); }
          return;
        }
        warned = "";
        var score = 0;
        qs.forEach(function (fs) { if (fs.querySelector("input:checked[data-correct]")) { score += 1; } });
        var passed = score * 100 >= pass * qs.length;
        var rec = { a: a, s: score, n: qs.length, p: passed, d: today() };
        store.set(key, JSON.stringify(rec));
        store.set(DONE + page, passed ? rec.d : null);
        show(rec);
        pathBars();
        if (out) { out.setAttribute("tabindex", "-1"); out.focus(); }
      }
      submit.addEventListener("click", check);
      retry.addEventListener("click", function () {
        clearMarks();
        qs.forEach(function (fs) { fs.querySelectorAll("input").forEach(function (i) { i.checked = false; }); var d = fs.querySelector("details"); if (d) { d.open = false; } });
        var prev = readJson(key) || {};
        /* The last result stays recorded (and the check done if it passed) until a new one. */
        store.set(key, JSON.stringify({ a: [], last: prev.s === undefined ? prev.last : { s: prev.s, n: prev.n, p: prev.p, d: prev.d } }));
        if (out) { out.textContent = ""; out.className = "quiz__score"; }
        retry.hidden = true;
        submit.hidden = false;
        var first = qs[0].querySelector("input");
        if (first) { first.focus(); }
      });
      box.addEventListener("change", function (ev) {
        if (ev.target && ev.target.type === "radio") {
          var fs = ev.target.closest("fieldset");
          if (fs) { fs.classList.remove("quiz__q--missing"); }
          var prev = readJson(key) || {};
          save(prev.last ? { last: prev.last } : {});
        }
      });
      /* Back from a reload: the answers, and the result if they were checked. */
      var rec = readJson(key);
      if (rec && rec.a && rec.a.length === qs.length) {
        if (typeof rec.s === "number") { show(rec); } else {
          qs.forEach(function (fs, n) {
            var i = fs.querySelector('input[value="' + rec.a[n] + '"]');
            if (i) { i.checked = true; }
          });
        }
      }
    });
  }

  /* Checklists (Markdown task lists): the boxes can be ticked, each is named by its
     item's text, the ticks are kept (primer:checklist:<page>) and print. */
  function checklists() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".content li > input[type=checkbox]:first-child"));
    if (!boxes.length) { return; }
    var key = "primer:checklist:" + window.location.pathname;
    var saved = store.get(key) || "";
    var first = boxes[0].closest("ul, ol");
    var tools = document.createElement("div");
    tools.className = "checklist-tools";
    var status = document.createElement("p");
    status.className = "checklist-status";
    status.setAttribute("role", "status");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button button--quiet";
    clear.textContent = T("js_checklist_clear", "Clear the ticks");
    tools.appendChild(status);
    tools.appendChild(clear);
    first.parentNode.insertBefore(tools, first);
    function count() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      status.textContent = T("js_checklist_count", "{n} of {total} items ticked.", { n: n, total: boxes.length });
    }
    function save() { store.set(key, boxes.map(function (b) { return b.checked ? "1" : "0"; }).join("")); count(); }
    boxes.forEach(function (box, k) {
      var li = box.parentNode;
      /* primer labels each box with its item's words at build time; older output
         (a bare disabled box) is labelled here. */
      var text = box.getAttribute("aria-labelledby") ? document.getElementById(box.getAttribute("aria-labelledby")) : null;
      if (!text) {
        text = document.createElement("span");
        text.id = "checklist-item-" + (k + 1);
        text.className = "checklist-item__text";
        /* The item's own words (not a nested list) name the box. */
        while (box.nextSibling && !/^(UL|OL)$/.test(box.nextSibling.nodeName)) { text.appendChild(box.nextSibling); }
        li.insertBefore(text, box.nextSibling);
        li.classList.add("checklist-item");
        box.id = "checklist-box-" + (k + 1);
        box.setAttribute("aria-labelledby", text.id);
      }
      box.disabled = false;
      box.removeAttribute("disabled");
      if (saved.length === boxes.length) { box.checked = saved.charAt(k) === "1"; }
      box.addEventListener("change", save);
      text.addEventListener("click", function (ev) {
        if (ev.target.closest("a, button, input")) { return; }
        box.checked = !box.checked;
        save();
      });
    });
    clear.addEventListener("click", function () { boxes.forEach(function (b) { b.checked = false; }); save(); boxes[0].focus(); });
    count();
  }

  /* Glossary index: filter the terms as you type. */
  function glossaryFilter() {
    var box = document.querySelector("[data-glossary-filter]");
    if (!box) { return; }
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var items = Array.prototype.slice.call(document.querySelectorAll(".glossary__item"));
    var letters = Array.prototype.slice.call(document.querySelectorAll(".glossary__letter"));
    box.hidden = false;
    function norm(t) { return (t || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
    var texts = items.map(function (it) { var dt = it.querySelector("dt"); return norm(dt ? dt.textContent : it.textContent); });
    function run() {
      var q = norm(input.value.trim());
      var n = 0;
      items.forEach(function (it, k) { var show = !q || texts[k].indexOf(q) !== -1; it.hidden = !show; if (show) { n += 1; } });
      letters.forEach(function (sec) {
        var any = !!sec.querySelector(".glossary__item:not([hidden])");
        sec.hidden = !any;
        var link = document.querySelector('.letters a[href="#' + (sec.querySelector("h2") || {}).id + '"]');
        if (link) { link.parentNode.hidden = !any; }
      });
      status.textContent = !q ? "" : n ? T("js_glossary_count", "{n} of {total} terms shown.", { n: n, total: items.length }) : T("js_glossary_none", "No term matches “{query}”.", { query: input.value.trim() });
    }
    input.addEventListener("input", run);
    run();
  }

  function init() { quizzes(); pathProgress(); checklists(); glossaryFilter(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
