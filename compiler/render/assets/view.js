// archc page script: the view of the diagram. Fitted, the diagram fills the free space of the
// window; the wheel (or a trackpad's pinch) zooms around the pointer, dragging pans, two
// fingers pinch, `0` resets. Zooming and panning move the SVG's viewBox, never the layout.
// The 100% button (player.js) shows the actual size with scroll bars instead.
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

  function apply() {
    svg.setAttribute('viewBox', `${vb.x.toFixed(2)} ${vb.y.toFixed(2)} ${vb.w.toFixed(2)} ${vb.h.toFixed(2)}`);
  }
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
  size();

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
  window.archcView = { reset, zoomAt, viewBox: () => ({ ...vb }), full: () => ({ ...full }) };
})();
