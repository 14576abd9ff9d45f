// `archc diff OLD NEW -o diff.html|diff.svg` in headless Chromium (playwright-core).
//
//   node tests/browser/diff_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR
//
// Builds two versions of the seed in WORKDIR by text edits: OLD without Kafka, NEW without
// Redshift (every line that names the node goes, with the block it opens; a scenario that no
// longer compiles goes too). Between them Kafka is added where the seed has it and Redshift
// removed where the seed has it, with their connections. Checks: the diff's exit status and
// text; the page is one file (no request, no console error); it opens on the last layer with
// Changes on: Kafka green, Redshift a red ghost, an unchanged node unmarked, added connections
// green; per layer pill, Kafka and Redshift and the legend, and the marks exactly the
// difference of the two compiled models; nothing moves between layers nor with Changes off;
// Changes off is the new version, on again restores the marks, `d` toggles it; the
// standalone SVG of v2 (marks, a legend of three swatches, no script). Screenshot:
// WORKDIR/diff.png. Prints "ok - …" / "not ok - …"; exits 1 on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, finish, launch, until } from './harness.mjs';

const [archc, example, workdirArg] = process.argv.slice(2);
if (!archc || !example || !workdirArg) {
  console.error('usage: node diff_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR');
  process.exit(2);
}
const workdir = path.resolve(workdirArg);
mkdirSync(workdir, { recursive: true });
const run = (...args) => spawnSync(archc, args, { encoding: 'utf8', timeout: 60_000 });
// archc diff runs in WORKDIR on the files' names, as one would: the page names them as given.
const runHere = (...args) => spawnSync(path.resolve(archc), args, { encoding: 'utf8', timeout: 60_000, cwd: workdir });
const seed = readFileSync(example, 'utf8');

// --- The two versions ------------------------------------------------------------------------

// The lines of `lines` from the one that starts `scenario ID` to its closing brace, or null.
function scenarioSpan(lines, id) {
  const start = lines.findIndex((l) => new RegExp(`^scenario\\s+${id}(\\s|$)`).test(l));
  if (start < 0) return null;
  let end = start;
  while (end < lines.length - 1 && lines[end] !== '}') end++;
  return [start, end];
}

// The seed without every line that names `word` outside strings and comments (a block that
// line opens goes with it). Returns the text and the scenarios that lost lines.
function strip(word) {
  const names = new RegExp(`(^|[^\\w-])${word}($|[^\\w-])`);
  const code = (l) => l.replace(/"(\\.|[^"\\])*"/g, '""').replace(/\/\/.*$/, '');
  const braces = (l) => (code(l).match(/{/g) || []).length - (code(l).match(/}/g) || []).length;
  const lines = seed.split('\n'), kept = [], touched = new Set();
  let scenario = null;
  for (let i = 0; i < lines.length; i++) {
    const opens = /^scenario\s+([\w-]+)/.exec(lines[i]);
    if (opens) scenario = opens[1];
    if (!names.test(code(lines[i]))) {
      kept.push(lines[i]);
      if (lines[i] === '}') scenario = null;
      continue;
    }
    if (scenario) touched.add(scenario);
    for (let depth = braces(lines[i]); depth > 0 && i < lines.length - 1;) depth += braces(lines[++i]);
  }
  return { text: kept.join('\n'), touched: [...touched] };
}

// Writes the version to `file`; drops touched scenarios (the one an error is in first) until
// `archc check` passes. Returns the scenarios dropped, or the check's complaint.
function version(word, file) {
  let { text, touched } = strip(word);
  const dropped = [];
  for (;;) {
    writeFileSync(file, text);
    const r = run('check', file);
    if (r.status === 0) return { dropped };
    if (!touched.length) return { error: (r.stderr || r.stdout || `exit ${r.status}`).split('\n').slice(0, 3).join(' ') };
    const lines = text.split('\n');
    const at = Number((new RegExp(`${path.basename(file).replace(/\./g, '\\.')}:(\\d+):`).exec(r.stderr) || [])[1]) - 1;
    const hit = touched.find((id) => { const s = scenarioSpan(lines, id); return s && at >= s[0] && at <= s[1]; }) || touched[0];
    touched = touched.filter((id) => id !== hit);
    const span = scenarioSpan(lines, hit);
    if (span) lines.splice(span[0], span[1] - span[0] + 1);
    text = lines.join('\n');
    dropped.push(hit);
  }
}

const oldPath = path.join(workdir, 'no-kafka.arch');      // OLD: the seed without Kafka
const newPath = path.join(workdir, 'no-redshift.arch');   // NEW: the seed without Redshift
const oldVersion = version('kafka', oldPath);
const newVersion = version('redshift', newPath);
check('OLD (the seed without kafka) and NEW (without redshift) pass archc check',
      !oldVersion.error && !newVersion.error,
      `${oldVersion.error || ''} ${newVersion.error || ''}`.trim());
if (oldVersion.dropped.length || newVersion.dropped.length) {
  console.log(`# scenarios dropped: OLD ${oldVersion.dropped.join(', ') || '-'}, NEW ${newVersion.dropped.join(', ') || '-'}`);
}

// The compiled models: what each layer holds, as keys like the page's (node:id, group:id,
// edge:from->to).
function model(file, out) {
  const r = run(file, '-o', out);
  if (r.status !== 0) throw new Error(`archc ${file} -o ${out}: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8'));
}
function layerKeys(m) {
  const byLayer = new Map();
  for (const l of m.layers) {
    const keys = new Set([...l.nodes.map((n) => `node:${n.id}`), ...l.groups.map((g) => `group:${g.id}`)]);
    const seen = new Map();
    for (const e of l.edges) {
      const k = `edge:${e.from}->${e.to}`;
      seen.set(k, (seen.get(k) || 0) + 1);
      keys.add(seen.get(k) > 1 ? `${k}#${seen.get(k)}` : k);
    }
    byLayer.set(l.id, keys);
  }
  return byLayer;
}
const seedModel = model(example, path.join(workdir, 'seed.json'));
const oldKeys = layerKeys(model(oldPath, path.join(workdir, 'no-kafka.json')));
const newKeys = layerKeys(model(newPath, path.join(workdir, 'no-redshift.json')));
const layers = seedModel.layers.map((l) => l.id);
const holding = (id) => seedModel.layers.filter((l) => l.nodes.some((n) => n.id === id)).map((l) => l.id);
const kafkaLayers = holding('kafka'), redshiftLayers = holding('redshift');
check(`the versions differ as meant: kafka only in NEW (${kafkaLayers.join(' ')}), redshift only in OLD (${redshiftLayers.join(' ')})`,
      layers.length >= 2 && kafkaLayers.length > 0 && redshiftLayers.length > 0 &&
      layers.every((l) => !oldKeys.get(l).has('node:kafka') && !newKeys.get(l).has('node:redshift') &&
                          newKeys.get(l).has('node:kafka') === kafkaLayers.includes(l) &&
                          oldKeys.get(l).has('node:redshift') === redshiftLayers.includes(l)));
const minus = (a, b) => [...a].filter((k) => !b.has(k)).sort();
const union = (a, b) => [...new Set([...a, ...b])].sort();
const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

// --- archc diff ---------------------------------------------------------------------------
const htmlPath = path.join(workdir, 'diff.html'), svgPath = path.join(workdir, 'diff.svg');
const before = path.basename(oldPath), after = path.basename(newPath);
const htmlRun = runHere('diff', before, after, '-o', 'diff.html');
check('archc diff OLD NEW -o diff.html exits 1 (they differ), writes the page, and says + node kafka, - node redshift',
      htmlRun.status === 1 && existsSync(htmlPath) && /^\s*\+ node kafka\b/m.test(htmlRun.stdout) && /^\s*- node redshift\b/m.test(htmlRun.stdout),
      `exit ${htmlRun.status}; ${(htmlRun.stderr || '').trim()} ${htmlRun.stdout.split('\n').slice(0, 4).join(' | ')}`);
const svgRun = runHere('diff', before, after, '-o', 'diff.svg', '--layer', 'v2');
const pageUrl = pathToFileURL(htmlPath).href, svgUrl = pathToFileURL(svgPath).href;

const GREEN = 'rgb(31, 157, 85)', RED = 'rgb(217, 54, 54)', AMBER = 'rgb(199, 124, 0)';

// Everything drawn in the diagram, by key: its marks, whether it is drawn, and where (the
// card, a group's box, a wire) relative to the SVG's box in CSS pixels. Kafka and Redshift
// are always there, as not drawn when the diagram lacks them.
const absent = { marks: [], off: false, drawn: false, box: [0, 0, 0, 0] };
const snapshot = async (page) => ({ 'node:kafka': absent, 'node:redshift': absent, ...(await drawing(page)) });
const drawing = (page) => page.evaluate(() => {
  const svg = document.getElementById('archc-diagram');
  const base = svg.getBoundingClientRect();
  const drawn = (el) => {
    for (let e = el; e && e !== svg.parentNode; e = e.parentNode) if (getComputedStyle(e).display === 'none') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 || r.height > 0;
  };
  const out = {}, seen = new Map();
  for (const g of svg.querySelectorAll('g.node, g.edge, g.group')) {
    let key = g.classList.contains('edge') ? `edge:${g.dataset.from}->${g.dataset.to}`
      : `${g.classList.contains('node') ? 'node' : 'group'}:${g.dataset.id}`;
    seen.set(key, (seen.get(key) || 0) + 1);
    if (seen.get(key) > 1) key += `#${seen.get(key)}`;
    const shape = g.querySelector(':scope > .card') || g.querySelector(':scope > .wire') || g.querySelector(':scope > rect') || g;
    const r = shape.getBoundingClientRect();
    out[key] = { marks: ['added', 'removed', 'changed'].filter((c) => g.classList.contains(c)), off: g.classList.contains('off'),
                 drawn: drawn(g), box: [r.x - base.x, r.y - base.y, r.width, r.height] };
  }
  return out;
});
// How an element looks: its classes, opacity, the card's (or wire's) stroke, the label's decoration.
const looks = (page, selector) => page.evaluate((selector) => {
  const g = document.querySelector(selector);
  if (!g) return null;
  const shape = g.querySelector('.card') || g.querySelector('.wire') || g.querySelector('rect');
  const label = g.querySelector('text.label') || g.querySelector('text');
  const cs = getComputedStyle(shape);
  return { classes: g.getAttribute('class'), opacity: parseFloat(getComputedStyle(g).opacity), stroke: cs.stroke,
           width: cs.strokeWidth, dash: cs.strokeDasharray, deco: label ? getComputedStyle(label).textDecorationLine : null,
           arrow: g.querySelector('.arrow') ? getComputedStyle(g.querySelector('.arrow')).fill : null };
}, selector);
const keysWhere = (snap, f) => Object.keys(snap).filter((k) => f(snap[k])).sort();
const show = (x) => JSON.stringify(x);

const pageErrors = [], consoleErrors = [], requests = [];
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Only the two files themselves may load; anything else is recorded and refused.
  const own = (url) => [pageUrl, svgUrl].includes(url.split('#')[0]);
  await context.route('**/*', (route) => {
    if (own(route.request().url())) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  context.on('request', (r) => { if (!own(r.url()) && !requests.includes(r.url())) requests.push(r.url()); });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForTimeout(200);

  // --- 1. One file --------------------------------------------------------------------------
  check('the page loads nothing but itself and logs no error', requests.length === 0 && pageErrors.length === 0 && consoleErrors.length === 0,
        [...requests, ...pageErrors, ...consoleErrors].join('; '));

  // --- 2. As it opens -------------------------------------------------------------------------
  const svgRoot = page.locator('svg#archc-diagram');
  const changesButton = page.locator('button.changes');
  const legend = page.locator('p.archc-legend');
  const pill = (l) => page.locator(`button.pill[data-layer="${l}"]`);
  const pressedLayer = () => page.locator('button.pill[aria-pressed="true"]').getAttribute('data-layer');
  const last = layers[layers.length - 1];
  const legendText = (l) => `added · removed · changed in ${l}: ${before} → ${after}`;
  check('the svg is the version diff: class versions, data-before/data-after the two files, one pill per layer',
        /\bversions\b/.test(await svgRoot.getAttribute('class')) &&
        (await svgRoot.getAttribute('data-before')) === before && (await svgRoot.getAttribute('data-after')) === after &&
        same(await page.locator('button.pill').evaluateAll((ps) => ps.map((p) => p.dataset.layer)), layers));
  const opened = { layer: await pressedLayer(), changes: await changesButton.getAttribute('aria-pressed'),
                   legend: await legend.isVisible() ? await legend.textContent() : '(hidden)' };
  check(`it opens on the last layer, ${last}, with Changes on (pressed, legend shown)`,
        opened.layer === last && opened.changes === 'true' && opened.legend === legendText(last), show(opened));
  if (opened.changes !== 'true') {
    console.log('# Changes was off on opening: turned on by a click for the checks that follow');
    await changesButton.click();
  }
  if (opened.layer !== last) await pill(last).click();

  const kafka = await looks(page, '#archc-diagram g.node[data-id="kafka"]');
  check(`on ${last} Kafka is drawn, added, its card stroked green ${GREEN}`,
        await page.locator('#archc-diagram g.node[data-id="kafka"] .card').isVisible() &&
        /\badded\b/.test(kafka.classes) && !/\b(removed|changed|off)\b/.test(kafka.classes) && kafka.stroke === GREEN, show(kafka));
  const redshift = await looks(page, '#archc-diagram g.node[data-id="redshift"]');
  check(`on ${last} Redshift is a ghost: removed, opacity 0.45, card stroked red ${RED} and dashed, label struck through`,
        await page.locator('#archc-diagram g.node[data-id="redshift"] .card').isVisible() &&
        /\bremoved\b/.test(redshift.classes) && !/\b(added|changed|off)\b/.test(redshift.classes) &&
        Math.abs(redshift.opacity - 0.45) < 0.01 && redshift.stroke === RED && redshift.dash !== 'none' && redshift.deco === 'line-through',
        show(redshift));
  const plain = [];
  for (const id of ['flink', 'pg-primary']) plain.push({ id, ...(await looks(page, `#archc-diagram g.node[data-id="${id}"]`)) });
  check(`on ${last} unchanged nodes (flink, pg-primary) carry no mark and keep their colours`,
        plain.every((n) => n.classes && !/\b(added|removed|changed|off)\b/.test(n.classes) && n.opacity === 1 &&
                           ![GREEN, RED, AMBER].includes(n.stroke) && n.deco !== 'line-through'), show(plain));
  const addedEdges = await page.evaluate(() => Array.from(document.querySelectorAll('#archc-diagram g.edge.added')).map((g) => ({
    edge: `${g.dataset.from}->${g.dataset.to}`, wire: getComputedStyle(g.querySelector('.wire')).stroke,
    arrow: g.querySelector('.arrow') ? getComputedStyle(g.querySelector('.arrow')).fill : null })));
  const removedEdges = await page.evaluate(() => Array.from(document.querySelectorAll('#archc-diagram g.edge.removed')).map((g) => ({
    edge: `${g.dataset.from}->${g.dataset.to}`, wire: getComputedStyle(g.querySelector('.wire')).stroke })));
  const notGreen = addedEdges.filter((e) => e.wire !== GREEN || (e.arrow && e.arrow !== GREEN));
  check(`on ${last} the added connections (${addedEdges.length}, streams too) are drawn green, wire and arrow`,
        addedEdges.length > 0 && notGreen.length === 0, `not green: ${show(notGreen)}`);
  check(`on ${last} the removed connections (${removedEdges.length}) are drawn red`,
        removedEdges.length > 0 && removedEdges.every((e) => e.wire === RED), show(removedEdges.filter((e) => e.wire !== RED)));

  // --- 3. Per pill, with Changes on ------------------------------------------------------------
  const states = [];   // [label, snapshot]: every state the page went through, for "nothing moves"
  const expectOn = (l) => ({ drawn: union(oldKeys.get(l), newKeys.get(l)), added: minus(newKeys.get(l), oldKeys.get(l)),
                             removed: minus(oldKeys.get(l), newKeys.get(l)) });
  const marksAre = (snap, want) => {
    const got = { drawn: keysWhere(snap, (e) => e.drawn), added: keysWhere(snap, (e) => e.drawn && e.marks.includes('added')),
                  removed: keysWhere(snap, (e) => e.drawn && e.marks.includes('removed')),
                  changed: keysWhere(snap, (e) => e.marks.includes('changed')),
                  hiddenMarked: keysWhere(snap, (e) => !e.drawn && e.marks.length > 0) };
    const wrong = [];
    for (const what of ['drawn', 'added', 'removed']) {
      const extra = minus(new Set(got[what]), new Set(want[what])), missing = minus(new Set(want[what]), new Set(got[what]));
      if (extra.length || missing.length) wrong.push(`${what}: extra ${show(extra)} missing ${show(missing)}`);
    }
    if (got.changed.length) wrong.push(`changed: ${show(got.changed)}`);
    if (got.hiddenMarked.length) wrong.push(`marked but not drawn: ${show(got.hiddenMarked)}`);
    return wrong;
  };
  for (const l of layers) {
    await pill(l).click();
    await until(async () => (await pressedLayer()) === l, 2000);
    const snap = await snapshot(page);
    states.push([`${l}, Changes on`, snap]);
    const k = snap['node:kafka'], r = snap['node:redshift'];
    const kafkaOk = kafkaLayers.includes(l) ? k.drawn && k.marks.join() === 'added' : !k.drawn && k.marks.length === 0;
    const redshiftOk = redshiftLayers.includes(l) ? r.drawn && r.marks.join() === 'removed' : !r.drawn;
    const text = await legend.isVisible() ? await legend.textContent() : '(hidden)';
    check(`${l}: Kafka ${kafkaLayers.includes(l) ? 'added' : 'not drawn'}, Redshift ${redshiftLayers.includes(l) ? 'removed (a ghost)' : 'not drawn'}, ` +
          `legend "${legendText(l)}"`,
          kafkaOk && redshiftOk && text === legendText(l),
          `kafka ${show(k && { marks: k.marks, drawn: k.drawn })}, redshift ${show(r && { marks: r.marks, drawn: r.drawn })}, legend "${text}"`);
    const wrong = marksAre(snap, expectOn(l));
    check(`${l}: drawn = OLD ∪ NEW, added = NEW − OLD, removed = OLD − NEW (of the compiled models), nothing changed`,
          wrong.length === 0, wrong.join('; '));
  }

  // --- 5. Changes off: the new version -----------------------------------------------------------
  await pill(last).click();
  await changesButton.click();
  const offSnap = await snapshot(page);
  states.push([`${last}, Changes off`, offSnap]);
  const offText = await legend.isVisible() ? await legend.textContent() : '';
  check(`Changes off (${last}): Redshift hidden, Kafka unmarked, nothing marked, no legend, the button not pressed`,
        (await changesButton.getAttribute('aria-pressed')) === 'false' && !offSnap['node:redshift'].drawn &&
        offSnap['node:kafka'].drawn && offSnap['node:kafka'].marks.length === 0 &&
        keysWhere(offSnap, (e) => e.marks.length > 0).length === 0 && offText === '',
        `redshift ${show(offSnap['node:redshift'])}, kafka ${show(offSnap['node:kafka'])}, marked ${show(keysWhere(offSnap, (e) => e.marks.length > 0))}, legend "${offText}"`);
  const offWrong = [];
  for (const l of layers) {
    await pill(l).click();
    await until(async () => (await pressedLayer()) === l, 2000);
    const snap = await snapshot(page);
    states.push([`${l}, Changes off`, snap]);
    const drawn = keysWhere(snap, (e) => e.drawn), marked = keysWhere(snap, (e) => e.marks.length > 0);
    if (!same(drawn, newKeys.get(l)) || marked.length) {
      offWrong.push(`${l}: extra ${show(minus(new Set(drawn), newKeys.get(l)))} missing ${show(minus(newKeys.get(l), new Set(drawn)))} marked ${show(marked)}`);
    }
  }
  check('with Changes off every layer draws exactly the new version (NEW\'s compiled model), unmarked', offWrong.length === 0, offWrong.join('; '));
  await pill(last).click();
  await changesButton.click();
  const onAgain = await snapshot(page);
  states.push([`${last}, Changes on again`, onAgain]);
  const againWrong = marksAre(onAgain, expectOn(last));
  check('Changes on again restores the marks and the legend',
        (await changesButton.getAttribute('aria-pressed')) === 'true' && againWrong.length === 0 &&
        (await legend.textContent()) === legendText(last), `${againWrong.join('; ')} legend "${await legend.textContent()}"`);

  // The keyboard: d toggles Changes (page.js binds it), not while a field has focus.
  await page.evaluate(() => document.activeElement && document.activeElement.blur && document.activeElement.blur());
  await page.keyboard.press('d');
  const dOff = { pressed: await changesButton.getAttribute('aria-pressed'), snap: await snapshot(page) };
  states.push([`${last}, d (off)`, dOff.snap]);
  await page.keyboard.press('d');
  const dOn = { pressed: await changesButton.getAttribute('aria-pressed'), snap: await snapshot(page) };
  states.push([`${last}, d (on)`, dOn.snap]);
  check('d turns Changes off (Redshift hidden, Kafka unmarked) and on again (marks back)',
        dOff.pressed === 'false' && !dOff.snap['node:redshift'].drawn && dOff.snap['node:kafka'].marks.length === 0 &&
        dOn.pressed === 'true' && marksAre(dOn.snap, expectOn(last)).length === 0,
        `off: ${dOff.pressed}, on: ${dOn.pressed}`);

  // --- 4. Nothing moves ------------------------------------------------------------------------
  const moved = [];
  let compared = 0, comparedNodes = 0;
  const keys = new Set(states.flatMap(([, s]) => Object.keys(s)));
  for (const key of keys) {
    const seen = states.filter(([, s]) => s[key] && s[key].drawn);
    if (seen.length < 2) continue;
    compared++;
    if (key.startsWith('node:')) comparedNodes++;
    // Any two states: each of x, y, width, height spreads at most 0.5 px.
    for (let i = 0; i < 4; i++) {
      const byValue = [...seen].sort((p, q) => p[1][key].box[i] - q[1][key].box[i]);
      const [lowLabel, low] = byValue[0], [highLabel, high] = byValue[byValue.length - 1];
      if (high[key].box[i] - low[key].box[i] > 0.5) {
        moved.push(`${key} ${lowLabel} ${show(low[key].box.map((v) => +v.toFixed(1)))} vs ${highLabel} ${show(high[key].box.map((v) => +v.toFixed(1)))}`);
        break;
      }
    }
  }
  const multiLayer = [...keys].filter((k) => k.startsWith('node:') && layers.filter((l) => states.some(([label, s]) => label.startsWith(l + ',') && s[k] && s[k].drawn)).length >= 2);
  check(`nothing moves: ${compared} elements (${comparedNodes} nodes, ${multiLayer.length} of them drawn in ≥ 2 layers) keep their place ±0.5 px ` +
        `across ${states.length} states (every pill, Changes off and on, d)`,
        moved.length === 0 && multiLayer.length >= 5 && multiLayer.includes('node:redshift') && multiLayer.includes('node:kafka'),
        moved.slice(0, 5).join('; ') || `only ${multiLayer.length} nodes in ≥ 2 layers`);

  // --- 7. For humans ------------------------------------------------------------------------
  const pngPath = path.join(workdir, 'diff.png');
  await page.screenshot({ path: pngPath, fullPage: true });
  check(`a screenshot of ${last} with Changes on: ${pngPath}`, existsSync(pngPath) && statSync(pngPath).size > 10_000);

  // --- 6. The standalone SVG ----------------------------------------------------------------
  const svgText = existsSync(svgPath) ? readFileSync(svgPath, 'utf8') : '';
  check('archc diff OLD NEW -o diff.svg --layer v2 exits 1 and writes an SVG without script',
        svgRun.status === 1 && svgText.startsWith('<svg') && !/<script\b/i.test(svgText), `exit ${svgRun.status}; ${(svgRun.stderr || '').trim()}`);
  await page.goto(svgUrl, { waitUntil: 'load' });
  const inSvg = await page.evaluate(() => {
    const st = (el, p) => (el ? getComputedStyle(el)[p] : null);
    const node = (id) => {
      const g = document.querySelector(`g.node[data-id="${id}"]`);
      return g && { classes: g.getAttribute('class'), stroke: st(g.querySelector('.card'), 'stroke'), opacity: parseFloat(st(g, 'opacity')),
                    display: st(g, 'display') };
    };
    const legend = document.querySelector('g.legend');
    const swatch = (c) => legend && legend.querySelector(`rect.legend-${c}`);
    return {
      scripts: document.querySelectorAll('script').length,
      kafka: node('kafka'), redshift: node('redshift'),
      swatches: legend ? legend.querySelectorAll('rect').length : 0,
      strokes: ['added', 'removed', 'changed'].map((c) => st(swatch(c), 'stroke')),
      legend: legend ? legend.textContent : null,
    };
  });
  check('the SVG of v2: Kafka added, stroked green; Redshift removed, a red ghost',
        /\badded\b/.test(inSvg.kafka?.classes) && inSvg.kafka.stroke === GREEN && inSvg.kafka.display !== 'none' &&
        /\bremoved\b/.test(inSvg.redshift?.classes) && inSvg.redshift.stroke === RED && Math.abs(inSvg.redshift.opacity - 0.45) < 0.01 &&
        inSvg.redshift.display !== 'none', show({ kafka: inSvg.kafka, redshift: inSvg.redshift }));
  check('… its legend: three swatches (green, red, amber), the layer and both files; no <script> in it',
        inSvg.swatches === 3 && show(inSvg.strokes) === show([GREEN, RED, AMBER]) && inSvg.scripts === 0 &&
        inSvg.legend.includes('v2') && inSvg.legend.includes(before) && inSvg.legend.includes(after) &&
        inSvg.legend.indexOf(before) < inSvg.legend.indexOf(after), show(inSvg));
  const svgWrong = marksAre(await snapshot(page), expectOn('v2'));
  check('… it draws OLD ∪ NEW of v2, added = NEW − OLD, removed = OLD − NEW, nothing else', svgWrong.length === 0, svgWrong.join('; '));

  check('no request and no console or script error through all the checks (page and SVG)',
        requests.length === 0 && pageErrors.length === 0 && consoleErrors.length === 0,
        [...requests, ...pageErrors, ...consoleErrors].join('; '));
} catch (e) {
  check('the checks finished', false, e.message.split('\n')[0]);
} finally {
  await browser.close();
}
finish();
