/*
 * primer decision trees: progressive enhancement.
 *
 * Without JavaScript a tree is a set of <section class="tree-node"> elements and
 * answers are links to #{prefix}-{node}; CSS :target shows one node at a time.
 * This script turns every [data-tree] into a one-question-at-a-time wizard:
 *
 * - the path of answers lives in the URL hash as  #{prefix}={node}.{answer},…
 *   e.g. #tree-x=shared-data.0,mutual-trust.1  (answer indexes are 0-based), so
 *   a result can be bookmarked and shared and Back/Forward work (hashchange);
 * - anything that does not replay exactly from the start node (unknown ids,
 *   indexes out of range, crafted text) falls back to the start node;
 * - all data comes from the tree's own DOM into a Map; text is only ever set
 *   with textContent, never innerHTML; no page globals are read or written;
 * - the overview diagram (an <img> of tree.svg in a <details>) is fetched and
 *   inlined the first time the <details> opens, so the route can be marked on it
 *   (answered questions, chosen answers, the current node) as the wizard moves, and
 *   it follows the theme switch; pages stay light (nothing loads until it opens),
 *   and where the fetch fails (a copy opened from disk) the <img> stays.
 */
(function () {
  'use strict';

  var ID_RE = /^[a-z0-9-]+$/;
  var STEP_RE = /^([a-z0-9-]+)\.(\d{1,4})$/;
  var MAX_HASH = 20000;
  var S = {};
  try { S = JSON.parse(document.getElementById("primer-strings").textContent); } catch (e) {}
  function T(k, e, a) { var s = S[k] || e; for (var n in a) s = s.split('{' + n + '}').join(a[n]); return s; }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function textOf(node) {
    return node ? (node.textContent || '').replace(/\s+/g, ' ').trim() : '';
  }

  /* Read one tree from its DOM. Returns null when it cannot be enhanced. */
  function readTree(root) {
    var prefix = root.id;
    var start = root.getAttribute('data-start');
    if (!prefix || !start || !ID_RE.test(start)) return null;
    var nodes = new Map();
    var sections = root.querySelectorAll('section.tree-node[data-node]');
    for (var i = 0; i < sections.length; i++) {
      var section = sections[i];
      if (section.closest('[data-tree]') !== root) continue;
      var id = section.getAttribute('data-node');
      if (!ID_RE.test(id) || nodes.has(id)) continue;
      var heading = section.querySelector('.tree-heading') || section.querySelector('h3');
      if (!heading) continue;
      var outcome = section.classList.contains('tree-outcome');
      var answers = [];
      if (!outcome) {
        var links = section.querySelectorAll('a.tree-answer[data-next]');
        for (var j = 0; j < links.length; j++) {
          answers.push({ el: links[j], next: links[j].getAttribute('data-next'), label: textOf(links[j]) });
        }
      }
      nodes.set(id, {
        id: id,
        el: section,
        heading: heading,
        outcome: outcome,
        answers: answers,
        text: textOf(heading),
        kind: textOf(section.querySelector('.tree-kind'))
      });
    }
    if (!nodes.has(start)) return null;
    // Drop answers that lead nowhere (the build checks this; be defensive anyway).
    nodes.forEach(function (node) {
      node.answers = node.answers.filter(function (a) {
        return ID_RE.test(a.next) && nodes.has(a.next);
      });
    });
    return { root: root, prefix: prefix, start: start, nodes: nodes, current: null };
  }

  function hashFor(tree, path) {
    return '#' + encodeURIComponent(tree.prefix) + '=' +
      path.map(function (s) { return s.id + '.' + s.idx; }).join(',');
  }

  function fresh(tree) {
    return { path: [], current: tree.start };
  }

  /* Replay a path string from the start node; any mismatch means "start". */
  function replay(tree, raw) {
    if (raw === '') return fresh(tree);
    if (raw.length > MAX_HASH) return fresh(tree);
    var steps = raw.split(',');
    if (steps.length > tree.nodes.size) return fresh(tree);
    var cur = tree.start;
    var path = [];
    for (var i = 0; i < steps.length; i++) {
      var m = STEP_RE.exec(steps[i]);
      if (!m || m[1] !== cur) return fresh(tree);
      var node = tree.nodes.get(cur);
      var idx = Number(m[2]);
      if (!node || node.outcome || !(idx < node.answers.length)) return fresh(tree);
      path.push({ id: cur, idx: idx });
      cur = node.answers[idx].next;
      if (!tree.nodes.has(cur)) return fresh(tree);
    }
    return { path: path, current: cur };
  }

  /* The state in `hash` for this tree, or null when the hash is about something else.
     A node's own anchor (#{prefix}-{node}, the links without JavaScript) stands for the
     one route that reaches it (data-route), when only one does. */
  function stateFromHash(tree, hash) {
    var raw = hash.charAt(0) === '#' ? hash.slice(1) : hash;
    if (raw === '') return fresh(tree);
    var anchor = encodeURIComponent(tree.prefix) + '-';
    if (raw.slice(0, anchor.length) === anchor) {
      var target = tree.nodes.get(raw.slice(anchor.length));
      var route = target && target.el.getAttribute('data-route');
      if (route == null) return null;
      var st = replay(tree, route);
      return st.current === target.id ? st : null;
    }
    var head = encodeURIComponent(tree.prefix) + '=';
    if (raw.slice(0, head.length) !== head) return null;
    // Ours from here on: anything that does not decode and replay means "start".
    raw = raw.slice(head.length);
    if (raw.length > MAX_HASH) return fresh(tree);
    try {
      raw = decodeURIComponent(raw);
    } catch (e) {
      return fresh(tree);
    }
    return replay(tree, raw);
  }

  function go(tree, path) {
    var h = hashFor(tree, path);
    if (window.location.hash === h) {
      show(tree, replay(tree, h.slice(h.indexOf('=') + 1)), true);
    } else {
      window.location.hash = h;
    }
  }

  function buildChrome(tree) {
    var root = tree.root;
    var first = root.querySelector('section.tree-node');

    var nav = el('nav', 'tree-trail');
    nav.setAttribute('aria-label', T('js_tree_answers', 'Your answers'));
    var ol = el('ol', 'tree-trail-list');
    nav.appendChild(ol);
    nav.hidden = true;
    root.insertBefore(nav, first);

    var bar = el('div', 'tree-toolbar');
    var restart = el('button', 'tree-button tree-button--restart', T('js_tree_restart', 'Restart'));
    restart.type = 'button';
    restart.addEventListener('click', function () { go(tree, []); });
    var print = el('button', 'tree-button tree-button--print', T('js_tree_print', 'Print summary'));
    print.type = 'button';
    print.addEventListener('click', function () {
      fillSummary(tree);
      window.print();
    });
    bar.appendChild(restart);
    bar.appendChild(print);
    root.appendChild(bar);

    var live = el('p', 'tree-live tree-visually-hidden');
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('aria-atomic', 'true');
    root.appendChild(live);

    var summary = el('section', 'tree-summary');
    var sumHeading = el('h3', 'tree-summary-title', T('js_tree_summary', 'Summary of your answers'));
    sumHeading.id = tree.prefix + '__summary';
    summary.setAttribute('aria-labelledby', sumHeading.id);
    summary.appendChild(sumHeading);
    var sumBody = el('div', 'tree-summary-body');
    summary.appendChild(sumBody);
    // Print-only (see tree.css); placed first so that it prints above the result.
    root.insertBefore(summary, first);

    tree.nav = nav;
    tree.trail = ol;
    tree.restart = restart;
    tree.print = print;
    tree.live = live;
    tree.summary = sumBody;

    var wrap = root.closest('.decision-tree');
    var overview = wrap && wrap.querySelector('details.tree-overview');
    if (overview) {
      tree.overview = overview;
      var load = function () { if (overview.open) loadOverview(tree); };
      overview.addEventListener('toggle', load);
      load();
    }

    tree.nodes.forEach(function (node) {
      if (!node.heading.hasAttribute('tabindex')) node.heading.setAttribute('tabindex', '-1');
      // With the script an answer is a button (it changes the tree in place): Space chooses it too.
      node.answers.forEach(function (a) {
        a.el.setAttribute('role', 'button');
        a.el.addEventListener('keydown', function (ev) {
          if (ev.key === ' ') { ev.preventDefault(); a.el.click(); }
        });
      });
      var again = node.el.querySelectorAll('a.tree-restart');
      for (var i = 0; i < again.length; i++) {
        again[i].setAttribute('href', hashFor(tree, []));
      }
      // Links on to a later question carry their whole state (the answers before it).
      var onward = node.el.querySelectorAll('a[data-tree-state]');
      for (var k = 0; k < onward.length; k++) {
        var st = replay(tree, onward[k].getAttribute('data-tree-state') || '');
        if (st.path.length) onward[k].setAttribute('href', hashFor(tree, st.path));
      }
    });
    root.classList.add('tree--js');
  }

  /* Fetch the overview's SVG once and put it in place of its <img>. */
  function loadOverview(tree) {
    if (tree.svgState) return;
    tree.svgState = 'loading';
    var img = tree.overview.querySelector('img');
    if (!img || !window.fetch || !window.DOMParser) return;
    var src = img.currentSrc || img.src;
    window.fetch(src, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      var svg = doc.documentElement;
      if (!svg || svg.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) return;
      // Our own file; still, nothing in it may run.
      var bad = svg.querySelectorAll('script, foreignObject, iframe');
      for (var i = 0; i < bad.length; i++) bad[i].parentNode.removeChild(bad[i]);
      var all = svg.querySelectorAll('*');
      for (var j = -1; j < all.length; j++) {
        var e = j < 0 ? svg : all[j];
        for (var k = e.attributes.length - 1; k >= 0; k--) {
          var name = e.attributes[k].name.toLowerCase();
          var val = e.attributes[k].value;
          if (name.slice(0, 2) === 'on' || (/href$/.test(name) && !/^#/.test(val))) e.removeAttribute(e.attributes[k].name);
        }
      }
      svg = document.importNode(svg, true);
      svg.setAttribute('focusable', 'false');
      var desc = svg.querySelector('desc');
      tree.svgDesc = desc ? desc.textContent : '';
      img.parentNode.replaceChild(svg, img);
      var legend = el('p', 'tree-overview__legend', T('js_tree_route_legend', 'Highlighted in the diagram: the answers you gave. Outlined: where you are now.'));
      tree.overview.appendChild(legend);
      tree.svg = svg;
      tree.svgState = 'done';
      markRoute(tree);
    }).catch(function () { tree.svgState = 'failed'; });
  }

  /* Mark the current route on the inlined diagram: the questions answered, the chosen
     answers' edges and labels, and the current node. */
  function markRoute(tree) {
    var svg = tree.svg;
    if (!svg || !tree.current) return;
    var st = tree.current;
    var marked = svg.querySelectorAll('.ts-route, .ts-here');
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove('ts-route', 'ts-here');
    var ring = svg.querySelector('.ts-ring');
    if (ring) ring.parentNode.removeChild(ring);
    var words = [];
    st.path.forEach(function (step) {
      var node = svg.querySelector('g.node[data-node="' + step.id + '"]');
      if (node) node.classList.add('ts-route');
      var sel = '[data-from="' + step.id + '"][data-answer="' + step.idx + '"]';
      var hits = svg.querySelectorAll('g.edge' + sel + ', g.edge-label' + sel);
      for (var k = 0; k < hits.length; k++) hits[k].classList.add('ts-route');
      var q = tree.nodes.get(step.id);
      words.push(q.text + ' (' + q.answers[step.idx].label + ')');
    });
    var here = svg.querySelector('g.node[data-node="' + st.current + '"]');
    if (here) {
      here.classList.add('ts-route', 'ts-here');
      var box = here.querySelector('rect');
      if (box) {
        var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
        var pad = 5;
        r.setAttribute('class', 'ts-ring');
        r.setAttribute('x', Number(box.getAttribute('x')) - pad);
        r.setAttribute('y', Number(box.getAttribute('y')) - pad);
        r.setAttribute('width', Number(box.getAttribute('width')) + 2 * pad);
        r.setAttribute('height', Number(box.getAttribute('height')) + 2 * pad);
        r.setAttribute('rx', '11');
        r.setAttribute('fill', 'none');
        here.insertBefore(r, here.firstChild.nextSibling);
      }
    }
    words.push(tree.nodes.get(st.current).text);
    var desc = svg.querySelector('desc');
    if (desc) {
      desc.textContent = tree.svgDesc + (st.path.length
        ? ' ' + T('js_tree_route', 'Your route: {route}', { route: words.join(document.documentElement.dir === 'rtl' ? ' ← ' : ' → ') })
        : '');
    }
  }

  function fillSummary(tree) {
    var st = tree.current;
    var body = tree.summary;
    clear(body);
    var title = tree.root.querySelector('.tree-title');
    if (title) body.appendChild(el('p', 'tree-summary-tree', textOf(title)));
    if (st.path.length) {
      var ol = el('ol', 'tree-summary-list');
      st.path.forEach(function (step) {
        var node = tree.nodes.get(step.id);
        var li = el('li');
        li.appendChild(el('span', 'tree-summary-q', node.text));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(el('strong', 'tree-summary-a', node.answers[step.idx].label));
        ol.appendChild(li);
      });
      body.appendChild(ol);
    }
    var end = tree.nodes.get(st.current);
    if (end.outcome) {
      var p = el('p', 'tree-summary-outcome');
      p.appendChild(el('strong', null, (end.kind || T('js_tree_outcome', 'Outcome')) + T('js_tree_colon', ': ')));
      p.appendChild(document.createTextNode(end.text));
      body.appendChild(p);
    } else {
      body.appendChild(el('p', 'tree-summary-outcome', T('js_tree_not_finished', 'Not finished: next question: {question}', { question: end.text })));
    }
    var link = el('p', 'tree-summary-link', T('js_tree_link', 'Link to these answers: {url}', { url: window.location.href }));
    body.appendChild(link);
  }

  function announce(tree, text) {
    var live = tree.live;
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function show(tree, st, moveFocus) {
    tree.current = st;
    var node = tree.nodes.get(st.current);
    tree.nodes.forEach(function (n, id) {
      var on = id === st.current;
      n.el.classList.toggle('tree-current', on);
      n.el.hidden = !on;
    });

    // Answer links carry the full next state, so they also work in a new tab.
    node.answers.forEach(function (a, i) {
      a.el.setAttribute('href', hashFor(tree, st.path.concat([{ id: node.id, idx: i }])));
    });

    // Breadcrumb of answers so far; each goes back to its question.
    clear(tree.trail);
    st.path.forEach(function (step, k) {
      var q = tree.nodes.get(step.id);
      var li = el('li', 'tree-trail-item');
      var b = el('button', 'tree-crumb');
      b.type = 'button';
      b.appendChild(el('span', 'tree-visually-hidden', T('js_tree_go_back', 'Go back to: ')));
      b.appendChild(el('span', 'tree-crumb-q', q.text));
      b.appendChild(document.createTextNode(' '));
      b.appendChild(el('span', 'tree-crumb-a', q.answers[step.idx].label));
      b.addEventListener('click', function () { go(tree, st.path.slice(0, k)); });
      li.appendChild(b);
      tree.trail.appendChild(li);
    });
    tree.nav.hidden = st.path.length === 0;
    tree.restart.hidden = st.path.length === 0;
    tree.print.hidden = !node.outcome;
    fillSummary(tree);
    markRoute(tree);

    if (moveFocus) {
      node.heading.focus();
      announce(tree, node.outcome
        ? T('js_tree_result', 'Result. ') + (node.kind ? node.kind + T('js_tree_colon', ': ') : '') + node.text
        : T('js_tree_question', 'Question {n}: ', { n: st.path.length + 1 }) + node.text);
    }
  }

  function init() {
    var trees = [];
    var roots = document.querySelectorAll('[data-tree]');
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].classList.contains('tree--js')) continue;
      var tree = readTree(roots[i]);
      if (!tree) continue;
      buildChrome(tree);
      var st = stateFromHash(tree, window.location.hash);
      show(tree, st || fresh(tree), !!st && st.path.length > 0);
      trees.push(tree);
    }
    if (!trees.length) return;
    window.addEventListener('hashchange', function () {
      var hash = window.location.hash;
      trees.forEach(function (tree) {
        var st = stateFromHash(tree, hash);
        // A hash for another tree or another anchor on the page leaves this tree alone.
        if (st) show(tree, st, true);
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
