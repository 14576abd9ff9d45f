// Browser checks of archc's SVG output, in headless Chromium via playwright-core.
//
//   node tests/browser/svg_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR
//
// Compiles EXAMPLE_ARCH to the folder WORKDIR/out/ and checks, with the fonts the browser
// really uses:
//   - in every layer's SVG, each node's texts stay inside its card, each edge label inside
//     its background, and no two cards overlap;
//   - v1.svg holds no v2-only node;
//   - every scenario SVG animates without script: its packets move along their edges
//     while their slot runs, and are hidden outside it;
//   - no SVG loads anything, and none holds a <script>.
// Prints "ok - name" / "not ok - name: detail", then "N passed, M failed"; exits 1 on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [archc, example, workdirArg] = process.argv.slice(2);
if (!archc || !example || !workdirArg) {
  console.error('usage: node svg_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR');
  process.exit(2);
}
const out = path.join(path.resolve(workdirArg), 'out');

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
}

// Geometry of one SVG page, measured in the page: boxes in SVG user units.
function measure() {
  const inside = (a, b, slack) => a.x >= b.x - slack && a.y >= b.y - slack &&
    a.x + a.width <= b.x + b.width + slack && a.y + a.height <= b.y + b.height + slack;
  const box = (el) => { const b = el.getBBox(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
  const overflow = [], overlaps = [], labels = [];
  const cards = [];
  for (const node of document.querySelectorAll('g.node')) {
    const card = box(node.querySelector('rect.card'));
    cards.push({ id: node.dataset.id, card });
    for (const t of node.querySelectorAll('text')) {
      if (!inside(box(t), card, 0.5)) overflow.push(`${node.dataset.id}: "${t.textContent}"`);
    }
  }
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      const a = cards[i].card, b = cards[j].card;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) overlaps.push(`${cards[i].id} / ${cards[j].id}`);
    }
  }
  const crossing = [];
  const meets = (a, b) => !(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y);
  const labelBoxes = [];
  for (const edge of document.querySelectorAll('g.edge')) {
    const t = edge.querySelector('text.edge-label');
    if (t && !inside(box(t), box(edge.querySelector('rect.label-bg')), 0.5)) labels.push(t.textContent);
    const bg = edge.querySelector('rect.label-bg');
    if (!bg) continue;
    const b = box(bg);
    for (const c of cards) if (meets(b, c.card)) crossing.push(`"${t.textContent}" on ${c.id}`);
    for (const other of labelBoxes) if (meets(b, other.box)) crossing.push(`"${t.textContent}" on "${other.text}"`);
    labelBoxes.push({ box: b, text: t.textContent });
  }
  return { overflow, overlaps, labels, crossing, nodes: cards.map((c) => c.id), scripts: document.querySelectorAll('script').length };
}

// Where each packet is, and whether it shows, at `seconds` into the loop.
function packetsAt(seconds) {
  const svg = document.documentElement;
  svg.pauseAnimations();
  svg.setCurrentTime(seconds);
  return [...document.querySelectorAll('circle.packet')].map((c) => {
    const r = c.getBoundingClientRect();
    return { from: c.dataset.from, to: c.dataset.to, x: r.x, y: r.y, shown: getComputedStyle(c).opacity !== '0' };
  });
}

let browser;
try {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(archc, [example, '-o', out + '/'], { stdio: 'inherit' });
  const files = readdirSync(out).sort();
  check('the folder holds v1/v2/v3 and index.html', ['v1.svg', 'v2.svg', 'v3.svg', 'index.html'].every((f) => files.includes(f)), files.join(' '));

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await (await browser.newContext()).newPage();
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith('file://' + out)) foreign.push(r.url()); });

  const layers = {};
  for (const layer of ['v1', 'v2', 'v3']) {
    await page.goto(pathToFileURL(path.join(out, `${layer}.svg`)).href);
    const m = await page.evaluate(measure);
    layers[layer] = m;
    check(`${layer}: labels stay inside their nodes`, m.overflow.length === 0, m.overflow.join('; '));
    check(`${layer}: no two nodes overlap`, m.overlaps.length === 0, m.overlaps.join('; '));
    check(`${layer}: edge labels stay inside their backgrounds`, m.labels.length === 0, m.labels.join('; '));
    check(`${layer}: edge labels collide with no node and no other label`, m.crossing.length === 0, m.crossing.join('; '));
    check(`${layer}: no script`, m.scripts === 0);
    await page.screenshot({ path: path.join(path.dirname(out), `${layer}.png`) }); // for humans
  }
  check('v1 holds no v2 node', !layers.v1.nodes.includes('debezium') && !readFileSync(path.join(out, 'v1.svg'), 'utf8').includes('Debezium'));
  check('v3 holds v3 nodes', layers.v3.nodes.includes('grafana') && layers.v3.nodes.includes('pg-primary'));

  const scenarios = files.filter((f) => f.endsWith('.svg') && !/^v\d\.svg$/.test(f));
  check('three scenario SVGs', scenarios.length === 3, scenarios.join(' '));
  for (const file of scenarios) {
    await page.goto(pathToFileURL(path.join(out, file)).href);
    check(`${file}: no script`, (await page.evaluate(() => document.querySelectorAll('script').length)) === 0);
    const at0 = await page.evaluate(packetsAt, 0.05);
    check(`${file}: has packets`, at0.length > 0);
    // The first slot lasts at least 0.8 s: sample its start and its middle.
    const first = await page.evaluate(packetsAt, 0.1);
    const later = await page.evaluate(packetsAt, 0.5);
    const moving = first.findIndex((p, i) => p.shown && later[i].shown && (Math.abs(p.x - later[i].x) > 2 || Math.abs(p.y - later[i].y) > 2));
    const shownNow = first.filter((p) => p.shown).length;
    const noteFirst = shownNow === 0; // a scenario may open with a note
    if (noteFirst) {
      const t2 = await page.evaluate(packetsAt, 1.3), t3 = await page.evaluate(packetsAt, 1.8);
      const m2 = t2.findIndex((p, i) => p.shown && t3[i].shown && (Math.abs(p.x - t3[i].x) > 2 || Math.abs(p.y - t3[i].y) > 2));
      check(`${file}: a packet moves during the second slot`, m2 >= 0);
    } else {
      check(`${file}: a packet moves during the first slot`, moving >= 0);
    }
    check(`${file}: packets outside their slot are hidden`, first.some((p) => !p.shown));
  }
  check('no SVG loads anything', foreign.length === 0, foreign.join(' '));
} catch (e) {
  failed++;
  console.log(`not ok - ${e.message.split('\n')[0]}`);
} finally {
  if (browser) await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
