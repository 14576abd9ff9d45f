// archc page script: what the page says in words. Details on hover and focus (a node's
// label, kind and what the kind is, its layers and note; a connection's dialer and listener,
// label, protocol, flow and note), placed beside the element, never over it; Escape hides
// them. The transcript: the chosen scenario as an ordered list (steps that go at once grouped
// in a nested list, notes as text), the current step marked while it plays.
(function () {
  'use strict';
  const svg = document.getElementById('archc-diagram');
  const modelNode = document.getElementById('archc-model');
  if (!svg || !modelNode) return;
  const model = JSON.parse(modelNode.textContent);
  const nodes = new Map(), edges = new Map();
  for (const l of model.layers || []) {
    for (const n of l.nodes) nodes.set(n.id, n);
    for (const e of l.edges) edges.set(`${e.from}\u0000${e.to}`, e);
  }
  const layersOf = (g) => (g.dataset.layers || '').split(' ').filter(Boolean).join(', ');

  // --- Details ----------------------------------------------------------------------------
  const tip = document.createElement('div');
  tip.className = 'archc-tip';
  tip.setAttribute('role', 'tooltip');
  tip.id = 'archc-tip';
  tip.hidden = true;
  // Inside the diagram's landmark (fixed, so the canvas's overflow does not clip it).
  (document.querySelector('.archc-canvas') || document.body).append(tip);

  function line(label, value) {
    if (!value) return;
    const p = document.createElement('p');
    if (label) {
      const b = document.createElement('b');
      b.textContent = label + ' ';
      p.append(b);
    }
    p.append(document.createTextNode(value));
    tip.append(p);
  }

  function show(g) {
    tip.textContent = '';
    if (g.classList.contains('node')) {
      const n = nodes.get(g.dataset.id) || { id: g.dataset.id, kind: g.dataset.kind };
      const kind = (model.kinds || {})[n.kind];
      line('', n.label || n.id);
      line('kind', n.kind + (kind && kind.description ? ` — ${kind.description}` : ''));
      line('layers', layersOf(g));
      line('note', n.note);
    } else if (g.classList.contains('edge')) {
      const e = edges.get(`${g.dataset.from}\u0000${g.dataset.to}`) || {};
      const flows = { forward: 'the dialer sends', backward: 'the dialer reads', both: 'both ways' };
      line('', `${g.dataset.from} → ${g.dataset.to}`);
      line('label', e.label);
      line('protocol', e.props && e.props.protocol);
      line('flow', e.flow ? `${e.flow} (${flows[e.flow] || e.flow})` : '');
      line('layers', layersOf(g));
      line('note', e.note);
    } else {
      return;
    }
    tip.hidden = false;
    g.setAttribute('aria-describedby', tip.id);
    place(g);
  }

  // Below the element when there is room, else above; inside the window.
  function place(g) {
    const r = g.getBoundingClientRect();
    const t = tip.getBoundingClientRect();
    const gap = 8;
    let top = r.bottom + gap;
    if (top + t.height > window.innerHeight && r.top - gap - t.height >= 0) top = r.top - gap - t.height;
    let left = Math.min(Math.max(r.left, 4), Math.max(window.innerWidth - t.width - 4, 4));
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  function hide() {
    tip.hidden = true;
    for (const g of svg.querySelectorAll('[aria-describedby="archc-tip"]')) g.removeAttribute('aria-describedby');
  }

  const target = (e) => e.target.closest && e.target.closest('g.node, g.edge');
  svg.addEventListener('mouseover', (e) => { const g = target(e); if (g) show(g); });
  svg.addEventListener('mouseout', (e) => {
    const g = target(e);
    if (g && !(e.relatedTarget && g.contains(e.relatedTarget))) hide();
  });
  svg.addEventListener('focusin', (e) => { const g = target(e); if (g) show(g); });
  svg.addEventListener('focusout', hide);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !tip.hidden) hide(); });

  // --- Transcript -------------------------------------------------------------------------
  const p = window.archcPlayer;
  const box = document.querySelector('.archc-transcript');
  if (!p || !box) return;
  const list = box.querySelector('ol');
  let shown = null;

  function build(id) {
    const s = model.scenarios.find((x) => x.id === id);
    list.textContent = '';
    box.hidden = !s;
    if (!s) return;
    const slots = s.slot_start_ms.length - 1;
    for (let k = 0; k < slots; k++) {
      const li = document.createElement('li');
      li.dataset.slot = String(k);
      const steps = s.steps.filter((x) => x.start === k);
      const notes = (s.notes || []).filter((x) => x.start === k);
      // Nodes by their labels, as the picture shows them.
      const name = (id) => (nodes.get(id) && nodes.get(id).label) || id;
      const say = (x) => `${name(x.from)} → ${name(x.to)}` + (x.caption ? `: ${x.caption}` : '') + (x.style === 'alert' ? ' (alert)' : '');
      if (steps.length > 1) {
        li.append(document.createTextNode('At once:'));
        const ul = document.createElement('ul');
        for (const x of steps) {
          const item = document.createElement('li');
          item.textContent = say(x);
          ul.append(item);
        }
        li.append(ul);
      } else if (steps.length === 1) {
        li.textContent = say(steps[0]);
      }
      for (const n of notes) li.append(document.createTextNode((li.textContent ? ' ' : '') + n.caption));
      list.append(li);
    }
  }

  function sync() {
    const id = p.scenario();
    if (id !== shown) {
      shown = id;
      build(id);
    }
    const slot = p.slot();
    for (const li of list.children) {
      if (Number(li.dataset.slot) === slot) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    }
  }
  window.addEventListener('archc-state', sync);
  // A deep link chose its scenario before this script ran: show it now.
  build(null);
  sync();
  if (shown) box.open = true;
})();
