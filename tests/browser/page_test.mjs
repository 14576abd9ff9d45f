// The page around the player, in headless Chromium (playwright-core): the view (the diagram
// fills the window's free space; wheel zoom around the pointer, drag to pan, 0 resets), the
// details on hover and focus (never over their element; Escape hides), the transcript (par
// steps grouped, the current step marked), an axe-core audit with no violation, every control
// reachable with Tab and visibly focused, and a page under 160 KB with no network request.
//
//   node tests/browser/page_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, finish, launch, sleep, until } from './harness.mjs';

const [archc, example, workdirArg] = process.argv.slice(2);
if (!archc || !example || !workdirArg) {
  console.error('usage: node page_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR');
  process.exit(2);
}
const workdir = path.resolve(workdirArg);
mkdirSync(workdir, { recursive: true });
const htmlPath = path.join(workdir, 'page.html');
execFileSync(archc, [example, '-o', htmlPath]);
const pageUrl = pathToFileURL(htmlPath).href;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const pageErrors = [], requests = [];
const browser = await launch();
try {
  const size = statSync(htmlPath).size;
  check('the seed page is under 160 KB', size < 160 * 1024, `${size} bytes`);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  context.on('request', (r) => { if (!r.url().startsWith('file://')) requests.push(r.url()); });
  await page.goto(pageUrl);

  // --- The view -------------------------------------------------------------------------
  // The drawn diagram: the SVG box, letterboxed to the viewBox's proportions.
  const drawn = () => page.evaluate(() => {
    const svg = document.getElementById('archc-diagram');
    const r = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const k = Math.min(r.width / vb.width, r.height / vb.height);
    return { width: vb.width * k, height: vb.height * k, top: r.top };
  });
  const d = await drawn();
  const free = { width: 1440 - 40, height: 900 - d.top };
  check('the diagram fills the free space of a 1440x900 window',
        d.width >= 0.95 * free.width || d.height >= 0.9 * free.height, `${Math.round(d.width)}x${Math.round(d.height)} of ${free.width}x${Math.round(free.height)}`);
  const box = await page.locator('#archc-diagram').boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const toDiagram = (x, y) => page.evaluate(([x, y]) => {
    const svg = document.getElementById('archc-diagram');
    const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM().inverse());
    return { x: p.x, y: p.y };
  }, [x, y]);
  const before = await toDiagram(cx + 100, cy + 50);
  await page.mouse.move(cx + 100, cy + 50);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(100);
  const vbZoomed = await page.evaluate(() => window.archcView.viewBox());
  const after = await toDiagram(cx + 100, cy + 50);
  const full = await page.evaluate(() => window.archcView.full());
  check('the wheel zooms in', vbZoomed.w < full.w * 0.9, `${vbZoomed.w} of ${full.w}`);
  check('… around the pointer', Math.hypot(after.x - before.x, after.y - before.y) < 2, `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx - 120, cy - 40, { steps: 6 });
  await page.mouse.up();
  const vbPanned = await page.evaluate(() => window.archcView.viewBox());
  check('dragging pans', vbPanned.x > vbZoomed.x + 10 && Math.abs(vbPanned.w - vbZoomed.w) < 0.01, `${vbZoomed.x} -> ${vbPanned.x}`);
  await page.locator('h1').click();
  await page.keyboard.press('0');
  const vbReset = await page.evaluate(() => window.archcView.viewBox());
  check('0 resets the view', Math.abs(vbReset.w - full.w) < 0.01 && Math.abs(vbReset.x - full.x) < 0.01);

  // --- Details on hover and focus ---------------------------------------------------------
  const tip = page.locator('.archc-tip');
  const kafka = page.locator('#archc-diagram g.node[data-id="kafka"]');
  await page.getByRole('button', { name: 'v3', exact: true }).click();
  await kafka.hover();
  const tipText = await tip.textContent();
  check('hovering a node tells its label, kind and what the kind is, and its layers',
        await tip.isVisible() && /Kafka/.test(tipText) && /kind kafka — ./.test(tipText) && /layers v2, v3/.test(tipText), tipText);
  check('… beside the node, never over it', !overlap(await tip.boundingBox(), await kafka.locator('rect.card').boundingBox()));
  await page.keyboard.press('Escape');
  check('Escape hides it', !(await tip.isVisible()));
  const edge = page.locator('#archc-diagram g.edge[data-from="debezium"][data-to="pg-primary"]');
  await edge.focus();
  const edgeText = await tip.textContent();
  check('focusing a connection tells its dialer, listener and flow', await tip.isVisible() &&
        /debezium → pg-primary/.test(edgeText) && /flow backward/.test(edgeText), edgeText);

  // --- The transcript ---------------------------------------------------------------------
  await page.getByRole('button', { name: /^Real-Time Order Event/ }).click();
  const transcript = page.locator('details.archc-transcript');
  await transcript.locator('summary').click();
  const items = transcript.locator(':scope > ol > li');
  const model = JSON.parse(await page.locator('#archc-model').textContent());
  const order = model.scenarios.find((s) => s.id === 'order-event');
  check('the transcript lists each step of the scenario', await items.count() === order.slot_start_ms.length - 1);
  check('steps that go at once are a nested list', await transcript.locator('ol > li > ul > li').count() >= 2);
  check('notes are text in it', (await items.last().textContent()).includes('Both paths finish within seconds'));
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  check('the current step is marked', (await items.nth(1).getAttribute('aria-current')) === 'step' &&
        await transcript.locator('[aria-current="step"]').count() === 1);

  // --- Keyboard and audit -----------------------------------------------------------------
  await page.goto(pageUrl);
  await page.reload();
  const reached = new Set();
  let unfocused = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const label = el.matches('button, select, input, summary')
        ? (el.className.baseVal ?? el.className) + ':' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20) : null;
      return { label, visible };
    });
    if (info && info.label) {
      reached.add(info.label);
      if (!info.visible) unfocused.push(info.label);
    }
  }
  const controls = await page.evaluate(() => Array.from(document.querySelectorAll('button, select, input, summary'))
    .filter((el) => !el.closest('[hidden]') && !el.disabled)
    .map((el) => (el.className.baseVal ?? el.className) + ':' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)));
  const missed = controls.filter((c) => !reached.has(c));
  check('every control is reached with Tab', missed.length === 0, missed.join(', '));
  check('… and visibly focused', unfocused.length === 0, [...new Set(unfocused)].join(', '));
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id} (${v.nodes.length})`));
  check('axe-core reports no violation', violations.length === 0, violations.join(', '));

  check('no script error', pageErrors.length === 0, pageErrors.join('; '));
  check('no network request', requests.length === 0, requests.join(' '));
} catch (e) {
  check('the checks finished', false, e.message.split('\n')[0]);
} finally {
  await browser.close();
}
finish();
