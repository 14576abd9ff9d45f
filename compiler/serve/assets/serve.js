// archc serve: the page. A sidebar of examples and files, the editor, Run and Save, the
// problems of the last Run, and the diagram page (the same as `archc FILE -o out.html`) in a
// frame beside it. Live reload comes over server-sent events. The address keeps the file and
// what the diagram shows (`#file=…&layer=…&scenario=…&step=…&view=…&zoom=…`), so a reload comes back
// to the same place.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const config = JSON.parse(($('archc-serve-config') || {}).textContent || '{}');
  // The editor's colours come from archc's lexer, over the same origin.
  const tokenize = (text) => fetch('/api/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) })
    .then((r) => (r.ok ? r.json() : null)).then((j) => (j ? j.tokens : null));
  const editor = window.ArchEditor.create($('editor'), tokenize);
  const frame = $('diagram');
  const view = document.querySelector('.view-pane');
  const current = { path: null, name: null, version: null, readonly: true, loadedText: '', files: [], hasPage: false };
  let viewState = null;  // what the diagram showed, restored after each Run
  let running = null;    // the Run in flight
  let rerun = false;

  if (config.folder) $('folder').textContent = config.folder;

  function setStatus(text) { $('status').textContent = text; }
  function dirty() { return !current.readonly && editor.getText() !== current.loadedText; }
  function showDirty() { $('file-name').classList.toggle('dirty', dirty()); }
  editor.onChange(showDirty);

  function setFavicon(colour) {
    const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><circle cx='8' cy='8' r='6' fill='${colour}'/></svg>`;
    $('favicon').href = 'data:image/svg+xml,' + encodeURIComponent(svg);
  }

  // --- The address ------------------------------------------------------------------------

  function readHash() {
    const out = {};
    for (const part of location.hash.replace(/^#/, '').split('&')) {
      const eq = part.indexOf('=');
      if (eq > 0) out[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
    }
    return out;
  }
  function writeHash() {
    const parts = [];
    const add = (k, v) => { if (v !== null && v !== undefined && v !== '') parts.push(`${k}=${encodeURIComponent(v)}`); };
    add('file', current.path);
    if (viewState) {
      add('layer', viewState.layer);
      add('scenario', viewState.scenario);
      if (viewState.scenario && viewState.step >= 0) add('step', viewState.step + 1);
      add('view', viewState.view);
      if (viewState.zoom === 'actual') add('zoom', 'actual');
    }
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
  }
  function stateFromHash(h) {
    if (!h.layer && !h.scenario && !h.zoom && !h.view) return null;
    const step = parseInt(h.step, 10);
    return { view: h.view || null, layer: h.layer || null, scenario: h.scenario || null, step: step > 0 ? step - 1 : -1,
             zoom: h.zoom === 'actual' ? 'actual' : 'fit', scrollLeft: 0, scrollTop: 0 };
  }

  // --- Files ------------------------------------------------------------------------------

  function itemButton(label, path, title) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'item';
    b.textContent = label;
    b.dataset.path = path;
    if (title) b.title = title;
    b.addEventListener('click', () => openFile(path));
    return b;
  }

  function renderExamples(examples) {
    const box = $('examples');
    box.innerHTML = '';
    const byCategory = new Map();
    for (const e of examples) {
      if (!byCategory.has(e.category)) byCategory.set(e.category, []);
      byCategory.get(e.category).push(e);
    }
    for (const [category, list] of byCategory) {
      const h = document.createElement('h3');
      h.textContent = category;
      const ul = document.createElement('ul');
      ul.setAttribute('aria-label', category);
      for (const e of list) {
        const li = document.createElement('li');
        li.append(itemButton(e.title, e.path));
        ul.append(li);
      }
      box.append(h, ul);
    }
  }

  // The folder's files as a tree of their names: `sub/platform.arch` under `sub`.
  function renderFiles(files) {
    const root = { dirs: new Map(), files: [] };
    for (const f of files) {
      const parts = f.split('/');
      let node = root;
      for (const dir of parts.slice(0, -1)) {
        if (!node.dirs.has(dir)) node.dirs.set(dir, { dirs: new Map(), files: [] });
        node = node.dirs.get(dir);
      }
      node.files.push({ name: parts[parts.length - 1], path: f });
    }
    function build(node) {
      const ul = document.createElement('ul');
      for (const [name, child] of node.dirs) {
        const li = document.createElement('li');
        const label = document.createElement('span');
        label.className = 'folder-name';
        label.textContent = name + '/';
        li.append(label, build(child));
        ul.append(li);
      }
      for (const f of node.files) {
        const li = document.createElement('li');
        li.append(itemButton(f.name, f.path, f.path));
        ul.append(li);
      }
      return ul;
    }
    const box = $('files');
    box.innerHTML = '';
    if (!files.length) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = config.folder ? 'No .arch file in this folder.' : 'Start `archc serve DIR` to edit your files.';
      box.append(p);
    } else {
      box.append(build(root));
    }
    markCurrent();
  }

  function markCurrent() {
    for (const b of document.querySelectorAll('.sidebar .item')) {
      b.setAttribute('aria-current', b.dataset.path === current.path ? 'true' : 'false');
    }
  }

  async function loadFileList() {
    const res = await fetch('/api/files');
    const data = await res.json();
    renderExamples(data.examples || []);
    renderFiles(data.files || []);
    return data;
  }

  const toggle = $('examples-toggle');
  function expandExamples(on) {
    toggle.setAttribute('aria-expanded', on ? 'true' : 'false');
    $('examples').hidden = !on;
  }
  toggle.addEventListener('click', () => expandExamples(toggle.getAttribute('aria-expanded') !== 'true'));

  async function openFile(path, keepView) {
    if (dirty() && path !== current.path && !confirm(`Discard your changes to ${current.path}?`)) return false;
    const res = await fetch('/api/file?path=' + encodeURIComponent(path));
    const data = await res.json();
    if (!res.ok) {
      setStatus(data.error || `cannot open ${path}`);
      return false;
    }
    const switching = path !== current.path;
    current.path = path;
    current.name = path.startsWith('example:') ? path.slice(8) + '.arch' : path;
    current.version = data.version;
    current.readonly = !!data.readonly;
    current.loadedText = data.text;
    editor.setText(data.text);
    editor.setReadOnly(current.readonly);
    $('file-name').textContent = data.title ? `${data.title} (example)` : path;
    $('save').disabled = current.readonly;
    showDirty();
    if (path.startsWith('example:')) expandExamples(true);
    if (switching && !keepView) viewState = null;
    markCurrent();
    writeHash();
    setStatus(current.readonly ? 'read-only example: Run it, or copy it into a file of your folder' : '');
    return true;
  }

  // --- Run --------------------------------------------------------------------------------

  function showDiagnostics(list) {
    const ul = $('diagnostics');
    ul.innerHTML = '';
    for (const d of list) {
      const li = document.createElement('li');
      li.className = d.severity;
      const b = document.createElement('button');
      b.type = 'button';
      const where = d.file ? `${d.file}:${d.line}:${d.column}` : 'archc';
      b.innerHTML = '<span class="where"></span> <span class="code-name"></span> <span class="message"></span>';
      b.querySelector('.where').textContent = where;
      b.querySelector('.code-name').textContent = `${d.severity}[${d.code}]`;
      b.querySelector('.message').textContent = d.message;
      if (d.help) {
        const help = document.createElement('span');
        help.className = 'help';
        help.textContent = 'help: ' + d.help;
        b.append(help);
      }
      b.dataset.line = d.line || '';
      b.dataset.column = d.column || '';
      b.addEventListener('click', async () => {
        if (!d.line) return;
        // A problem in an imported file opens that file first.
        if (d.file && d.file !== current.name && !d.file.startsWith('<')) {
          if (!(await openFile(d.file, true))) return;
        }
        editor.moveCaret(d.line, d.column);
      });
      li.append(b);
      ul.append(li);
    }
  }

  function frameState() {
    try {
      const page = frame.contentWindow && frame.contentWindow.archcPage;
      return page ? page.state() : null;
    } catch (e) {
      return null;
    }
  }

  function showPage(html) {
    const keep = current.hasPage ? frameState() || viewState : viewState;
    frame.onload = () => {
      const w = frame.contentWindow;
      if (w && w.archcPage) {
        w.archcPage.restore(keep);
        viewState = w.archcPage.state();
        writeHash();
        w.addEventListener('archc-state', () => {
          viewState = w.archcPage.state();
          writeHash();
        });
      }
    };
    frame.srcdoc = html;
    frame.hidden = false;
    $('placeholder').hidden = true;
    current.hasPage = true;
  }

  async function run() {
    if (!current.path) {
      setStatus('pick an example or a file first');
      return;
    }
    if (running) {
      rerun = true;
      return running;
    }
    setStatus('running…');
    const started = performance.now();
    running = (async () => {
      try {
        const res = await fetch('/api/compile', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ path: current.path, text: editor.getText() }),
        });
        const data = await res.json();
        if (!res.ok) {
          setStatus(data.error || `Run failed (${res.status})`);
          return;
        }
        current.files = data.files || [current.path];
        showDiagnostics(data.diagnostics || []);
        const ms = Math.round(performance.now() - started);
        if (data.ok) {
          showPage(data.page);
          view.classList.remove('is-stale');
          $('stale').hidden = true;
          setFavicon('#2f9e44');
          const warnings = (data.diagnostics || []).length;
          setStatus(`compiled in ${ms} ms` + (warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''));
        } else {
          const errors = (data.diagnostics || []).filter((d) => d.severity === 'error').length;
          view.classList.toggle('is-stale', current.hasPage);
          $('stale').hidden = !current.hasPage;
          setFavicon('#c62828');
          setStatus(`${errors} error${errors === 1 ? '' : 's'}`);
        }
      } catch (e) {
        setStatus('the server does not answer: is `archc serve` still running?');
      } finally {
        running = null;
        if (rerun) {
          rerun = false;
          run();
        }
      }
    })();
    return running;
  }

  // --- Save -------------------------------------------------------------------------------

  async function save(force) {
    if (!current.path || current.readonly) return;
    const text = editor.getText();
    const res = await fetch('/api/save', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: current.path, text, version: current.version, force: !!force }),
    });
    const data = await res.json();
    if (res.status === 409) {
      $('conflict-text').textContent = `${current.path}: ${data.error}. Overwrite it with your text, or load what is on disk (your changes are lost)?`;
      $('conflict').showModal();
      return;
    }
    if (!res.ok) {
      setStatus(data.error || 'Save failed');
      return;
    }
    current.version = data.version;
    current.loadedText = text;
    showDirty();
    setStatus(`saved ${current.path}`);
  }
  $('conflict-overwrite').addEventListener('click', () => { $('conflict').close(); save(true); });
  $('conflict-reload').addEventListener('click', async () => {
    $('conflict').close();
    current.loadedText = '';  // not dirty any more: the disk version wins
    editor.setText(current.loadedText);
    await openFile(current.path, true);
    run();
  });
  $('conflict-cancel').addEventListener('click', () => $('conflict').close());

  $('run').addEventListener('click', () => run());
  $('save').addEventListener('click', () => save(false));
  document.addEventListener('keydown', (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Enter') { e.preventDefault(); run(); }
    if (mod && (e.key === 's' || e.key === 'S')) { e.preventDefault(); save(false); }
  });

  // --- Live reload ------------------------------------------------------------------------

  function listen() {
    const events = new EventSource('/api/events');
    events.addEventListener('change', async (e) => {
      let paths = [];
      try { paths = JSON.parse(e.data).paths || []; } catch (err) { return; }
      const touched = paths.some((p) => current.files.includes(p));
      loadFileList().catch(() => {});
      if (!touched || !current.path) return;
      if (paths.includes(current.path)) {
        if (dirty()) {
          setStatus(`${current.path} changed on disk; your edits are kept (Save asks before overwriting)`);
        } else {
          await openFile(current.path, true);
        }
      }
      if (current.hasPage || current.path) run();
    });
  }

  // --- The editor's room ------------------------------------------------------------------
  // Hide editor gives the diagram the editor's room; the bar between them resizes the editor
  // (drag it, or arrow keys on it). Both are remembered for the next visit.
  const layoutEl = document.querySelector('.layout');
  const editorToggle = document.getElementById('editor-toggle');
  const resizer = document.getElementById('resizer');
  function remember(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function recall(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function showEditor(on) {
    layoutEl.classList.toggle('editor-hidden', !on);
    editorToggle.setAttribute('aria-expanded', on ? 'true' : 'false');
    editorToggle.textContent = on ? 'Hide editor' : 'Show editor';
    remember('archc-editor', on ? 'shown' : 'hidden');
  }
  function editorWidth(px) {
    const max = Math.max(240, layoutEl.getBoundingClientRect().width - 230 - 320);
    const w = Math.round(Math.min(Math.max(px, 240), max));
    layoutEl.style.setProperty('--editor-width', w + 'px');
    resizer.setAttribute('aria-valuenow', String(w));
    remember('archc-editor-width', String(w));
  }
  editorToggle.addEventListener('click', () => showEditor(layoutEl.classList.contains('editor-hidden')));
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'b' || e.key === 'B')) {
      e.preventDefault();
      showEditor(layoutEl.classList.contains('editor-hidden'));
    }
  });
  resizer.addEventListener('pointerdown', (e) => {
    resizer.setPointerCapture(e.pointerId);
    resizer.classList.add('dragging');
    // The frame would swallow the pointer while dragging over it.
    frame.style.pointerEvents = 'none';
  });
  resizer.addEventListener('pointermove', (e) => {
    if (!resizer.classList.contains('dragging')) return;
    const pane = document.getElementById('editor-pane').getBoundingClientRect();
    editorWidth(e.clientX - pane.left);
  });
  const endDrag = () => { resizer.classList.remove('dragging'); frame.style.pointerEvents = ''; };
  resizer.addEventListener('pointerup', endDrag);
  resizer.addEventListener('pointercancel', endDrag);
  resizer.addEventListener('keydown', (e) => {
    const now = document.getElementById('editor-pane').getBoundingClientRect().width;
    if (e.key === 'ArrowLeft') editorWidth(now - 40);
    else if (e.key === 'ArrowRight') editorWidth(now + 40);
    else return;
    e.preventDefault();
  });
  if (recall('archc-editor') === 'hidden') showEditor(false);
  const savedWidth = Number(recall('archc-editor-width'));
  if (savedWidth > 0) editorWidth(savedWidth);

  // --- Start ------------------------------------------------------------------------------

  (async () => {
    const h = readHash();
    viewState = stateFromHash(h);
    let data = { files: [] };
    try { data = await loadFileList(); } catch (e) { setStatus('the server does not answer'); }
    listen();
    if (h.file && (await openFile(h.file, true))) {
      run();
    } else if (!data.files.length && !config.folder) {
      setStatus('pick an example: Examples, in the sidebar');
    }
  })();
})();
