/* Tabs (`:::tabs` in markdown), loaded only by pages that have them. Without this file
   every panel shows under its label. With it, each group becomes the WAI-ARIA tabs
   pattern: a tablist of buttons (role=tab, aria-selected, aria-controls, one tab in the
   Tab order), panels with role=tabpanel; Left/Right (mirrored on right-to-left pages),
   Home and End move between tabs, Enter, Space or a click chooses one. Groups with one
   sync key (`:::tabs sync=os`) switch together, and the choice is remembered for the
   next page and followed by the site's pages open in other browser tabs (the `storage`
   event). A link to something inside a panel opens that panel. */
(function () {
  "use strict";
  var P = window.primer || {};
  var store = P.store || { get: function () { return null; }, set: function () {} };
  var KEY = "primer:tabs:";
  var groups = [];

  function select(g, i) {
    g.tabs.forEach(function (t, k) {
      var on = k === i;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      g.panels[k].hidden = !on;
    });
  }

  function choose(g, i) {
    select(g, i);
    if (!g.sync) { return; }
    store.set(KEY + g.sync, g.labels[i]);
    follow(g.sync, g.labels[i], g);
  }

  /* Every other group of the sync key that has the label shows it. */
  function follow(sync, label, except) {
    groups.forEach(function (o) {
      var k = o.labels.indexOf(label);
      if (o !== except && o.sync === sync && k >= 0) { select(o, k); }
    });
  }

  function build(root) {
    var panels = Array.prototype.filter.call(root.children, function (c) { return c.classList.contains("tabs__panel"); });
    if (!panels.length) { return; }
    var list = document.createElement("div");
    list.className = "tabs__list";
    list.setAttribute("role", "tablist");
    var g = { sync: root.getAttribute("data-sync"), tabs: [], panels: panels, labels: [] };
    panels.forEach(function (panel, k) {
      var label = panel.querySelector(".tabs__label");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tabs__tab";
      tab.id = panel.id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      if (label) { tab.innerHTML = label.innerHTML; } else { tab.textContent = String(k + 1); }
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      tab.addEventListener("click", function () { choose(g, k); });
      g.tabs.push(tab);
      g.labels.push(tab.textContent.trim());
      list.appendChild(tab);
    });
    list.addEventListener("keydown", function (e) {
      var i = g.tabs.indexOf(document.activeElement);
      if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) { return; }
      var rtl = window.getComputedStyle(list).direction === "rtl";
      var n = g.tabs.length;
      var to = { ArrowRight: rtl ? i - 1 : i + 1, ArrowLeft: rtl ? i + 1 : i - 1, Home: 0, End: n - 1 }[e.key];
      if (to === undefined) { return; }
      e.preventDefault();
      g.tabs[(to + n) % n].focus();
    });
    root.insertBefore(list, panels[0]);
    root.classList.add("tabs--js");
    var saved = g.sync ? store.get(KEY + g.sync) : null;
    groups.push(g);
    select(g, Math.max(0, saved === null ? 0 : g.labels.indexOf(saved)));
  }

  /* The panel holding the element the URL's fragment names is shown. */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    var opened = false;
    groups.forEach(function (g) {
      g.panels.forEach(function (p, k) { if (p.contains(el) && p.hidden) { select(g, k); opened = true; } });
    });
    if (opened) { el.scrollIntoView(); }
  }

  document.querySelectorAll("[data-tabs]").forEach(build);
  if (location.hash) { openTarget(); }
  window.addEventListener("hashchange", openTarget);
  /* A choice made on another page of the site, open in another browser tab. */
  window.addEventListener("storage", function (e) {
    if (e.key && e.key.indexOf(KEY) === 0 && e.newValue !== null) { follow(e.key.slice(KEY.length), e.newValue, null); }
  });
})();
