// The views of a page, in headless Chromium (playwright-core): choosing a view in the Views
// control shows its own picture with only its nodes, the address follows (`#view=ID`), a
// deep link opens on a view, Back returns to the layer, and the layer pills and the scenario
// player still work after a view was shown.
//
//   node tests/browser/views_test.mjs ARCHC_BINARY ARCH_WITH_VIEWS WORKDIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, finish, launch, until } from './harness.mjs';

const [archc, source, workdirArg] = process.argv.slice(2);
if (!archc || !source || !workdirArg) {
  console.error('usage: node views_test.mjs ARCHC_BINARY ARCH_WITH_VIEWS WORKDIR');
  process.exit(2);
}
const workdir = path.resolve(workdirArg);
mkdirSync(workdir, { recursive: true });
const htmlPath = path.join(workdir, 'views.html');
const jsonPath = path.join(workdir, 'views.json');
execFileSync(archc, [source, '-o', htmlPath]);
execFileSync(archc, [source, '-o', jsonPath]);
const model = JSON.parse(readFileSync(jsonPath, 'utf8'));
const pageUrl = pathToFileURL(htmlPath).href;
check('the diagram has at least two views', model.views.length >= 2, `${model.views.length}`);
const [first, second] = model.views;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const pageErrors = [];
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(pageUrl);

  // What is on screen: the ids of the nodes drawn, in whichever picture shows.
  const visibleNodes = () => page.evaluate(() => Array.from(document.querySelectorAll('g.node'))
    .filter((g) => { const r = g.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .map((g) => g.dataset.id).sort());
  const hash = () => page.evaluate(() => location.hash);
  const lastLayer = model.layers[model.layers.length - 1].id;

  const picks = await page.locator('nav.views button.view-pick').count();
  check('the Views control has a button per view', picks === model.views.length, `${picks}`);
  check('the page opens on the diagram', (await visibleNodes()).length > 0 &&
        await page.evaluate(() => getComputedStyle(document.getElementById('archc-diagram')).display !== 'none'));

  // Choosing a view: only its nodes, in its own picture.
  await page.click(`nav.views button[data-view="${first.id}"]`);
  const want = first.nodes.map((n) => n.id).sort();
  check('choosing a view shows exactly its nodes', await until(async () => JSON.stringify(await visibleNodes()) === JSON.stringify(want)),
        `${JSON.stringify(await visibleNodes())} vs ${JSON.stringify(want)}`);
  check('the diagram is hidden while a view shows',
        await page.evaluate(() => getComputedStyle(document.getElementById('archc-diagram')).display === 'none'));
  check('the address follows the view', await until(async () => (await hash()) === `#view=${first.id}`), await hash());
  check('the view\'s button is pressed',
        (await page.getAttribute(`nav.views button[data-view="${first.id}"]`, 'aria-pressed')) === 'true');
  const layerTitle = await page.textContent('.layer-title');
  check('the title line names the view', layerTitle.includes(first.title), layerTitle);
  // Each view is laid out on its own: its picture holds its nodes only, at its own places.
  const own = await page.evaluate((id) => document.querySelectorAll(`.archc-view[data-view="${id}"] g.node`).length, first.id);
  check('the view\'s picture holds its own nodes only', own === first.nodes.length, `${own}`);

  // The page with a view shown: every id unique, every control named (axe-core).
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id} (${v.nodes.length})`));
  check('axe-core reports no violation with a view shown', violations.length === 0, violations.join(', '));

  // Another view, then Back.
  await page.click(`nav.views button[data-view="${second.id}"]`);
  const want2 = second.nodes.map((n) => n.id).sort();
  check('a second view replaces the first', await until(async () => JSON.stringify(await visibleNodes()) === JSON.stringify(want2)));
  await page.goBack();
  check('Back returns to the first view', await until(async () => JSON.stringify(await visibleNodes()) === JSON.stringify(want)),
        JSON.stringify(await visibleNodes()));

  // The layer pills still work after a view.
  await page.click(`nav.layers button.pill[data-layer="${model.layers[0].id}"]`);
  const layerNodes = model.layers[0].nodes.map((n) => n.id).sort();
  check('a layer pill leaves the view and shows the layer', await until(async () => JSON.stringify(await visibleNodes()) === JSON.stringify(layerNodes)),
        JSON.stringify(await visibleNodes()));
  check('the address says the layer again', await until(async () => (await hash()) === `#layer=${model.layers[0].id}`), await hash());
  check('no view button is pressed', await page.evaluate(() =>
    Array.from(document.querySelectorAll('nav.views button')).every((b) => b.getAttribute('aria-pressed') === 'false')));

  // A scenario chosen from a view plays in the diagram.
  if (model.scenarios.length) {
    await page.click(`nav.views button[data-view="${first.id}"]`);
    await page.click(`.scenario-pick[data-scenario="${model.scenarios[0].id}"]`);
    check('a scenario leaves the view', await until(async () =>
      page.evaluate(() => getComputedStyle(document.getElementById('archc-diagram')).display !== 'none' &&
                          !document.querySelector('.archc-view:not([hidden])'))));
    check('the address says the scenario', await until(async () => (await hash()).startsWith(`#scenario=${model.scenarios[0].id}`)), await hash());
  }

  // A deep link opens on the view; an unknown view is ignored.
  const deep = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  deep.on('pageerror', (e) => pageErrors.push(String(e)));
  await deep.goto(`${pageUrl}#view=${encodeURIComponent(second.id)}`);
  check('a deep link opens on its view', await until(async () =>
    deep.evaluate((id) => !document.querySelector(`.archc-view[data-view="${id}"]`).hidden, second.id)));
  await deep.goto(`${pageUrl}#view=no-such-view`);
  await deep.reload();
  check('an unknown view in the address shows the diagram', await until(async () =>
    deep.evaluate(() => getComputedStyle(document.getElementById('archc-diagram')).display !== 'none')));
  check('the diagram then opens on the last layer', await until(async () =>
    deep.evaluate((l) => document.querySelector(`nav.layers button[data-layer="${l}"]`).getAttribute('aria-pressed') === 'true', lastLayer)));

  // Keys 1-9 pick a layer from a view too.
  await page.click(`nav.views button[data-view="${first.id}"]`);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('1');
  check('a layer key leaves the view', await until(async () => !(await hash()).startsWith('#view=') &&
    page.evaluate(() => getComputedStyle(document.getElementById('archc-diagram')).display !== 'none')), await hash());

  check('no script error', pageErrors.length === 0, pageErrors.join('; '));
} finally {
  await browser.close();
}
finish();
