// archc page script, after view.js: the views. A view is a picture of its own (laid out on
// its own, drawn in `.archc-view[data-view]`), chosen with the Views buttons apart from the
// layer pills; choosing a layer or a scenario goes back to the diagram. page.js keeps the
// choice in the address (`#view=ID`) through `window.archcViews`.
(function () {
  'use strict';
  const picks = Array.from(document.querySelectorAll('.view-pick'));
  const diagram = document.getElementById('archc-diagram');
  const pictures = new Map(Array.from(document.querySelectorAll('.archc-view'), (el) => [el.dataset.view, el]));
  const layerTitle = document.querySelector('.layer-title');
  const minimap = document.querySelector('.archc-minimap');
  let shown = null;
  let titleBefore = '';

  // Shows view `id` (null: the diagram again); a view the page does not have is ignored.
  function show(id) {
    if (id !== null && !pictures.has(id)) return false;
    if (id === shown) return true;
    if (shown === null && layerTitle) titleBefore = layerTitle.textContent;
    shown = id;
    for (const [view, el] of pictures) el.hidden = view !== id;
    if (diagram) diagram.style.display = id === null ? '' : 'none';
    if (minimap) minimap.style.visibility = id === null ? '' : 'hidden';
    for (const pick of picks) pick.setAttribute('aria-pressed', pick.dataset.view === id ? 'true' : 'false');
    const pick = picks.find((b) => b.dataset.view === id);
    if (layerTitle) layerTitle.textContent = id === null ? titleBefore : (pick ? pick.title : '');
    document.body.classList.toggle('archc-viewing', id !== null);
    window.dispatchEvent(new CustomEvent('archc-state'));
    return true;
  }
  function leave() { if (shown !== null) show(null); }

  for (const pick of picks) {
    pick.addEventListener('click', () => show(shown === pick.dataset.view ? null : pick.dataset.view));
  }
  // A layer pill or a scenario shows the diagram: they act on it. (Capturing, so that the
  // diagram is back before the player acts and says its state.)
  for (const b of document.querySelectorAll('.layers .pill, .scenario-pick')) b.addEventListener('click', leave, true);

  window.archcViews = { views: () => Array.from(pictures.keys()), view: () => shown, show, leave };
})();
