// archc page script, after player.js and views.js: the page's state as a whole. Deep links
// (`#layer=v2`, `#scenario=order-event&step=4`, `#view=payments`) open the page in that state, the address
// follows every click so that a copied URL shows the same thing, and Back/Forward move
// through those states; the keyboard drives the player; a page that hosts this one in a
// frame (archc serve) reads and restores the state through `window.archcPage`.
(function () {
  'use strict';
  const p = window.archcPlayer;
  if (!p) return;
  // The views (views.js): a page without any has none to show.
  const v = window.archcViews || { view: () => null, show: () => false, leave() {} };

  // What is on screen: the layer, the scenario and its step, the zoom with its scroll.
  function state() {
    const zoomed = p.zoomed();
    return {
      view: v.view(),
      layer: p.layer(),
      scenario: p.scenario(),
      step: p.slot(),
      zoom: zoomed ? 'actual' : 'fit',
      changes,
      scrollLeft: zoomed && p.canvas ? p.canvas.scrollLeft : 0,
      scrollTop: zoomed && p.canvas ? p.canvas.scrollTop : 0,
    };
  }

  // Shows a state; what the page does not have (an unknown layer, scenario or step) is
  // ignored, never an error.
  function restore(s) {
    if (!s) return;
    if (s.scenario && p.chooseScenario(s.scenario)) {
      if (Number.isInteger(s.step) && s.step >= 0 && s.step < p.slots()) p.gotoSlot(s.step);
    } else if (s.layer && p.layers().includes(s.layer)) {
      p.showLayer(s.layer);
    }
    // A view shows apart from the layers: asked for, it is shown; else the diagram is.
    if (s.view && !s.scenario) v.show(s.view); else v.leave();
    if (s.zoom) p.setZoomed(s.zoom === 'actual');
    if (typeof s.changes === 'boolean' && s.changes !== changes) setChanges(s.changes);
    if (p.canvas && s.zoom === 'actual') {
      p.canvas.scrollLeft = s.scrollLeft || 0;
      p.canvas.scrollTop = s.scrollTop || 0;
    }
  }
  window.archcPage = { state, restore };

  // --- The layer diff ---------------------------------------------------------------------
  // With Changes on, what the shown layer adds to the layer it extends carries `added`, and
  // what it removes is drawn in place as a ghost (`removed`); a legend says which layers.
  const changesButton = document.querySelector('.changes');
  const legend = document.querySelector('.archc-legend');
  const modelNode = document.getElementById('archc-model');
  const layerBase = new Map();
  if (modelNode) {
    for (const l of JSON.parse(modelNode.textContent).layers || []) layerBase.set(l.id, l.extends);
  }
  const members = Array.from(document.querySelectorAll('#archc-diagram [data-layers]'));
  let changes = !!(changesButton && changesButton.getAttribute('aria-pressed') === 'true');
  const changesAtFirst = changes;

  // A version diff (`archc diff -o diff.html`): the union of two versions; each element says
  // in which layers the new version adds it, removes it or changes it. Changes shows them;
  // without, the page is the new version.
  const diagramSvg = document.getElementById('archc-diagram');
  const versions = diagramSvg && diagramSvg.dataset.before !== undefined
    ? { before: diagramSvg.dataset.before, after: diagramSvg.dataset.after } : null;
  const listed = (list, id) => !!list && list.split(' ').includes(id);

  function showVersions() {
    const layer = p.layer();
    for (const el of members) {
      const inLayer = el.dataset.layers.split(' ').includes(layer);
      const removed = listed(el.dataset.removed, layer);
      el.classList.toggle('added', changes && listed(el.dataset.added, layer));
      el.classList.toggle('removed', changes && removed);
      el.classList.toggle('changed', changes && listed(el.dataset.changed, layer));
      el.classList.toggle('off', !inLayer || (removed && !changes));
    }
    p.showFrames(layer, null);
    if (changesButton) changesButton.setAttribute('aria-pressed', changes ? 'true' : 'false');
    if (legend) {
      legend.hidden = !changes;
      legend.textContent = '';
      legend.classList.add('versions');
      if (changes) {
        // A swatch before each word; the names as text, never as markup.
        for (const [kind, word] of [['added', 'added'], ['removed', 'removed'], ['changed', 'changed']]) {
          const swatch = document.createElement('span');
          swatch.className = 'swatch ' + kind;
          swatch.setAttribute('aria-hidden', 'true');
          legend.append(swatch, word + (kind === 'changed' ? '' : ' · '));
        }
        legend.append(` in ${layer}: ${versions.before} → ${versions.after}`);
      }
    }
  }

  function showChanges() {
    if (versions) return showVersions();
    const layer = p.layer();
    const base = changes ? layerBase.get(layer) : null;
    for (const el of members) {
      const layers = el.dataset.layers.split(' ');
      const inLayer = layers.includes(layer);
      const inBase = !!base && layers.includes(base);
      el.classList.toggle('added', !!base && inLayer && !inBase);
      el.classList.toggle('removed', !!base && !inLayer && inBase);
      el.classList.toggle('off', !inLayer && !(base && inBase));
    }
    p.showFrames(layer, base);
    if (changesButton) changesButton.setAttribute('aria-pressed', changes ? 'true' : 'false');
    if (legend) {
      legend.hidden = !changes;
      legend.textContent = !changes ? '' : base ? `added in ${layer} · removed in ${layer} (from ${base})`
        : `${layer} extends no layer: nothing to compare`;
      legend.classList.toggle('has-base', !!base);
    }
  }
  function setChanges(on) {
    changes = on;
    showChanges();
    window.dispatchEvent(new CustomEvent('archc-state'));
  }
  if (changesButton) changesButton.addEventListener('click', () => setChanges(!changes));
  window.addEventListener('archc-state', () => showChanges());
  showChanges();

  // --- The address --------------------------------------------------------------------------

  function parse(hash) {
    const out = {};
    for (const part of hash.replace(/^#/, '').split('&')) {
      const eq = part.indexOf('=');
      if (eq <= 0) continue;
      try {
        out[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
      } catch (e) { /* a malformed escape: ignored */ }
    }
    const step = parseInt(out.step, 10);
    return { view: out.view || null, layer: out.layer || null, scenario: out.scenario || null, step: step > 0 ? step - 1 : -1,
             zoom: out.zoom === 'actual' ? 'actual' : null,
             // Unsaid, Changes stays as the page opened (on for a diff page).
             changes: out.changes === 'on' ? true : out.changes === 'off' ? false : undefined };
  }
  function format(s) {
    const parts = [];
    if (s.view) {
      parts.push('view=' + encodeURIComponent(s.view));
    } else if (s.scenario) {
      parts.push('scenario=' + encodeURIComponent(s.scenario));
      if (s.step >= 0) parts.push('step=' + (s.step + 1));
    } else if (s.layer) {
      parts.push('layer=' + encodeURIComponent(s.layer));
    }
    if (s.zoom === 'actual') parts.push('zoom=actual');
    if (s.changes) parts.push('changes=on');
    else if (s.changes === false && changesAtFirst) parts.push('changes=off');
    return parts.length ? '#' + parts.join('&') : '';
  }

  // In a frame the host page owns the address (and its history).
  const top = window.top === window;
  let applying = false;
  if (top) {
    applying = true;
    restore(parse(location.hash));
    applying = false;
    history.replaceState(null, '', format(state()) || location.pathname + location.search);
    window.addEventListener('archc-state', () => {
      if (applying) return;
      const hash = format(state());
      if (hash === location.hash || (!hash && !location.hash)) return;
      const url = hash || location.pathname + location.search;
      // While playing, each step replaces the entry: Back leaves the scenario, not one step.
      if (p.playing()) history.replaceState(null, '', url); else history.pushState(null, '', url);
    });
    window.addEventListener('popstate', () => {
      applying = true;
      const s = parse(location.hash);
      if (!s.scenario && !s.layer && !s.view) s.layer = p.layers()[p.layers().length - 1];
      restore(s);
      applying = false;
    });
  }

  // --- The keyboard ---------------------------------------------------------------------------
  // Space plays or pauses, ←/→ step, Home/End go to the first and last step, 1–9 pick a
  // layer, d toggles Changes. Not while typing in a field, nor on a focused button (Space presses it).
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
    if (e.key === ' ' && t && t.tagName === 'BUTTON') return;
    let handled = true;
    if (e.key === ' ') p.toggle();
    else if (e.key === 'ArrowRight') p.step(1);
    else if (e.key === 'ArrowLeft') p.step(-1);
    else if (e.key === 'Home') p.gotoSlot(0);
    else if (e.key === 'End') {
      if (!p.scenario()) p.gotoSlot(0);
      p.gotoSlot(p.slots() - 1);
    }
    else if ((e.key === 'd' || e.key === 'D') && changesButton) setChanges(!changes);
    else if (/^[1-9]$/.test(e.key) && p.layers()[Number(e.key) - 1]) {
      v.leave();
      p.showLayer(p.layers()[Number(e.key) - 1]);
    }
    else handled = false;
    if (handled) e.preventDefault();
  });
})();
