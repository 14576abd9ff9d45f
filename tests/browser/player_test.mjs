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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const transcript = page.locator('.archc-transcript');
  const items = transcript.locator(':scope > ol > li');
  check('a deep link fills the transcript and shows it open', !(await transcript.isHidden()) &&
        (await transcript.evaluate((e) => e.open)) && await items.count() === order.slot_start_ms.length - 1,
        `${await items.count()} items`);
  check('… with the step on screen marked', (await items.nth(3).getAttribute('aria-current')) === 'step');
  const label = (id) => model.layers.flatMap((l) => l.nodes).find((n) => n.id === id).label;
  const firstLine = await items.nth(0).textContent();
  check('the transcript names nodes by their labels',
        firstLine.startsWith(`${label(order.steps[0].from)} → ${label(order.steps[0].to)}`), firstLine);
  await page.goto(pageUrl + '#layer=v1');
  await page.reload();
  check('#layer=v1 opens on v1', (await page.getByRole('button', { name: 'v1', exact: true }).getAttribute('aria-pressed')) === 'true');
  await page.goto(pageUrl + '#scenario=nope&step=99&layer=zz');
  await page.reload();
  check('unknown values are ignored', (await page.getByRole('button', { name: 'v3', exact: true }).getAttribute('aria-pressed')) === 'true' &&
        pageErrors.length === 0, pageErrors.join('; '));

  // A pill, then Play: the first scenario of that layer, and the layer stays.
  await page.goto(pageUrl + '#layer=v2');
  await page.reload();
  await play().click();
  check('v2, then Play, plays v2\'s first scenario and stays on v2', await until(async () =>
    (await page.getByRole('button', { name: /^Real-Time Order Event/ }).getAttribute('aria-pressed')) === 'true') &&
    (await page.getByRole('button', { name: 'v2', exact: true }).getAttribute('aria-pressed')) === 'true');
  await play().click();

  // The keyboard (on v3, as the unknown values left it).
  await page.goto(pageUrl + '#scenario=nope');
  await page.reload();
  await page.locator('h1').click();
  await page.keyboard.press('Space');
  check('Space plays', await until(async () => (await play().textContent()) === 'Pause'));
  const first = model.scenarios.find((x) => x.layer === 'v3');
  check('… the scenario of the layer on screen', (await page.getByRole('button', { name: 'v3', exact: true }).getAttribute('aria-pressed')) === 'true' &&
        (await page.getByRole('button', { name: new RegExp('^' + first.title) }).getAttribute('aria-pressed')) === 'true');
  await page.keyboard.press('Space');
  check('Space pauses', await until(async () => (await play().textContent()) === 'Play'));
  await page.keyboard.press('Home');
  check('Home goes to the first step', /^step 1 of/.test(await progress.textContent()), await progress.textContent());
  await page.keyboard.press('ArrowRight');
  check('→ steps forward', /^step 2 of/.test(await progress.textContent()), await progress.textContent());
  await page.keyboard.press('End');
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

  // The branches of a `par` that say the same thing: said once; a layer with no scenario
  // has nothing to play.
  const parArch = path.join(workdir, 'par.arch');
  writeFileSync(parArch, `import std.databases
import std.compute
layer v1 {
  service app
  group store "Store" {
    postgres db
    postgres spare
  }
  connect(app, db)
  connect(app, spare)
}
layer v2 <> {
  group store {
    postgres extra
  }
  connect(app, extra)
}
scenario fan in v1 {
  par {
    app -> db "both rows written"
    app -> spare "both rows written"
  }
}
`);
  const parPage = path.join(workdir, 'par.html');
  execFileSync(archc, [parArch, '-o', parPage]);
  await page.goto(pathToFileURL(parPage).href + '#scenario=fan&step=1');
  await page.reload();
  check('a par caption shows once', (await caption.textContent()) === 'both rows written', await caption.textContent());
  await page.goto(pathToFileURL(parPage).href + '#layer=v2');
  await page.reload();
  check('a layer with no scenario has no Play', await play().isDisabled());
  // A group frames what it holds in the layer on screen: one box shown, larger in v2.
  const frame = async () => page.locator('#archc-diagram g.group[data-id="store"] g.frame:not(.off) rect')
    .evaluateAll((rs) => rs.map((r) => r.getBBox()).map((b) => ({ w: b.width, h: b.height })));
  const inV2 = await frame();
  await page.getByRole('button', { name: 'v1', exact: true }).click();
  const inV1 = await frame();
  check('a group frames its members in the layer on screen', inV1.length === 1 && inV2.length === 1 &&
        inV1[0].w * inV1[0].h < inV2[0].w * inV2[0].h, JSON.stringify({ inV1, inV2 }));

  check('no script error', pageErrors.length === 0, pageErrors.join('; '));
  check('no network request', requests.length === 0, requests.join(' '));
} catch (e) {
  check('the checks finished', false, e.message.split('\n')[0]);
} finally {
  await browser.close();
}
finish();
