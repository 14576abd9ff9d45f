// Browser checks of archc's HTML output, in headless Chromium via playwright-core.
//
//   node tests/browser/html_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR
//
// Compiles EXAMPLE_ARCH to WORKDIR/page.html, opens it from file:// and checks the
// layer pills against the HTML contract:
//   <svg id="archc-diagram">, <button class="pill" data-layer="vN" aria-pressed>,
//   <g class="node"  data-id="ID" data-layers="v1 v2 v3">,
//   <g class="edge"  data-from="A" data-to="B" data-layers="...">,
//   <g class="group" data-id="ID" data-layers="...">.
// The example must have layers v1, v2, v3 and nodes pg-primary (in v1, v2, v3),
// debezium (in v2, not v1) and grafana (in v3 only).
// Prints "ok - name" / "not ok - name: detail" per check, then "N passed, M failed";
// exits 1 if anything failed. Env CHROMIUM overrides /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [archc, example, workdirArg] = process.argv.slice(2);
if (!archc || !example || !workdirArg) {
  console.error('usage: node html_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR');
  process.exit(2);
}
const workdir = path.resolve(workdirArg);
const htmlPath = path.join(workdir, 'page.html');
const pageUrl = pathToFileURL(htmlPath).href;

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
  return ok;
}

class Stop extends Error {} // a deliberate stop: print the message, not the stack

const consoleErrors = [], pageErrors = [], foreignRequests = [];
let browser;

// For every element matching `selector`, whether its visibility agrees with
// membership of `layer` in its data-layers. Returns {shown, hidden, wrong}.
async function layerVisibility(page, selector, layer) {
  const shown = [], hidden = [], wrong = [];
  for (const el of await page.locator(selector).all()) {
    const layers = ((await el.getAttribute('data-layers')) || '').split(/\s+/);
    const id = (await el.getAttribute('data-id')) ??
      `${await el.getAttribute('data-from')}->${await el.getAttribute('data-to')}`;
    const inLayer = layers.includes(layer);
    (inLayer ? shown : hidden).push(id);
    if ((await isShown(el)) !== inLayer) wrong.push(`${id} ${inLayer ? 'hidden' : 'visible'}`);
  }
  return { shown, hidden, wrong };
}

// Playwright's isVisible() needs a non-empty box, which a straight horizontal or
// vertical edge path may not have; so also accept an element the browser renders
// (not display:none / visibility:hidden on it or an ancestor) with a non-zero extent.
async function isShown(el) {
  if (await el.isVisible()) return true;
  return el.evaluate((e) => e.checkVisibility({ visibilityProperty: true }) &&
    (e.getBoundingClientRect().width > 0 || e.getBoundingClientRect().height > 0));
}

function checkLayer(name, { shown, hidden, wrong }, needHidden) {
  check(`${name}: every element in the layer is visible, every other hidden`, wrong.length === 0,
    wrong.join(', '));
  if (needHidden) check(`${name}: some are hidden`, hidden.length > 0, `in layer: ${shown.join(' ')}`);
}

async function pressed(page, layer) {
  return page.locator(`button.pill[data-layer="${layer}"]`).getAttribute('aria-pressed');
}

const node = (page, id) => page.locator(`g.node[data-id="${id}"]`);

try {
  mkdirSync(workdir, { recursive: true });
  try {
    execFileSync(archc, [example, '-o', htmlPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    check('archc exits 0', true);
  } catch (e) {
    check('archc exits 0', false, `status ${e.status ?? e.code}: ${String(e.stderr || e.message).trim()}`);
    throw new Stop('no page to test');
  }

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  context.on('request', (r) => {
    const u = r.url();
    if (u !== pageUrl && !u.startsWith('data:')) foreignRequests.push(u);
  });

  await page.goto(pageUrl, { waitUntil: 'load' });

  check('svg#archc-diagram exists', (await page.locator('svg#archc-diagram').count()) === 1);
  let structureOk = true;
  for (const l of ['v1', 'v2', 'v3'])
    structureOk &= check(`pill ${l} exists`, (await page.locator(`button.pill[data-layer="${l}"]`).count()) === 1);
  if (!structureOk) throw new Stop('layer pills missing, cannot test toggling');
  const initial = [await pressed(page, 'v1'), await pressed(page, 'v2'), await pressed(page, 'v3')];
  check('initially only v3 is pressed', initial.join() === 'false,false,true', `aria-pressed v1,v2,v3 = ${initial}`);
  const nodeCount = await page.locator('g.node').count();
  const initialV3 = await layerVisibility(page, 'g.node', 'v3');
  check('initially all nodes visible', nodeCount > 0 && initialV3.wrong.length === 0,
    nodeCount ? initialV3.wrong.join(', ') : 'no g.node');

  await page.locator('button.pill[data-layer="v1"]').click();
  check('after v1: v1 pressed, v3 not', (await pressed(page, 'v1')) === 'true' && (await pressed(page, 'v3')) === 'false',
    `v1=${await pressed(page, 'v1')} v3=${await pressed(page, 'v3')}`);
  checkLayer('v1 nodes', await layerVisibility(page, 'g.node', 'v1'), true);
  check('v1 hides debezium and grafana',
    !(await node(page, 'debezium').isVisible()) && !(await node(page, 'grafana').isVisible()));
  checkLayer('v1 edges', await layerVisibility(page, 'g.edge', 'v1'), false);
  checkLayer('v1 groups', await layerVisibility(page, 'g.group', 'v1'), false);
  const boxV1 = await node(page, 'pg-primary').boundingBox();
  check('pg-primary visible in v1', boxV1 !== null);

  await page.locator('button.pill[data-layer="v2"]').click();
  check('after v2: v2 pressed', (await pressed(page, 'v2')) === 'true');
  check('v2 shows debezium', await node(page, 'debezium').isVisible());
  check('v2 hides grafana', !(await node(page, 'grafana').isVisible()));
  checkLayer('v2 nodes', await layerVisibility(page, 'g.node', 'v2'), false);
  const boxV2 = await node(page, 'pg-primary').boundingBox();
  check('pg-primary does not move v1 -> v2', JSON.stringify(boxV1) === JSON.stringify(boxV2),
    `${JSON.stringify(boxV1)} vs ${JSON.stringify(boxV2)}`);

  await page.locator('button.pill[data-layer="v3"]').click();
  check('after v3: v3 pressed', (await pressed(page, 'v3')) === 'true');
  checkLayer('v3 nodes', await layerVisibility(page, 'g.node', 'v3'), false);
  const boxV3 = await node(page, 'pg-primary').boundingBox();
  check('pg-primary does not move v1 -> v3', JSON.stringify(boxV1) === JSON.stringify(boxV3),
    `${JSON.stringify(boxV1)} vs ${JSON.stringify(boxV3)}`);

  await page.screenshot({ path: path.join(workdir, 'v3.png'), fullPage: true });

  // Clicking a node tells its label, kind and note; Enter on a focused connection does too.
  await node(page, 'debezium').click();
  const said = await page.textContent('.archc-details');
  check('clicking a node shows its note',
    said === 'Debezium CDC (debezium) — A Kafka Connect source connector running in the Connect worker cluster', said);
  await page.focus('g.edge[data-from="debezium"][data-to="pg-primary"]');
  await page.keyboard.press('Enter');
  const edgeSaid = await page.textContent('.archc-details');
  check('Enter on a connection shows who dials whom and its note',
    edgeSaid.startsWith('debezium dials pg-primary: replication slot') && edgeSaid.includes('Postgres does not push'), edgeSaid);

  // The scenario player: picking a scenario shows its layer; Next walks its steps with
  // their captions and packets; Play moves packets in real time.
  const packets = () => page.$$eval('circle.packet', (cs) => cs.map((c) => ({
    from: c.dataset.from, to: c.dataset.to, x: +c.getAttribute('cx'), y: +c.getAttribute('cy') })));
  await page.locator('button.scenario-pick[data-scenario="order-event"]').click();
  check('picking "Real-Time Order Event" shows v2', (await pressed(page, 'v2')) === 'true');
  check('the scenario is pressed', (await page.getAttribute('button.scenario-pick[data-scenario="order-event"]', 'aria-pressed')) === 'true');
  await page.locator('button.player-next').click();
  check('step 1 captions the WAL read', (await page.textContent('.player-caption')) === 'order row read from the WAL');
  const atStep2 = await packets();
  check('step 2 has its packet at debezium, having come from pg-primary',
    atStep2.length === 1 && atStep2[0].from === 'pg-primary' && atStep2[0].to === 'debezium', JSON.stringify(atStep2));
  // Card centres in SVG units, the packets' own coordinates.
  const centre = (id) => page.$eval(`g.node[data-id="${id}"] rect.card`, (r) => ({
    x: +r.getAttribute('x') + +r.getAttribute('width') / 2, y: +r.getAttribute('y') + +r.getAttribute('height') / 2 }));
  const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
  const debeziumAt = await centre('debezium'), pgAt = await centre('pg-primary');
  check('the packet travelled against the dial, to debezium (nearer it than pg-primary)',
    atStep2.length === 1 && dist(atStep2[0], debeziumAt) < dist(atStep2[0], pgAt),
    `${JSON.stringify(atStep2)} debezium ${JSON.stringify(debeziumAt)} pg ${JSON.stringify(pgAt)}`);
  await page.locator('button.player-next').click();
  await page.locator('button.player-next').click();
  const par = await packets();
  check('the par slot moves two packets at once', par.length === 2 &&
    par.some((p) => p.to === 'flink') && par.some((p) => p.to === 'notifications'), JSON.stringify(par));
  await page.locator('button.player-back, button.player-prev').first().click();
  check('Back returns to the previous step', (await page.textContent('.player-caption')) === 'orders topic');
  await page.locator('button.player-play').click();
  const t0 = await packets();
  await page.waitForTimeout(400);
  const t1 = await packets();
  check('Play moves the packet', t0.length > 0 && t1.length > 0 && (t0[0].x !== t1[0].x || t0[0].y !== t1[0].y),
    `${JSON.stringify(t0)} then ${JSON.stringify(t1)}`);
  await page.locator('button.player-play').click();
  check('Pause stops it', (await page.textContent('button.player-play')) === 'Play');
  await page.locator('button.pill[data-layer="v1"]').click();
  // 100% shows the diagram at its own size (wider than the window here), Fit fits it again.
  const svgWidth = () => page.$eval('#archc-diagram', (el) => el.getBoundingClientRect().width);
  const fitted = await svgWidth();
  await page.locator('button.zoom').click();
  const actual = await svgWidth();
  const ownWidth = +(await page.getAttribute('#archc-diagram', 'width'));
  check('100% shows the diagram at its own size', Math.abs(actual - ownWidth) < 1 && actual > fitted, `${fitted} -> ${actual} (own ${ownWidth})`);
  await page.locator('button.zoom').click();
  check('Fit fits it again', Math.abs((await svgWidth()) - fitted) < 1);
  check('another layer ends the scenario', (await packets()).length === 0 && (await page.textContent('.player-caption')) === '');

  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  check('no page errors', pageErrors.length === 0, pageErrors.join(' | '));
  check('no requests beyond the page itself', foreignRequests.length === 0, foreignRequests.join(' '));
} catch (e) {
  check('harness ran to the end', false, e instanceof Stop ? e.message : e?.stack || String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
