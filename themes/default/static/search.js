/* primer search: header combobox and /search/ page on top of Pagefind's JS API (pagefind.js).
   Progressive enhancement: without this file the header form submits to the search page.
   Safety: every element is built with DOM methods and textContent. The only HTML ever parsed
   is Pagefind's excerpt (escaped page text plus <mark>), and it is parsed in an inert
   <template> and copied node by node, keeping only text and <mark>. Titles, page text, filter
   values and the query are never inserted as HTML. Nothing is fetched from another origin. */
(function () {
  "use strict";

  var DROPDOWN_MAX = 8;       /* options in the header listbox */
  var PAGE_SIZE = 20;         /* results rendered per "Show more" on the search page */
  var DEBOUNCE_MS = 150;
  var EXCERPT_WORDS = 24;
  var DEFAULT_FILTERS = ["audiences", "sdgs", "domains", "organizations", "section"];
  var FILTER_LABELS = {
    audiences: "Audience", sdgs: "SDG", domains: "Domain", organizations: "Organization", section: "Section", tags: "Tags",
    audience: "Audience", sdg: "SDG", domain: "Domain"
  };

  /* ------------------------------------------------------------------ small helpers */

  /* The page language's words (script#primer-strings). */
  var S = {};
  try { S = JSON.parse(document.getElementById("primer-strings").textContent); } catch (e) {}
  function T(k, e, a) { var s = S[k] || e; for (var n in a) s = s.split("{" + n + "}").join(a[n]); return s; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function plural(n) { return n === 1 ? T("js_result_one", "{n} result", { n: n }) : T("js_result_many", "{n} results", { n: n }); }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  /* Copy Pagefind's excerpt into `parent`, keeping only text nodes and <mark> elements.
     Anything else (which Pagefind does not produce: it escapes < and > in page text) is
     dropped with its content. <template> content is inert: nothing in it runs or loads. */
  function appendExcerpt(parent, html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = typeof html === "string" ? html : "";
    copySafe(tpl.content, parent);
  }
  function copySafe(from, to) {
    for (var n = from.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        to.appendChild(document.createTextNode(n.nodeValue));
      } else if (n.nodeType === 1 && n.localName === "mark") {
        var mark = document.createElement("mark");
        copySafe(n, mark);
        to.appendChild(mark);
      }
    }
  }

  /* ------------------------------------------------------------------ site paths */

  /* `data-pagefind-path` is "{root}pagefind/" where {root} is how this page reaches the site
     root ("../../" or "/sub/"). Returns { bundle: absolute URL of the bundle dir, root }. */
  function sitePaths(node) {
    var path = node.getAttribute("data-pagefind-path") || "pagefind/";
    if (path.charAt(path.length - 1) !== "/") { path += "/"; }
    var bundle = new URL(path, document.baseURI);
    var root = node.getAttribute("data-root");
    if (root === null) {
      root = /pagefind\/$/.test(path) ? path.slice(0, -"pagefind/".length) : new URL("../", bundle).pathname;
    }
    return { bundle: bundle, root: root };
  }

  /* Pagefind returns URLs as they were indexed: site-absolute ("/glossary/ledger/#history").
     Make them relative to this page through {root}; refuse anything that would leave the site. */
  function siteHref(root, url) {
    if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/" || url.indexOf("\\") !== -1) {
      return null;
    }
    var href = root + url.slice(1);
    try {
      if (new URL(href, document.baseURI).origin !== window.location.origin) { return null; }
    } catch (e) { return null; }
    return href;
  }

  /* ------------------------------------------------------------------ loading Pagefind */

  var loaders = {};

  function pickPrimary(languages, pageLang) {
    /* the index pagefind.js itself picks: exact lang, base lang, else the largest */
    var base = pageLang.split("-")[0];
    if (languages[pageLang]) { return pageLang; }
    if (languages[base]) { return base; }
    return Object.keys(languages).sort(function (a, b) {
      return languages[b].page_count - languages[a].page_count;
    })[0];
  }

  /* A query that is a glossary term or alias (in any case) puts its entry first: the
     knowledge base's own definition is the best answer to its own term, in every language
     (ranking alone buries it under long pages that repeat the word). Glossary pages carry
     their names, lower-cased, in the hidden "term" filter. */
  async function termFirst(pagefind, query, results) {
    if (!query) { return results; }
    var hit = await pagefind.search(null, { filters: { term: query.toLowerCase() } });
    if (!hit || !hit.results.length) { return results; }
    var first = hit.results[0];
    return [first].concat(results.filter(function (r) { return r.id !== first.id; }));
  }

  function loadPagefind(bundle) {
    var key = bundle.href;
    if (!loaders[key]) {
      loaders[key] = (async function () {
        if (bundle.origin !== window.location.origin) {
          throw new Error("the search index must be on this site");
        }
        var pagefind = await import(new URL("pagefind.js", bundle).href);
        /* baseUrl "/": results keep the URLs we indexed; we add {root} ourselves, which
           works whatever sub-path the site is served from. */
        var opts = { basePath: bundle.pathname, baseUrl: "/", excerptLength: EXCERPT_WORDS };
        await pagefind.options(opts);
        /* Pagefind keeps one index per page language and, by default, searches only the
           current page's. Merge the others so every page is findable from every page.
           ("./" because pagefind skips a merge whose path is a prefix of its own.)
           A multilingual site (it has a language switcher) keeps to the reader's language. */
        if (document.querySelector(".lang-switch")) { return pagefind; }
        try {
          var resp = await fetch(new URL("pagefind-entry.json", bundle).href, { cache: "no-cache" });
          var entry = await resp.json();
          var languages = entry.languages || {};
          var pageLang = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
          var primary = pickPrimary(languages, pageLang);
          var others = Object.keys(languages).filter(function (l) { return l !== primary; });
          for (var i = 0; i < others.length; i++) {
            await pagefind.mergeIndex(bundle.pathname + "./", {
              language: others[i], baseUrl: "/", excerptLength: EXCERPT_WORDS
            });
          }
        } catch (e) { /* searching the page language alone still works */ }
        return pagefind;
      })();
      loaders[key].catch(function () { delete loaders[key]; });
    }
    return loaders[key];
  }

  /* Pagefind, when a word of the query is in no page, falls back to shorter and shorter
     prefixes of it ("nothingmatcheszzz" finds "nothing", even "n"): such hits are not
     matches, and a query that has only those finds nothing. The words checked are the
     query's Latin-script words of four letters or more (CJK text is segmented, not
     prefixed); a highlighted word matches one when it starts with it, or shares all but
     a short ending with it (the stemmer's: "contract" for "contracts"). */
  function checkedWords(query) {
    return (fold(query).match(/[a-z0-9]+/g) || []).filter(function (w) { return w.length >= 4 && !/^\d+$/.test(w); });
  }
  function fold(t) { return (t || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  function wordMatches(m, w) {
    if (m.indexOf(w) === 0) { return true; }
    var k = 0;
    while (k < m.length && k < w.length && m.charAt(k) === w.charAt(k)) { k += 1; }
    return k >= 4 && w.length - k <= 3;
  }
  /* Whether a result is only a prefix fallback for the query's checked words. */
  function isLoose(data, words) {
    if (!words.length) { return false; }
    var marks = [];
    [data.excerpt].concat((data.sub_results || []).map(function (s) { return s.excerpt; })).forEach(function (ex) {
      var re = /<mark>([\s\S]*?)<\/mark>/g, m;
      while ((m = re.exec(ex || ""))) { marks.push(fold(m[1]).replace(/[^a-z0-9\u0080-\uffff]+/g, "")); }
    });
    if (!marks.length) { return false; }
    return !marks.some(function (m) { return words.some(function (w) { return wordMatches(m, w); }); });
  }

  /* Each result's data for a query, loaded once whoever asks (the header list and the
     search page run their own searches: the same page for the same query is one load). */
  var fetched = new Map();
  function dataOf(result, query) {
    var key = query + "\u0000" + result.id;
    if (!fetched.has(key)) {
      var p = result.data();
      fetched.set(key, p);
      p.catch(function () { fetched.delete(key); });
    }
    return fetched.get(key);
  }

  /* The query's words for "holds every word": all of them, of two characters or more. */
  function queryWords(q) {
    return (q || "").toLowerCase().split(/[\s"'“”‘’.,;:!?()[\]{}\/-]+/).filter(function (w) { return w.length > 1; });
  }
  /* The page's title or text holds every word (or the word less a plural or verb ending). */
  function holdsAll(data, words) {
    var text = (((data.meta && data.meta.title) || "") + " " + (data.content || "")).toLowerCase();
    return words.every(function (w) { return text.indexOf(w.length > 6 ? w.slice(0, w.length - 3) : w) !== -1; });
  }

  /* The one check for Pagefind's loose matches, over `results` with their data (each
     loaded once): which results are only prefix fallbacks (`loose`, by index: see
     isLoose), whether all of them are (`none`: nothing matches, "No results"), and
     whether, some matching, none of the first five holds every word of the query
     (`similar`: "No page contains …; these pages have similar words"). */
  async function check(results, query) {
    var words = checkedWords(query);
    var all = queryWords(query);
    var data = await Promise.all(results.map(function (r) { return dataOf(r, query || ""); }));
    var loose = data.map(function (d) { return isLoose(d, words); });
    var none = data.length > 0 && loose.every(Boolean);
    var whole = !all.length || data.slice(0, 5).some(function (d) { return holdsAll(d, all); });
    return { data: data, loose: loose, none: none, similar: data.length > 0 && !none && !whole };
  }

  /* The results to show of `results` (their check `c`): each resolved to what we display
     (see describe), loose matches and results outside the site left out. */
  function shownOf(results, c, root) {
    return results.map(function (r, i) { return c.loose[i] ? null : describe(c.data[i], root); })
      .filter(function (d) { return d; });
  }

  /* Resolve a Pagefind result's data to what we display: the best-matching heading
     (sub-result) when there is one, else the page. */
  function describe(data, root) {
    var title = (data.meta && data.meta.title) || data.url;
    var best = null;
    var bestScore = -1;
    (data.sub_results || []).forEach(function (sub) {
      var score = 0;
      (sub.weighted_locations || []).forEach(function (w) { score += w.balanced_score || w.weight || 0; });
      if (score > bestScore) { best = sub; bestScore = score; }
    });
    var url = best && best.url ? best.url : data.url;
    var href = siteHref(root, url);
    if (href === null) { return null; }
    var heading = best && best.url && best.url.indexOf("#") !== -1 && best.title && best.title !== title ? best.title : "";
    var section = data.filters && data.filters.section && data.filters.section.length ? data.filters.section[0] : "";
    return {
      href: href,
      title: title,
      heading: heading,
      section: section,
      excerpt: best && best.excerpt ? best.excerpt : data.excerpt
    };
  }

  function renderParts(container, item, titleTag) {
    var t = el(titleTag, "search-result__title");
    t.appendChild(el("span", null, item.title));
    if (item.heading) {
      t.appendChild(el("span", "search-result__heading", " › " + item.heading));
    }
    container.appendChild(t);
    if (item.section) { container.appendChild(el("span", "search-result__section", item.section)); }
    var ex = el("span", "search-result__excerpt");
    appendExcerpt(ex, item.excerpt);
    container.appendChild(ex);
  }

  /* ------------------------------------------------------------------ header combobox */

  function setupCombobox(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("[role=listbox]");
    if (!input || !list) { return null; }
    var paths = sitePaths(form);
    var live = el("div", "visually-hidden");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    form.appendChild(live);
    var listId = list.id || "site-search-results";
    list.id = listId;
    var options = [];
    var active = -1;
    var seq = 0;

    function setActive(i) {
      if (active >= 0 && options[active]) {
        options[active].classList.remove("is-active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = i;
      if (i >= 0 && options[i]) {
        options[i].classList.add("is-active");
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      seq++;
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function addOption(node) {
      node.id = listId + "-opt-" + options.length;
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      options.push(node);
      list.appendChild(node);
    }

    function render(items, total, query) {
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      items.forEach(function (item) {
        /* an option holds no link (no nested interactive element); it navigates on click/Enter */
        var li = el("li", "site-search__option search-result");
        li.setAttribute("data-href", item.href);
        renderParts(li, item, "span");
        li.addEventListener("click", function () { window.location.href = item.href; });
        addOption(li);
      });
      if (total === 0) {
        var none = el("li", "site-search__empty", T("js_no_results_for", "No results for “{query}”", { query: query }));
        none.setAttribute("role", "presentation");
        list.appendChild(none);
        /* …and the way on: the glossary explains the site's terms. */
        var glossary = form.getAttribute("data-glossary");
        if (glossary) {
          var g = el("li", "site-search__option site-search__glossary", T("js_browse_glossary", "Browse the glossary"));
          g.setAttribute("data-href", glossary);
          g.addEventListener("click", function () { window.location.href = glossary; });
          addOption(g);
        }
      }
      /* (more than shown: Enter without a chosen option opens the search page with all) */
      live.textContent = total === 0 ? T("js_no_results", "No results") : plural(total);
      /* which query the list shows (lets scripts and tests tell stale results from current ones) */
      list.setAttribute("data-query", query);
      open();
    }

    var run = debounce(async function (query) {
      var mine = ++seq;
      if (!query) { close(); live.textContent = ""; return; }
      try {
        var pagefind = await loadPagefind(paths.bundle);
        var search = await pagefind.search(query);
        var results = await termFirst(pagefind, query, search.results);
        if (mine !== seq) { return; }
        var head = results.slice(0, DROPDOWN_MAX);
        var c = await check(head, query);
        if (mine !== seq) { return; }
        var shown = shownOf(head, c, paths.root);
        /* Only prefix fallbacks among the best: nothing matches. */
        render(shown, shown.length ? results.length : 0, query);
      } catch (e) {
        if (mine !== seq) { return; }
        list.textContent = "";
        options = [];
        list.appendChild(el("li", "site-search__empty", T("js_unavailable", "Search is unavailable right now.")));
        live.textContent = T("js_unavailable_short", "Search is unavailable");
        open();
      }
    }, DEBOUNCE_MS);

    /* while an IME (Chinese, Japanese…) is composing, wait for the composed text */
    input.addEventListener("input", function (e) { if (!e.isComposing) { run(input.value.trim()); } });
    input.addEventListener("compositionend", function () { run(input.value.trim()); });
    input.addEventListener("focus", function () {
      if (input.value.trim() && list.childNodes.length) { open(); }
      loadPagefind(paths.bundle).catch(function () { /* reported on first search */ });
    });
    input.addEventListener("keydown", function (e) {
      if (e.isComposing || e.keyCode === 229) { return; } /* IME (e.g. Chinese) composing */
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) {
          if (options.length) { open(); } else { return; }
        }
        e.preventDefault();
        if (!options.length) { return; }
        var next = e.key === "ArrowDown" ? active + 1 : active - 1;
        if (next >= options.length) { next = 0; }
        if (next < -1) { next = options.length - 1; }
        setActive(next);
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0 && options[active]) {
          e.preventDefault();
          var href = options[active].getAttribute("data-href");
          if (href) { window.location.href = href; }
        } /* else: the form submits to the search page */
      } else if (e.key === "Escape") {
        if (!list.hidden) {
          e.preventDefault();
          close();
        }
      }
    });
    /* keep focus in the input while choosing with the pointer */
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    document.addEventListener("pointerdown", function (e) {
      if (!form.contains(e.target)) { close(); }
    });
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) { close(); }
    });
    /* this script may be loaded on demand, after the reader started typing */
    if (document.activeElement === input) {
      loadPagefind(paths.bundle).catch(function () { /* reported on first search */ });
      if (input.value.trim()) { run(input.value.trim()); }
    }
    return input;
  }

  /* ------------------------------------------------------------------ search page */

  function setupSearchPage(box) {
    var paths = sitePaths(box);
    var form = document.querySelector("form.search-page__form") ||
      document.querySelector("form[data-search-page-form]");
    var input = form ? form.querySelector("input[name=q]") : null;
    var keys = (box.getAttribute("data-search-filters") || DEFAULT_FILTERS.join(","))
      .split(",").map(function (k) { return k.trim(); }).filter(Boolean);
    var params = new URLSearchParams(window.location.search);
    var state = { q: (params.get("q") || "").trim(), filters: {} };
    keys.forEach(function (k) {
      var v = params.getAll(k).filter(Boolean);
      if (v.length) { state.filters[k] = v; }
    });
    if (input) { input.value = state.q; }
    var narrow = window.matchMedia && window.matchMedia("(max-width: 47.99rem)").matches;

    var status = el("p", "search-page__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var layout = el("div", "search-page__layout");
    /* filters fold away on narrow screens so results stay near the top */
    var filterDetails = el("details", "search-page__filters");
    var filterSummary = el("summary", null, T("js_filters", "Filters"));
    var filterBox = el("div", "search-page__filter-groups");
    filterDetails.appendChild(filterSummary);
    filterDetails.appendChild(filterBox);
    var resultsBox = el("div", "search-page__results");
    var list = el("ol", "search-page__list");
    var moreButton = el("button", "button search-page__more", T("js_show_more", "Show more results"));
    moreButton.type = "button";
    moreButton.hidden = true;
    resultsBox.appendChild(list);
    resultsBox.appendChild(moreButton);
    /* Wide screens: the results first (in reading and Tab order), the filters beside
       them. Narrow ones: the folded "Filters" (one Tab stop) above the results. */
    if (narrow) { layout.appendChild(filterDetails); }
    layout.appendChild(resultsBox);
    if (!narrow) { layout.appendChild(filterDetails); }
    /* A query that finds nothing says so and points to the glossary (data-glossary). */
    var help = el("p", "search-page__help");
    help.hidden = true;
    var glossaryHref = box.getAttribute("data-glossary");
    help.appendChild(document.createTextNode(T("js_no_results_help", "Check the spelling or try other words; terms are explained in the") + " "));
    if (glossaryHref) {
      var gl = el("a", null, T("js_glossary", "glossary"));
      gl.href = glossaryHref;
      help.appendChild(gl);
    } else {
      help.appendChild(document.createTextNode(T("js_glossary", "glossary")));
    }
    help.appendChild(document.createTextNode(T("js_full_stop", ".")));
    box.textContent = "";
    box.appendChild(status);
    box.appendChild(help);
    box.appendChild(layout);

    var seq = 0;
    var pending = [];
    var allFilters = null;

    function writeUrl() {
      var p = new URLSearchParams();
      if (state.q) { p.set("q", state.q); }
      keys.forEach(function (k) { (state.filters[k] || []).forEach(function (v) { p.append(k, v); }); });
      var qs = p.toString();
      window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash);
    }

    function pagefindFilters() {
      /* within one group any checked value matches; groups combine with AND */
      var f = {};
      keys.forEach(function (k) {
        if (state.filters[k] && state.filters[k].length) { f[k] = { any: state.filters[k].slice() }; }
      });
      return f;
    }

    /* Closed taxonomies keep the site's order (SDGs by number; data-filter-order). */
    var order = {};
    try { order = JSON.parse(box.getAttribute("data-filter-order") || "{}"); } catch (e) { order = {}; }
    function sortValues(key, values) {
      var known = order[key] || [];
      return values.sort(function (a, b) {
        var ia = known.indexOf(a), ib = known.indexOf(b);
        if (ia !== -1 || ib !== -1) { return (ia === -1 ? known.length : ia) - (ib === -1 ? known.length : ib) || a.localeCompare(b); }
        var na = Number(a), nb = Number(b);
        if (!isNaN(na) && !isNaN(nb)) { return na - nb; }
        return a.localeCompare(b);
      });
    }

    /* The filters with their counts for the query: values that match nothing are left out
       (unless chosen), and so is the panel when nothing matches (`none`). */
    function renderFilters(counts, none) {
      filterBox.textContent = "";
      if (!allFilters) { return; }
      if (!filterDetails.hasAttribute("data-init")) {
        filterDetails.setAttribute("data-init", "");
        filterDetails.open = !narrow || Object.keys(state.filters).length > 0;
      }
      var selected = 0;
      keys.forEach(function (k) { selected += (state.filters[k] || []).length; });
      filterSummary.textContent = selected ? T("js_filters_selected", "Filters ({n} selected)", { n: selected }) : T("js_filters", "Filters");
      keys.forEach(function (key) {
        var chosen = state.filters[key] || [];
        var values = Object.keys(allFilters[key] || {}).filter(function (v) {
          return chosen.indexOf(v) !== -1 || (!none && !(counts && counts[key] && !counts[key][v]));
        });
        chosen.forEach(function (v) { if (values.indexOf(v) === -1) { values.push(v); } });
        if (!values.length) { return; }
        var compact = values.every(function (v) { return v.length <= 3; }); /* e.g. SDG numbers */
        var fs = el("fieldset", compact ? "search-filter search-filter--compact" : "search-filter");
        fs.appendChild(el("legend", null, T("js_filter_" + key, FILTER_LABELS[key] || key.charAt(0).toUpperCase() + key.slice(1))));
        sortValues(key, values).forEach(function (value, i) {
          var id = "search-filter-" + key + "-" + i;
          var wrap = el("div", "search-filter__option");
          var cb = el("input");
          cb.type = "checkbox";
          cb.id = id;
          cb.name = key;
          cb.value = value;
          cb.checked = (state.filters[key] || []).indexOf(value) !== -1;
          cb.addEventListener("change", function () {
            var cur = state.filters[key] || [];
            if (cb.checked) { if (cur.indexOf(value) === -1) { cur.push(value); } }
            else { cur = cur.filter(function (v) { return v !== value; }); }
            if (cur.length) { state.filters[key] = cur; } else { delete state.filters[key]; }
            writeUrl();
            runSearch();
          });
          var label = el("label", null, value);
          label.htmlFor = id;
          var n = none ? 0 : counts && counts[key] && counts[key][value] !== undefined ? counts[key][value] : null;
          if (n !== null) { label.appendChild(el("span", "search-filter__count", " (" + n + ")")); }
          wrap.appendChild(cb);
          wrap.appendChild(label);
          fs.appendChild(wrap);
        });
        filterBox.appendChild(fs);
      });
      filterDetails.hidden = !filterBox.children.length;
    }

    async function showMore(mine) {
      var batch = pending.splice(0, PAGE_SIZE);
      moreButton.hidden = true;
      var c = await check(batch, state.q);
      if (mine !== seq) { return; }
      shownOf(batch, c, paths.root).forEach(function (item) {
        var li = el("li", "search-result search-page__item");
        var h = el("h2", "search-result__title");
        var a = el("a", null, item.title);
        a.href = item.href;
        h.appendChild(a);
        if (item.heading) { h.appendChild(el("span", "search-result__heading", " › " + item.heading)); }
        li.appendChild(h);
        if (item.section) { li.appendChild(el("p", "search-result__section", item.section)); }
        var ex = el("p", "search-result__excerpt");
        appendExcerpt(ex, item.excerpt);
        li.appendChild(ex);
        list.appendChild(li);
      });
      moreButton.hidden = pending.length === 0;
    }
    moreButton.addEventListener("click", function () {
      var first = list.children.length;
      showMore(seq).then(function () {
        var next = list.children[first];
        var link = next && next.querySelector("a");
        if (link) { link.focus(); }
      });
    });

    async function runSearch() {
      var mine = ++seq;
      var hasFilters = Object.keys(state.filters).length > 0;
      try {
        var pagefind = await loadPagefind(paths.bundle);
        if (!allFilters) { allFilters = await pagefind.filters(); }
        if (!state.q && !hasFilters) {
          if (mine !== seq) { return; }
          list.textContent = "";
          pending = [];
          moreButton.hidden = true;
          help.hidden = true;
          status.textContent = T("js_type_to_search", "Type a word or phrase to search, or choose a filter.");
          renderFilters(allFilters);
          return;
        }
        status.textContent = T("js_searching", "Searching…");
        var search = await pagefind.search(state.q || null, { filters: pagefindFilters() });
        if (mine !== seq) { return; }
        list.textContent = "";
        pending = hasFilters ? search.results.slice() : await termFirst(pagefind, state.q, search.results);
        if (mine !== seq) { return; }
        /* The first page of results, checked once: only prefix fallbacks means nothing
           matches; matches none of which holds every word are similar words. */
        var c = state.q && pending.length ? await check(pending.slice(0, PAGE_SIZE), state.q) : null;
        if (mine !== seq) { return; }
        if (c && c.none) { pending = []; }
        var n = pending.length;
        var loose = n > 0 && !!c && c.similar;
        var text = n === 0 ? T("js_no_results", "No results") : plural(n);
        if (state.q) { text += T("js_for_query", " for “{query}”", { query: state.q }); }
        if (hasFilters) { text += T("js_filtered", " (filtered)"); }
        text += T("js_full_stop", ".");
        if (loose) { text = T("js_no_exact", "No page contains “{query}”; these pages have similar words.", { query: state.q }); }
        status.textContent = text;
        help.hidden = !((n === 0 || loose) && state.q);
        renderFilters(state.q ? search.totalFilters : allFilters, n === 0);
        await showMore(mine);
        if (mine === seq) { box.setAttribute("data-query", state.q); }
      } catch (e) {
        if (mine !== seq) { return; }
        status.textContent = "Search is unavailable right now" +
          (window.location.protocol === "file:" ? ": it needs the site to be served over HTTP." : ".");
      }
    }

    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        state.q = input ? input.value.trim() : "";
        writeUrl();
        runSearch();
      });
      if (input) {
        var live = debounce(function () {
          var q = input.value.trim();
          if (q === state.q) { return; }
          state.q = q;
          writeUrl();
          runSearch();
        }, DEBOUNCE_MS * 2);
        input.addEventListener("input", function (e) { if (!e.isComposing) { live(); } });
        input.addEventListener("compositionend", live);
      }
    }
    runSearch();
    return input;
  }

  /* ------------------------------------------------------------------ keyboard shortcut */

  function isTypingTarget(t) {
    if (!t || !t.tagName) { return false; }
    var tag = t.tagName.toLowerCase();
    if (tag === "input") {
      return !/^(checkbox|radio|button|submit|reset|range|color|file|image)$/i.test(t.type || "");
    }
    return tag === "textarea" || tag === "select" || t.isContentEditable;
  }

  function init() {
    var headerInput = null;
    var forms = document.querySelectorAll("form[data-search]");
    for (var i = 0; i < forms.length; i++) {
      var inp = setupCombobox(forms[i]);
      if (!headerInput) { headerInput = inp; }
    }
    var pageInput = null;
    var box = document.querySelector("[data-search-page]");
    if (box) { pageInput = setupSearchPage(box); }
    var target = pageInput || headerInput;
    if (!target) { return; }
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.isComposing) { return; }
      var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey;
      var ctrlK = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
      if (!slash && !ctrlK) { return; }
      if (isTypingTarget(e.target)) { return; }
      e.preventDefault();
      target.focus();
      target.select();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
