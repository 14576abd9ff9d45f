// The AnimationPlayer and the page's deep links, in headless Chromium (playwright-core).
//
//   node tests/browser/player_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR LAYERS_WITH_REMOVE_ARCH
//
// Compiles the seed to WORKDIR/page.html and checks: the player's controls (Play/Pause by
// name, Back/Next, the scrubber, Speed, Loop, the step counter); each of the seed's three
// scenarios played to its end at 4x, ending on its last caption; deep links (`#layer=`,
// `#scenario=…&step=…`, unknown values ignored); the address following clicks, and Back; the
// keyboard (Space, arrows, Home/End, 1-9); the layer diff (Changes: exactly v2's additions,
// ghosts of what a layer removes, `d`). Prints "ok - …" / "not ok - …"; exits 1 on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, finish, launch, sleep, until } from './harness.mjs';

const [archc, example, workdirArg, removedCase] = process.argv.slice(2);
if (!archc || !example || !workdirArg || !removedCase) {
  console.error('usage: node player_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR LAYERS_WITH_REMOVE_ARCH');
  process.exit(2);
}
const workdir = path.resolve(workdirArg);
mkdirSync(workdir, { recursive: true });
const htmlPath = path.join(workdir, 'page.html');
execFileSync(archc, [example, '-o', htmlPath]);
execFileSync(archc, [example, '-o', path.join(workdir, 'model.json')]);
const model = JSON.parse(readFileSync(path.join(workdir, 'model.json'), 'utf8'));
const pageUrl = pathToFileURL(htmlPath).href;

// The caption the scenario ends on: that of its last slot (steps and notes).
function lastCaption(s) {
  const last = s.slot_start_ms.length - 2;
  const texts = [...s.steps, ...(s.notes || [])].filter((x) => x.start === last && x.caption).map((x) => x.caption);
  return texts.join('  ·  ');
}

const pageErrors = [], requests = [];
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  context.on('request', (r) => { if (!r.url().startsWith('file://')) requests.push(r.url()); });
  await page.goto(pageUrl);

  const player = page.getByRole('region', { name: 'AnimationPlayer' });
  const play = () => player.getByRole('button', { name: /^(Play|Pause)$/ });
  const progress = page.locator('.player-progress');
  const caption = page.locator('.player-caption');
  check('the AnimationPlayer is one labelled region', await player.count() === 1);
  check('its controls: Play, Back, Next, a Step scrubber, Speed, Loop',
        await player.getByRole('button', { name: 'Play', exact: true }).isEnabled() &&
        await player.getByRole('button', { name: 'Back', exact: true }).isEnabled() &&
        await player.getByRole('button', { name: 'Next', exact: true }).isEnabled() &&
        await player.getByRole('slider', { name: 'Step' }).count() === 1 &&
        JSON.stringify(await player.getByLabel('Speed').locator('option').allTextContents()) === '["0.5×","1×","2×","4×"]' &&
        await player.getByRole('button', { name: 'Loop' }).isEnabled());

  // Each of the seed's scenarios at 4x, to its end.
  await player.getByLabel('Speed').selectOption('4');
  for (const s of model.scenarios) {
    await player.getByRole('button', { name: new RegExp('^' + s.title) }).click();
    const t0 = Date.now();
    await player.getByRole('button', { name: 'Play', exact: true }).click();
    check(`${s.id}: the button says Pause while playing`, await until(async () => (await play().textContent()) === 'Pause'));
    const slots = s.slot_start_ms.length - 1;
    const ended = await until(async () => (await play().textContent()) === 'Play', s.slot_start_ms[slots] / 4 + 4000);
    const took = Date.now() - t0;
    check(`${s.id} plays to its end at 4x`, ended && (await progress.textContent()) === `step ${slots} of ${slots}`,
          `${await progress.textContent()} after ${took} ms`);
    check(`${s.id} ends on its last caption`, (await caption.textContent()) === lastCaption(s), await caption.textContent());
    check(`${s.id} at 4x takes about a quarter of its ${s.slot_start_ms[slots]} ms`, took < s.slot_start_ms[slots] / 2, `${took} ms`);
  }

  // The scrubber shows the step under it.
  const order = model.scenarios.find((s) => s.id === 'order-event');
  await player.getByRole('button', { name: new RegExp('^' + order.title) }).click();
  await player.getByRole('slider', { name: 'Step' }).fill('3');
  check('the scrubber shows its step', (await progress.textContent()) === `step 3 of ${order.slot_start_ms.length - 1}` &&
        await page.locator('circle.packet').count() > 0, await progress.textContent());
  check('the address follows: scenario and step', await until(async () => (await page.evaluate(() => location.hash)) === '#scenario=order-event&step=3'),
        await page.evaluate(() => location.hash));

  check('the connection a packet rides lights up', await page.locator('#archc-diagram g.edge.riding').count() > 0);
  // An alert hop is red.
  const sla = model.scenarios.find((s) => s.id === 'sla-breach');
  const alertStep = sla.steps.find((x) => x.style === 'alert');
  await player.getByRole('button', { name: new RegExp('^' + sla.title) }).click();
  await player.getByRole('slider', { name: 'Step' }).fill(String(alertStep.start + 1));
  const hopColour = await page.locator('path.hop.alert').first().evaluate((e) => getComputedStyle(e).stroke);
  check('an alert hop is red', /^rgb\((2[0-9][0-9]|1[5-9][0-9]), [0-9]{1,2}, [0-9]{1,2}\)$/.test(hopColour), hopColour);
  await player.getByRole('button', { name: new RegExp('^' + order.title) }).click();

  // Loop: past the end it starts again.
  await player.getByRole('button', { name: 'Loop' }).click();
  await player.getByRole('button', { name: 'Play', exact: true }).click();
  await sleep(order.slot_start_ms[order.slot_start_ms.length - 1] / 4 + 800);
  check('with Loop on, the scenario plays again', (await play().textContent()) === 'Pause');
  await play().click();
  await player.getByRole('button', { name: 'Loop' }).click();

  // Clicks move the address; Back returns.
  await page.getByRole('button', { name: 'v1', exact: true }).click();
  check('a layer pill sets #layer=', await until(async () => (await page.evaluate(() => location.hash)) === '#layer=v1'));
  await page.goBack();
  check('Back returns to the scenario and step', await until(async () =>
    (await page.evaluate(() => location.hash)).startsWith('#scenario=order-event') &&
    (await page.getByRole('button', { name: /^Real-Time Order Event/ }).getAttribute('aria-pressed')) === 'true'));

  // Deep links open the page in their state.
  await page.goto(pageUrl + '#scenario=order-event&step=4');
  await page.reload();
  check('#scenario=order-event&step=4 opens on that step, in its layer',
        (await progress.textContent()) === `step 4 of ${order.slot_start_ms.length - 1}` &&
        (await page.getByRole('button', { name: 'v2', exact: true }).getAttribute('aria-pressed')) === 'true',
        await progress.textContent());
  await page.goto(pageUrl + '#layer=v1');
  await page.reload();
  check('#layer=v1 opens on v1', (await page.getByRole('button', { name: 'v1', exact: true }).getAttribute('aria-pressed')) === 'true');
  await page.goto(pageUrl + '#scenario=nope&step=99&layer=zz');
  await page.reload();
  check('unknown values are ignored', (await page.getByRole('button', { name: 'v3', exact: true }).getAttribute('aria-pressed')) === 'true' &&
        pageErrors.length === 0, pageErrors.join('; '));

  // The keyboard.
  await page.locator('h1').click();
  await page.keyboard.press('Space');
  check('Space plays', await until(async () => (await play().textContent()) === 'Pause'));
  await page.keyboard.press('Space');
  check('Space pauses', await until(async () => (await play().textContent()) === 'Play'));
  await page.keyboard.press('Home');
  check('Home goes to the first step', /^step 1 of/.test(await progress.textContent()), await progress.textContent());
  await page.keyboard.press('ArrowRight');
  check('→ steps forward', /^step 2 of/.test(await progress.textContent()), await progress.textContent());
  await page.keyboard.press('End');
  const first = model.scenarios[0];
  check('End goes to the last step', (await progress.textContent()) === `step ${first.slot_start_ms.length - 1} of ${first.slot_start_ms.length - 1}`,
        await progress.textContent());
  await page.keyboard.press('ArrowLeft');
  check('← steps back', (await progress.textContent()) === `step ${first.slot_start_ms.length - 2} of ${first.slot_start_ms.length - 1}`);
  await page.keyboard.press('2');
  check('2 picks the second layer', (await page.getByRole('button', { name: 'v2', exact: true }).getAttribute('aria-pressed')) === 'true');

  // The layer diff: Changes highlights exactly what v2 adds to v1.
  await page.goto(pageUrl + '#layer=v2');
  await page.reload();
  await page.getByRole('button', { name: 'Changes' }).click();
  const v2 = model.layers.find((l) => l.id === 'v2');
  const addedNodes = await page.locator('#archc-diagram g.node.added').evaluateAll((els) => els.map((e) => e.dataset.id).sort());
  check('Changes on v2 marks exactly its added nodes', JSON.stringify(addedNodes) === JSON.stringify([...v2.added.nodes].sort()),
        `${addedNodes} vs ${v2.added.nodes}`);
  check('… and its added connections', await page.locator('#archc-diagram g.edge.added').count() === v2.added.edges.length);
  check('the legend says "added in v2"', (await page.locator('.archc-legend').textContent()).startsWith('added in v2'));
  check('the address says so', (await page.evaluate(() => location.hash)) === '#layer=v2&changes=on');
  await page.keyboard.press('d');
  check('d turns Changes off', await page.locator('#archc-diagram .added').count() === 0 &&
        (await page.getByRole('button', { name: 'Changes' }).getAttribute('aria-pressed')) === 'false');

  // What a layer removes stays in place as a ghost.
  const removedPage = path.join(workdir, 'removed.html');
  execFileSync(archc, [removedCase, '-o', removedPage]);
  await page.goto(pathToFileURL(removedPage).href + '#layer=v3&changes=on');
  await page.reload();
  const batch = page.locator('#archc-diagram g.node[data-id="batch"]');
  check('a removed node is drawn as a ghost', (await batch.getAttribute('class')).includes('removed') &&
        (await batch.evaluate((e) => getComputedStyle(e).display)) !== 'none' &&
        Number(await batch.evaluate((e) => getComputedStyle(e).opacity)) < 1);
  const box = await batch.boundingBox();
  await page.keyboard.press('d');
  check('nothing moves: without Changes it is hidden where it was', (await batch.getAttribute('class')).includes('off') && box);

  check('no script error', pageErrors.length === 0, pageErrors.join('; '));
  check('no network request', requests.length === 0, requests.join(' '));
} catch (e) {
  check('the checks finished', false, e.message.split('\n')[0]);
} finally {
  await browser.close();
}
finish();
