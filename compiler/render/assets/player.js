// archc page script: embedded into every HTML page at build time.
// Layer pills: one layer is shown at a time; every element says which layers hold it in
// `data-layers`, and showing a layer hides the others' elements without moving anything.
(function () {
  'use strict';
  const svg = document.getElementById('archc-diagram');
  const pills = Array.from(document.querySelectorAll('.layers .pill'));
  const layerTitle = document.querySelector('.layer-title');
  if (!svg || pills.length === 0) return;
  const elements = Array.from(svg.querySelectorAll('[data-layers]'));

  function showLayer(id) {
    for (const pill of pills) {
      const on = pill.dataset.layer === id;
      pill.setAttribute('aria-pressed', on ? 'true' : 'false');
      if (on && layerTitle) layerTitle.textContent = pill.title || '';
    }
    for (const el of elements) {
      const layers = el.dataset.layers.split(' ');
      el.classList.toggle('off', !layers.includes(id));
    }
  }

  for (const pill of pills) {
    pill.addEventListener('click', () => showLayer(pill.dataset.layer));
  }
})();
