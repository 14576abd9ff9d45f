// archc page script: embedded into every HTML page at build time.
//
// Layer pills: one layer is shown at a time. Every element of the diagram says which layers
// hold it in `data-layers`; showing a layer hides the others' elements without moving
// anything (they all share one layout).
//
// The scenario player: picks a scenario, shows its layer, and sends a packet along the edge
// of each step, slot by slot (the JSON model's `slot_start_ms`: `par` branches share a slot),
// with the step's caption. Play/Pause runs it in real time at the chosen Speed (Loop: again
// and again); Back/Next and the scrubber show one step. `window.archcPlayer` is what page.js
// (deep links, keyboard, a hosting page) drives.
(function () {
  'use strict';
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const svg = document.getElementById('archc-diagram');
  const pills = Array.from(document.querySelectorAll('.layers .pill'));
  const layerTitle = document.querySelector('.layer-title');
  if (!svg) return;
  const elements = Array.from(svg.querySelectorAll('[data-layers]'));
  const modelNode = document.getElementById('archc-model');
  const model = modelNode ? JSON.parse(modelNode.textContent) : { scenarios: [] };
  const reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // --- Layers ---------------------------------------------------------------------------

  let shownLayer = (pills.find((p) => p.getAttribute('aria-pressed') === 'true') || {}).dataset?.layer || null;

  // A group frames the members it has in the shown layer: of its boxes (`g.frame`, one per
  // distinct box across the layers), the one listing that layer shows; a ghost of the layer
  // diff shows the base layer's.
  const framed = Array.from(new Set(Array.from(svg.querySelectorAll('g.frame[data-frame]'), (f) => f.parentNode)))
    .map((g) => Array.from(g.querySelectorAll(':scope > g.frame[data-frame]')));
  function showFrames(layer, base) {
    for (const own of framed) {
      const lists = (f, id) => !!id && f.dataset.frame.split(' ').includes(id);
      const pick = own.find((f) => lists(f, layer)) || own.find((f) => lists(f, base));
      for (const f of own) f.classList.toggle('off', f !== pick);
    }
  }

  function showLayer(id) {
    shownLayer = id;
    for (const pill of pills) {
      const on = pill.dataset.layer === id;
      pill.setAttribute('aria-pressed', on ? 'true' : 'false');
      if (on && layerTitle) layerTitle.textContent = pill.title || '';
    }
    for (const el of elements) {
      el.classList.toggle('off', !el.dataset.layers.split(' ').includes(id));
    }
    showFrames(id, null);
    changed();
  }

  for (const pill of pills) {
    pill.addEventListener('click', () => {
      // Another layer than the scenario's: the scenario no longer fits the picture.
      if (player.scenario && player.scenario.layer !== pill.dataset.layer) stopScenario();
      showLayer(pill.dataset.layer);
    });
  }

  // Clicking an element (or Enter on it) tells its label, kind and note below the title.
  const details = document.querySelector('.archc-details');
  function describe(g) {
    const note = g.querySelector(':scope > title');
    let text = '';
    if (g.classList.contains('node')) {
      const label = g.querySelector('text.label');
      text = `${label ? label.textContent : g.dataset.id} (${g.dataset.kind})`;
    } else if (g.classList.contains('edge')) {
      const label = g.querySelector('text.edge-label');
      text = `${g.dataset.from} dials ${g.dataset.to}` + (label ? `: ${label.textContent}` : '');
    } else {
      const label = g.querySelector('text');
      text = label ? label.textContent : g.dataset.id;
    }
    if (note) text += ` — ${note.textContent}`;
    if (details) details.textContent = text;
  }
  svg.addEventListener('click', (e) => {
    const g = e.target.closest('g.node, g.edge, g.group');
    if (g) describe(g);
  });
  svg.addEventListener('keydown', (e) => {
    const g = e.target.closest && e.target.closest('g.node, g.edge, g.group');
    if (g && (e.key === 'Enter' || e.key === ' ')) { describe(g); e.preventDefault(); }
  });

  // Fit the diagram to the window, or show it at its actual size with scrolling.
  const zoom = document.querySelector('.zoom');
  const canvas = document.querySelector('.archc-canvas');
  if (zoom && canvas) {
    zoom.addEventListener('click', () => {
      const actual = canvas.classList.toggle('actual');
      zoom.setAttribute('aria-pressed', actual ? 'true' : 'false');
      zoom.textContent = actual ? 'Fit' : '100%';
      changed();
    });
  }

  // --- Scenario player ------------------------------------------------------------------

  const bar = document.querySelector('.player');
  const picks = Array.from(document.querySelectorAll('.player .scenario-pick'));
  const playButton = document.querySelector('.player .player-play');
  const prevButton = document.querySelector('.player .player-prev');
  const nextButton = document.querySelector('.player .player-next');
  const progress = document.querySelector('.player .player-progress');
  const caption = document.querySelector('.player .player-caption');
  const scrub = document.querySelector('.player .player-scrub');
  const speedPick = document.querySelector('.player .player-speed');
  const loopButton = document.querySelector('.player .player-loop');
  // `startedAt` is when slot 0 would have started at this speed; `speed` scales the model's
  // milliseconds (2: twice as fast).
  const player = { scenario: null, timeline: null, slot: -1, shownSlot: -1, playing: false, startedAt: 0, frame: 0,
                   speed: 1, loop: false };
  let overlay = null;

  // The drawn connection a step rides, in the scenario's layer.
  function edgeElement(step) {
    for (const g of svg.querySelectorAll('g.edge')) {
      if (g.dataset.from === step.edge.from && g.dataset.to === step.edge.to &&
          g.dataset.layers.split(' ').includes(player.scenario.layer)) return g;
    }
    return null;
  }

  function clearOverlay() {
    if (overlay) overlay.remove();
    overlay = null;
    for (const g of svg.querySelectorAll('g.edge.riding')) g.classList.remove('riding', 'alert');
  }

  // Draws slot `k` at fraction `p` (0..1) of its travel: lit hops and packets on the way.
  function drawSlot(k, p) {
    clearOverlay();
    overlay = document.createElementNS(SVG_NS, 'g');
    overlay.setAttribute('class', 'player-overlay');
    const texts = [];
    for (const step of player.scenario.steps) {
      if (step.start !== k) continue;
      if (step.caption) texts.push({ text: step.caption, alert: step.style === 'alert' });
      const g = edgeElement(step);
      const wire = g && g.querySelector('path.wire');
      if (!wire) continue;
      const alert = step.style === 'alert' ? ' alert' : '';
      // The connection itself lights up while a packet rides it.
      g.classList.add('riding');
      if (alert) g.classList.add('alert');
      const hop = document.createElementNS(SVG_NS, 'path');
      hop.setAttribute('d', wire.getAttribute('d'));
      hop.setAttribute('class', 'hop' + alert);
      overlay.appendChild(hop);
      // The wire runs from dialer to listener; against the dial the packet runs it backwards.
      const along = step.against ? 1 - p : p;
      const at = wire.getPointAtLength(wire.getTotalLength() * along);
      const packet = document.createElementNS(SVG_NS, 'circle');
      packet.setAttribute('class', 'packet' + alert);
      packet.setAttribute('r', '6');
      packet.setAttribute('cx', at.x.toFixed(2));
      packet.setAttribute('cy', at.y.toFixed(2));
      packet.dataset.from = step.from;
      packet.dataset.to = step.to;
      overlay.appendChild(packet);
    }
    for (const note of player.scenario.notes || []) {
      if (note.start === k) texts.push({ text: note.caption, alert: false });
    }
    svg.appendChild(overlay);
    // At 100% the hop may be off screen: bring the first packet into view.
    const first = overlay.querySelector('circle.packet');
    if (first && canvas && canvas.classList.contains('actual') && first.scrollIntoView) {
      first.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    if (caption) {
      // Branches of a `par` that say the same thing say it once.
      caption.textContent = Array.from(new Set(texts.map((t) => t.text))).join('  ·  ');
      caption.classList.toggle('alert', texts.some((t) => t.alert));
    }
    if (progress) progress.textContent = `step ${k + 1} of ${player.timeline.length - 1}`;
    if (scrub) scrub.value = String(k + 1);
    if (k !== player.shownSlot) {
      player.shownSlot = k;
      changed();
    }
  }

  // The button's name says what it does: Play while paused, Pause while playing.
  function setPlaying(on) {
    const was = player.playing;
    player.playing = on;
    if (playButton) playButton.textContent = on ? 'Pause' : 'Play';
    if (was !== on) changed();
    if (!on && player.frame) cancelAnimationFrame(player.frame);
    player.frame = 0;
  }

  function tick(now) {
    if (!player.playing) return;
    const t = (now - player.startedAt) * player.speed;
    const start = player.timeline;
    const slots = start.length - 1;
    if (t >= start[slots]) {
      player.slot = slots - 1;
      drawSlot(player.slot, 1);
      if (player.loop) {
        // Around again, from the first step.
        player.startedAt = now;
        player.frame = requestAnimationFrame(tick);
        return;
      }
      setPlaying(false);
      return;
    }
    let k = 0;
    while (k + 1 < slots && t >= start[k + 1]) k++;
    player.slot = k;
    // Under prefers-reduced-motion packets do not travel: each step shows them arrived.
    const p = reduceMotion ? 1 : (t - start[k]) / (start[k + 1] - start[k]);
    drawSlot(k, Math.min(Math.max(p, 0), 1));
    player.frame = requestAnimationFrame(tick);
  }

  function chooseScenario(index) {
    const scenario = model.scenarios[index];
    if (!scenario) return;
    setPlaying(false);
    player.scenario = scenario;
    // start[k] for k in 0..slots, start[slots] the end: the model's timeline, as the JSON
    // model gives it (the animated SVGs use the same one).
    player.timeline = scenario.slot_start_ms;
    player.slot = -1;
    player.shownSlot = -1;
    for (const pick of picks) pick.setAttribute('aria-pressed', pick.dataset.scenario === scenario.id ? 'true' : 'false');
    if (scrub) {
      scrub.max = String(Math.max(player.timeline.length - 1, 1));
      scrub.value = '1';
      scrub.disabled = false;
    }
    showLayer(scenario.layer);
    clearOverlay();
    if (caption) caption.textContent = '';
    if (progress) progress.textContent = `${player.timeline.length - 1} steps`;
    changed();
  }

  function stopScenario() {
    setPlaying(false);
    clearOverlay();
    player.scenario = null;
    player.shownSlot = -1;
    for (const pick of picks) pick.setAttribute('aria-pressed', 'false');
    if (caption) caption.textContent = '';
    if (progress) progress.textContent = '';
  }

  // The first scenario of the layer on screen: Play after a pill never jumps to another layer.
  function scenarioOfLayer(layer) {
    return model.scenarios.findIndex((x) => x.layer === layer);
  }
  function chooseForLayer() {
    if (player.scenario) return true;
    const index = shownLayer ? scenarioOfLayer(shownLayer) : 0;
    if (index < 0) return false;
    chooseScenario(index);
    return !!player.scenario;
  }
  // Play and the step buttons act only where the layer on screen has a scenario to play.
  function syncButtons() {
    const none = !player.scenario && !!shownLayer && scenarioOfLayer(shownLayer) < 0;
    for (const b of [playButton, prevButton, nextButton]) {
      if (!b) continue;
      b.disabled = none;
      if (none) b.title = `No scenario runs in ${shownLayer}`; else b.removeAttribute('title');
    }
  }

  function play() {
    if (!chooseForLayer()) return;
    const slots = player.timeline.length - 1;
    // Resume after the slot on screen, or start over from the end.
    const from = player.slot >= 0 && player.slot < slots - 1 ? player.slot + 1 : 0;
    player.startedAt = performance.now() - player.timeline[from] / player.speed;
    setPlaying(true);
    player.frame = requestAnimationFrame(tick);
  }

  // Shows step k (0-based) arrived, paused.
  function gotoSlot(k) {
    if (!chooseForLayer()) return;
    setPlaying(false);
    const slots = player.timeline.length - 1;
    if (slots < 1) return;
    player.slot = Math.min(Math.max(k, 0), slots - 1);
    drawSlot(player.slot, 1);
  }

  function step(delta) {
    gotoSlot((player.scenario ? player.slot : -1) + delta);
  }

  function setSpeed(speed) {
    if (!(speed > 0)) return;
    if (player.playing) {
      // Keep the packet where it is: re-anchor the clock at the new speed.
      const now = performance.now();
      const t = (now - player.startedAt) * player.speed;
      player.startedAt = now - t / speed;
    }
    player.speed = speed;
    if (speedPick && speedPick.value !== String(speed)) speedPick.value = String(speed);
  }

  function setLoop(on) {
    player.loop = on;
    if (loopButton) loopButton.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  // --- What page.js (deep links, keyboard, a hosting page) drives -----------------------

  function changed() {
    syncButtons();
    window.dispatchEvent(new CustomEvent('archc-state'));
  }
  window.archcPlayer = {
    layers: () => pills.map((p) => p.dataset.layer),
    layer: () => shownLayer,
    showFrames,
    showLayer(id) {
      if (player.scenario && player.scenario.layer !== id) stopScenario();
      showLayer(id);
    },
    scenarios: () => model.scenarios.map((x) => x.id),
    scenario: () => (player.scenario ? player.scenario.id : null),
    chooseScenario(id) {
      const index = model.scenarios.findIndex((x) => x.id === id);
      if (index >= 0) chooseScenario(index);
      return index >= 0;
    },
    slot: () => (player.scenario ? player.slot : -1),
    slots: () => (player.scenario ? player.timeline.length - 1 : 0),
    gotoSlot,
    step,
    playing: () => player.playing,
    toggle: () => (player.playing ? setPlaying(false) : play()),
    zoomed: () => !!(canvas && canvas.classList.contains('actual')),
    setZoomed(on) { if (zoom && canvas && on !== canvas.classList.contains('actual')) zoom.click(); },
    canvas,
  };

  if (bar) {
    for (const b of [playButton, prevButton, nextButton, speedPick, loopButton]) if (b) b.disabled = false;
    picks.forEach((pick, i) => pick.addEventListener('click', () => chooseScenario(i)));
    if (playButton) playButton.addEventListener('click', () => (player.playing ? setPlaying(false) : play()));
    if (prevButton) prevButton.addEventListener('click', () => step(-1));
    if (nextButton) nextButton.addEventListener('click', () => step(1));
    // Dragging the scrubber shows the step under it.
    if (scrub) scrub.addEventListener('input', () => gotoSlot(parseInt(scrub.value, 10) - 1));
    if (speedPick) speedPick.addEventListener('change', () => setSpeed(parseFloat(speedPick.value)));
    if (loopButton) loopButton.addEventListener('click', () => setLoop(!player.loop));
    syncButtons();
  }
})();
