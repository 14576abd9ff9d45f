// archc page script: the view of the diagram. It opens readable (labels at least 13 px: fitted
// when the whole diagram is that large, else at 100 % on the start of the data flow, with a
// minimap); the wheel (or a trackpad's pinch) zooms around the pointer, dragging pans, two
// fingers pinch, `0` fits the whole diagram. Zooming and panning move the SVG's viewBox, never
// the layout. The 100% button (player.js) shows the actual size with scroll bars instead.
(function () {
  'use strict';
  const svg = document.getElementById('archc-diagram');
  const canvas = document.querySelector('.archc-canvas');
  if (!svg || !canvas || !svg.viewBox || !svg.viewBox.baseVal) return;
  const base = svg.viewBox.baseVal;
  const full = { x: base.x, y: base.y, w: base.width, h: base.height };
  let vb = { ...full };
  const fitted = () => !canvas.classList.contains('actual');
  // A wide diagram sits right under the player, not in the middle of the free space.
  svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');

  let apply = function () {
    svg.setAttribute('viewBox', `${vb.x.toFixed(2)} ${vb.y.toFixed(2)} ${vb.w.toFixed(2)} ${vb.h.toFixed(2)}`);
  };
  function reset() {
    vb = { ...full };
    apply();
  }

  // The free space: from the canvas's top to the window's bottom.
  function size() {
    if (!fitted()) {
      canvas.style.height = '';
      reset();
      return;
    }
    const top = canvas.getBoundingClientRect().top + window.scrollY;
    canvas.style.height = Math.max(240, window.innerHeight - top - 12) + 'px';
  }
  window.addEventListener('resize', size);
  new MutationObserver(size).observe(canvas, { attributes: true, attributeFilter: ['class'] });
  // What sits above the canvas can grow (the transcript opened, a caption, the legend): the
  // canvas keeps to the window.
  if (window.ResizeObserver) {
    const above = new ResizeObserver(() => size());
    for (let e = canvas.previousElementSibling; e; e = e.previousElementSibling) above.observe(e);
  }
  size();

  // --- The opening view ---------------------------------------------------------------------
  // The page opens where labels are readable: node labels (14 units) at least 13 pixels tall.
  // A diagram that fits the canvas at that scale is fitted; a larger one opens at 100 % on
  // the start of its data flow (the left of the shown layer, level with the nodes where data
  // starts), or on a deep-linked scenario's first step. The minimap shows where the view is.
  const READABLE = 13 / 14;
  const modelNode = document.getElementById('archc-model');
  const model = modelNode ? JSON.parse(modelNode.textContent) : { layers: [], scenarios: [] };
  const MARGIN = 24;  // the SVG's margin around the layout (render::kMargin)
  function canvasSize() {
    const r = canvas.getBoundingClientRect();
    return { w: Math.max(r.width, 1), h: Math.max(r.height, 1) };
  }
  // The scale at which the whole diagram fits the canvas.
  function fitScale() {
    const c = canvasSize();
    return Math.min(c.w / full.w, c.h / full.h);
  }
  // The view at scale 1 whose left edge is `x` (SVG units) and whose middle is at height `y`.
  function viewAt(x, y) {
    const c = canvasSize();
    const w = Math.min(c.w, full.w), h = Math.min(c.h, full.h);
    const nx = Math.min(Math.max(x, full.x), full.x + full.w - w);
    const ny = Math.min(Math.max(y - h / 2, full.y), full.y + full.h - h);
    return { x: nx, y: ny, w, h };
  }
  const layerOf = (id) => (model.layers || []).find((l) => l.id === id);
  // Where data starts in a layer: of the windows at 100 % that begin at one of its nodes, the
  // one holding the most nodes, nodes where data starts (no data flows into them) counting
  // twice; the leftmost of equals (the layout reads left to right).
  function flowStart(layer) {
    const l = layerOf(layer);
    if (!l || !l.nodes.length) return null;
    const into = new Set();
    for (const e of l.edges) {
      if (e.flow === 'forward') into.add(e.to);
      else if (e.flow === 'backward') into.add(e.from);
    }
    const c = canvasSize();
    const w = Math.min(c.w, full.w), h = Math.min(c.h, full.h);
    const boxes = l.nodes.map((n) => ({ x: n.x + MARGIN, y: n.y + MARGIN, w: n.width, h: n.height, source: !into.has(n.id) }));
    const candidates = boxes.length > 400 ? boxes.filter((b, i) => i % Math.ceil(boxes.length / 400) === 0) : boxes;
    let best = null;
    for (const b of candidates) {
      const v = viewAt(b.x - MARGIN, b.y + b.h / 2);
      let score = 0;
      for (const o of boxes) {
        if (o.x >= v.x && o.x + o.w <= v.x + w && o.y >= v.y && o.y + o.h <= v.y + h) score += o.source ? 2 : 1;
      }
      if (!best || score > best.score || (score === best.score && v.x < best.v.x)) best = { score, v };
    }
    return { x: best.v.x, y: best.v.y + h / 2 };
  }
  function stepStart(scenarioId) {
    const s = (model.scenarios || []).find((x) => x.id === scenarioId);
    if (!s || !s.steps.length) return null;
    const l = layerOf(s.layer);
    const n = l && l.nodes.find((x) => x.id === s.steps[0].from);
    if (!n) return null;
    // The first hop's dialer a little in from the left.
    return { x: n.x + MARGIN - 80, y: n.y + n.height / 2 + MARGIN };
  }
  // Opens readable: fitted when that is readable, else at 100 % on `where` (a layer's flow or
  // a scenario's first step).
  function open(where) {
    if (!fitted()) return;
    if (fitScale() >= READABLE || !where) {
      reset();
      return;
    }
    vb = viewAt(where.x, where.y);
    apply();
  }
  function openOnState() {
    size();
    const p = window.archcPlayer;
    const scenario = p && p.scenario();
    const start = (scenario && stepStart(scenario)) || flowStart(p ? p.layer() : (model.layers.at(-1) || {}).id);
    open(start);
  }

  // A point of the window in the diagram's coordinates.
  function toDiagram(clientX, clientY) {
    const m = svg.getScreenCTM();
    if (!m) return { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  }
  function zoomAt(clientX, clientY, factor) {
    const w = Math.min(Math.max(vb.w * factor, full.w / 20), full.w * 4);
    const k = w / vb.w;
    const p = toDiagram(clientX, clientY);
    vb = { x: p.x - (p.x - vb.x) * k, y: p.y - (p.y - vb.y) * k, w, h: vb.h * k };
    apply();
  }
  canvas.addEventListener('wheel', (e) => {
    if (!fitted()) return;
    e.preventDefault();
    zoomAt(e.clientX, e.clientY, Math.exp(e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)));
  }, { passive: false });

  // Dragging pans once the pointer has moved a few pixels, so a click still picks an element.
  const pointers = new Map();
  let panning = false, pinch = 0;
  canvas.addEventListener('pointerdown', (e) => {
    if (!fitted() || e.button !== 0) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, startX: e.clientX, startY: e.clientY });
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = Math.hypot(a.x - b.x, a.y - b.y);
    }
  });
  canvas.addEventListener('pointermove', (e) => {
    const p = pointers.get(e.pointerId);
    if (!p) return;
    if (pointers.size === 2) {
      p.x = e.clientX;
      p.y = e.clientY;
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch > 0 && d > 0) zoomAt((a.x + b.x) / 2, (a.y + b.y) / 2, pinch / d);
      pinch = d;
      return;
    }
    if (!panning && Math.hypot(e.clientX - p.startX, e.clientY - p.startY) < 4) return;
    if (!panning) {
      panning = true;
      canvas.setPointerCapture(e.pointerId);
      canvas.classList.add('panning');
    }
    const m = svg.getScreenCTM();
    const scale = m ? m.a : 1;
    vb.x -= (e.clientX - p.x) / scale;
    vb.y -= (e.clientY - p.y) / scale;
    p.x = e.clientX;
    p.y = e.clientY;
    apply();
  });
  function release(e) {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = 0;
    if (pointers.size === 0 && panning) {
      panning = false;
      canvas.classList.remove('panning');
      // The click that ends a drag is not a pick.
      const swallow = (c) => { c.stopPropagation(); c.preventDefault(); };
      window.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
    }
  }
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);

  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
    if (e.key === '0') {
      reset();
      e.preventDefault();
    }
  });
  // --- The minimap --------------------------------------------------------------------------
  // While the view shows part of the diagram: every node of the shown layer as a small box,
  // and the view as a rectangle that can be dragged (or clicked to move there).
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const mini = document.createElementNS(SVG_NS, 'svg');
  mini.setAttribute('class', 'archc-minimap');
  mini.setAttribute('viewBox', `${full.x} ${full.y} ${full.w} ${full.h}`);
  mini.setAttribute('role', 'img');
  mini.setAttribute('aria-label', 'Overview: where the view is in the diagram');
  const miniNodes = document.createElementNS(SVG_NS, 'g');
  const miniView = document.createElementNS(SVG_NS, 'rect');
  miniView.setAttribute('class', 'archc-minimap-view');
  mini.append(miniNodes, miniView);
  canvas.append(mini);
  let miniLayer = null;
  function drawMiniNodes(layer) {
    miniLayer = layer;
    miniNodes.textContent = '';
    const l = layerOf(layer);
    for (const n of (l ? l.nodes : [])) {
      const r = document.createElementNS(SVG_NS, 'rect');
      r.setAttribute('x', n.x + MARGIN);
      r.setAttribute('y', n.y + MARGIN);
      r.setAttribute('width', n.width);
      r.setAttribute('height', n.height);
      miniNodes.append(r);
    }
  }
  function syncMini() {
    const partial = fitted() && (vb.w < full.w - 1 || vb.h < full.h - 1 || vb.x > full.x + 1 || vb.y > full.y + 1);
    mini.classList.toggle('shown', partial);
    if (!partial) return;
    const p = window.archcPlayer;
    const layer = p ? p.layer() : null;
    if (layer !== miniLayer) drawMiniNodes(layer);
    miniView.setAttribute('x', vb.x);
    miniView.setAttribute('y', vb.y);
    miniView.setAttribute('width', vb.w);
    miniView.setAttribute('height', vb.h);
  }
  function miniTo(e) {
    const m = mini.getScreenCTM();
    if (!m) return;
    const q = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    vb = { ...vb, x: q.x - vb.w / 2, y: q.y - vb.h / 2 };
    apply();
  }
  let miniDrag = false;
  mini.addEventListener('pointerdown', (e) => {
    e.stopPropagation();
    miniDrag = true;
    mini.setPointerCapture(e.pointerId);
    miniTo(e);
  });
  mini.addEventListener('pointermove', (e) => { if (miniDrag) { e.stopPropagation(); miniTo(e); } });
  mini.addEventListener('pointerup', (e) => { miniDrag = false; e.stopPropagation(); });
  mini.addEventListener('click', (e) => e.stopPropagation());
  const applyViewBox = apply;
  apply = function () {
    applyViewBox();
    syncMini();
  };
  window.addEventListener('archc-state', syncMini);

  // Opens readable once the page (and a deep link) has said what is shown.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', openOnState);
  else setTimeout(openOnState, 0);

  window.archcView = { reset, zoomAt, viewBox: () => ({ ...vb }), full: () => ({ ...full }), open: openOnState,
                       scale: () => { const m = svg.getScreenCTM(); return m ? m.a : 1; } };
})();
