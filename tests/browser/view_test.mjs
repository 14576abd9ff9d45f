// The page opens readable (issue 25): every example and corpus diagram, compiled to HTML and
// opened in Chromium at 1440x900, shows node labels at least 13 px tall at first sight; one
// too large for that opens on the start of its data flow (a node of the shown layer in view)
// with the minimap shown, `0` fits the whole diagram, and a deep-linked scenario opens on its
// first step.
//
//   node tests/browser/view_test.mjs ARCHC_BINARY WORKDIR FILE.arch…
//
// Prints "ok - …" / "not ok - …"; exits 1 on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, finish, launch, until } from './harness.mjs';

const [archc, workdirArg, ...files] = process.argv.slice(2);
if (!archc || !workdirArg || !files.length) {
  console.error('usage: node view_test.mjs ARCHC_BINARY WORKDIR FILE.arch…');
  process.exit(2);
}
const workdir = path.resolve(workdirArg);
mkdirSync(workdir, { recursive: true });

// Label height on screen: the label's font size (14 units) times the SVG's scale; and how many
// of the shown layer's nodes are wholly inside the canvas.
function measure() {
  const svg = document.getElementById('archc-diagram');
  const canvas = document.querySelector('.archc-canvas').getBoundingClientRect();
  const m = svg.getScreenCTM();
  const nodes = [...svg.querySelectorAll('g.node:not(.off) rect.card')].map((r) => r.getBoundingClientRect());
  const inView = nodes.filter((b) => b.left >= canvas.left - 1 && b.right <= canvas.right + 1 &&
                                     b.top >= canvas.top - 1 && b.bottom <= canvas.bottom + 1).length;
  const mini = document.querySelector('.archc-minimap');
  return { px: 14 * m.a, inView, nodes: nodes.length, minimap: !!mini && getComputedStyle(mini).display !== 'none' };
}

const browser = await launch();
const errors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  const sizes = [];
  for (const file of files) {
    const name = path.basename(file, '.arch');
    const html = path.join(workdir, `${name}.html`);
    execFileSync(archc, [file, '-o', html]);
    await page.goto(pathToFileURL(html).href);
    await until(async () => (await page.evaluate(() => !!window.archcView)));
    await page.waitForTimeout(50);
    const m = await page.evaluate(measure);
    sizes.push(m.px);
    check(`${name}: labels ${m.px.toFixed(1)} px at first sight, ${m.inView} of ${m.nodes} nodes in view`,
          m.px >= 13 && m.inView > 0, JSON.stringify(m));
    const whole = m.inView === m.nodes;
    if (!whole) {
      check(`${name}: the minimap shows where the view is`, m.minimap);
      await page.locator('h1').click();
      await page.keyboard.press('0');
      const fitted = await page.evaluate(measure);
      check(`${name}: 0 fits the whole diagram`, fitted.inView === fitted.nodes && !fitted.minimap, JSON.stringify(fitted));
    }
  }
  // The seed's scenario deep link: its first step's dialer in view.
  const seed = files.find((f) => f.endsWith('cloud_platform.arch'));
  if (seed) {
    await page.goto(pathToFileURL(path.join(workdir, 'cloud_platform.html')).href + '#scenario=order-event');
    await page.reload();
    await page.waitForTimeout(100);
    const box = await page.locator('#archc-diagram g.node[data-id="pg-primary"] rect.card').boundingBox();
    const canvas = await page.locator('.archc-canvas').boundingBox();
    check('a deep-linked scenario opens on its first step', box && box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width &&
          box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height, JSON.stringify({ box, canvas }));
    // The transcript opens with the deep link: the canvas still ends inside the window.
    check('… with the transcript open, the canvas keeps to the window', canvas.y + canvas.height <= 900 + 1 &&
          await page.locator('.archc-transcript').evaluate((e) => e.open), JSON.stringify(canvas));
  }
  console.log(`# label px at first sight: min ${Math.min(...sizes).toFixed(1)}, median ${sizes.sort((a, b) => a - b)[Math.floor(sizes.length / 2)].toFixed(1)}`);
  check('no script error', errors.length === 0, errors.join('; '));
} catch (e) {
  check('the checks finished', false, e.message.split('\n')[0]);
} finally {
  await browser.close();
}
finish();
