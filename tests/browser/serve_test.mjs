// `archc serve` in headless Chromium (playwright-core), driven as a user would.
//
//   node tests/browser/serve_test.mjs ARCHC_BINARY WORKDIR
//
// Starts `archc serve WORKDIR/site --port 0` and walks the seed's "Running locally" steps as
// written (Examples, Cloud Data Platform in Architecture Examples, Run, the v1/v2/v3 pills
// top-right, Play in the player); then a reload that keeps the file, scenario and step; live
// reload of a file and of a file it imports; a syntax error (its problem listed with line,
// column and code, the caret moved by a click, the last diagram kept and marked stale); Save,
// and Save over a file changed on disk. Prints "ok - …" / "not ok - …"; exits 1 on failure.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, finish, launch, sleep, until } from './harness.mjs';

const [archc, workdirArg] = process.argv.slice(2);
if (!archc || !workdirArg) {
  console.error('usage: node serve_test.mjs ARCHC_BINARY WORKDIR');
  process.exit(2);
}
const workdir = path.resolve(workdirArg);
const site = path.join(workdir, 'site');
rmSync(workdir, { recursive: true, force: true });
mkdirSync(path.join(site, 'team'), { recursive: true });
const mainFile = path.join(site, 'team', 'shop.arch');
const partsFile = path.join(site, 'team', 'parts.arch');
writeFileSync(partsFile, 'postgres orders-db "Orders DB"\n');
writeFileSync(mainFile, 'import "parts.arch"\ntitle "Shop"\nservice api "API"\nconnect(api, orders-db)\n');


// The server, on a free port: its first line says where.
const server = spawn(archc, ['serve', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverOut = '', serverErr = '';
server.stderr.on('data', (d) => { serverErr += d; });
const url = await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => {
    serverOut += d;
    const m = serverOut.match(/http:\/\/[^\s]+/);
    if (m) resolve(m[0]);
  });
  server.on('exit', (code) => reject(new Error(`archc serve exited with ${code}: ${serverErr}`)));
  setTimeout(() => reject(new Error('archc serve printed no URL')), 10_000);
});

const pageErrors = [], foreign = [];
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  context.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:') && r.url() !== 'about:srcdoc') foreign.push(r.url()); });
  const frame = page.frameLocator('#diagram');

  // --- The seed's steps, as written -------------------------------------------------------
  // "Open http://localhost:3000"
  await page.goto(url);
  check('the page opens with a sidebar and an editor', await page.getByRole('navigation', { name: 'Sidebar' }).isVisible() &&
        await page.getByRole('textbox', { name: 'Source' }).isVisible());
  // "Click Examples in the left sidebar"
  const examples = page.getByRole('button', { name: 'Examples', exact: true });
  const box = await examples.boundingBox();
  check('Examples is in the left sidebar', box && box.x < 300, JSON.stringify(box));
  await examples.click();
  // "Select Cloud Data Platform from the Architecture Examples category"
  const category = page.getByRole('list', { name: 'Architecture Examples' });
  check('the Architecture Examples category is listed', await category.isVisible());
  await category.getByRole('button', { name: 'Cloud Data Platform' }).click();
  check('the example opens in the editor', await until(async () =>
    (await page.getByRole('textbox', { name: 'Source' }).inputValue()).includes('title "Cloud Data Platform"')));
  // The colours are archc's lexer's (POST /api/tokens): the seed's keywords, strings and
  // comments, and a block comment typed into it.
  check('the editor colours keywords, strings and comments', await until(async () =>
    (await page.locator('#editor pre .tok-k').count()) > 20 && (await page.locator('#editor pre .tok-s').count()) > 20 &&
    (await page.locator('#editor pre .tok-c').count()) > 0));
  // "Click Run"
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const pills = frame.locator('.layers .pill');
  check('Run shows the diagram with the v1, v2, v3 pills', await until(async () => (await pills.count()) === 3) &&
        JSON.stringify(await pills.allTextContents()) === '["v1","v2","v3"]');
  // "Use the v1, v2, v3 pills in the top-right corner to toggle layers"
  const frameBox = await page.locator('#diagram').boundingBox();
  const pillBox = await pills.first().boundingBox();
  check('the pills sit in the top-right corner of the diagram',
        pillBox && pillBox.x > frameBox.x + frameBox.width / 2 && pillBox.y < frameBox.y + 150,
        `pill ${JSON.stringify(pillBox)} in ${JSON.stringify(frameBox)}`);
  const grafana = frame.locator('g.node[data-id="grafana"]');
  await frame.getByRole('button', { name: 'v1', exact: true }).click();
  check('v1 hides a node of v3 only', await until(async () => (await grafana.getAttribute('class')).includes('off')));
  await frame.getByRole('button', { name: 'v3', exact: true }).click();
  check('v3 shows it again', await until(async () => !(await grafana.getAttribute('class')).includes('off')));
  // "Click Play in the AnimationPlayer to watch each scenario"
  await frame.getByRole('region', { name: 'AnimationPlayer' }).getByRole('button', { name: 'Play', exact: true }).click();
  check('Play sends packets along the edges', await until(async () => (await frame.locator('circle.packet').count()) > 0));
  check('the player counts the steps', await until(async () => /step \d+ of \d+/.test(await frame.locator('.player-progress').textContent())));
  await frame.getByRole('button', { name: 'Pause', exact: true }).click();

  // The pane opens readable too (labels at least 13 px), and Hide editor gives it the room.
  const labelPx = () => page.evaluate(() => {
    const w = document.getElementById('diagram').contentWindow;
    return 14 * w.document.getElementById('archc-diagram').getScreenCTM().a;
  });
  check('the diagram pane opens with labels at least 13 px', (await labelPx()) >= 13, `${await labelPx()}`);
  const paneWidth = async () => (await page.locator('#diagram').boundingBox()).width;
  const narrow = await paneWidth();
  await page.getByRole('button', { name: 'Hide editor' }).click();
  check('Hide editor gives the diagram the editor\'s room', await until(async () => (await paneWidth()) > narrow + 200) &&
        !(await page.getByRole('textbox', { name: 'Source' }).isVisible()));
  await page.getByRole('button', { name: 'Show editor' }).click();
  check('Show editor brings it back', await until(async () => page.getByRole('textbox', { name: 'Source' }).isVisible()));
  const separator = page.getByRole('separator', { name: 'Editor width' });
  await separator.focus();
  const editorBefore = (await page.locator('#editor-pane').boundingBox()).width;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  check('the bar between editor and diagram resizes the editor',
        await until(async () => (await page.locator('#editor-pane').boundingBox()).width >= editorBefore + 60));

  // --- A reload comes back to the same file, scenario and step ----------------------------
  await frame.getByRole('button', { name: 'Next', exact: true }).click();
  const before = await page.evaluate(() => document.getElementById('diagram').contentWindow.archcPage.state());
  await until(async () => (await page.evaluate(() => location.hash)).includes('step='));
  const hash = await page.evaluate(() => location.hash);
  await page.reload();
  const restored = await until(async () => {
    const s = await page.evaluate(() => document.getElementById('diagram').contentWindow.archcPage.state());
    return s.scenario === before.scenario && s.step === before.step;
  });
  check('a reload keeps the example, scenario and step', restored, `${hash} before ${JSON.stringify(before)}`);
  check('the address names them', hash.includes('file=example%3Acloud_platform') && hash.includes(`scenario=${before.scenario}`), hash);

  // --- A file of the folder, and live reload ------------------------------------------------
  await page.getByRole('button', { name: 'shop.arch' }).click();
  await until(async () => (await page.getByRole('textbox', { name: 'Source' }).inputValue()).includes('title "Shop"'));
  await page.keyboard.press('Control+Enter');
  check('Ctrl+Enter runs the file', await until(async () => (await frame.locator('g.node[data-id="orders-db"]').count()) === 1));
  writeFileSync(partsFile, 'postgres orders-db "Orders DB"\nservice cache "Cache"\nconnect(api, cache)\n');
  check('a change to an imported file reaches the open page', await until(async () => (await frame.locator('g.node[data-id="cache"]').count()) === 1, 5000));
  writeFileSync(mainFile, 'import "parts.arch"\ntitle "Shop"\nservice api "API"\nservice web "Web"\nconnect(api, orders-db)\nconnect(web, api)\n');
  check('a change to the file itself reaches the editor and the diagram',
        await until(async () => (await frame.locator('g.node[data-id="web"]').count()) === 1 &&
          (await page.getByRole('textbox', { name: 'Source' }).inputValue()).includes('service web'), 5000));

  // --- A syntax error: listed, clickable, and the last diagram stays ----------------------
  const source = page.getByRole('textbox', { name: 'Source' });
  // A block comment typed in is coloured as one (the lexer's tokens, fetched again).
  await source.fill('/* a block\n comment */ title "Shop"\n');
  check('a block comment typed in is coloured as one', await until(async () =>
    (await page.locator('#editor pre .tok-c').first().textContent()) === '/* a block\n comment */' &&
    (await page.locator('#editor pre .tok-k').first().textContent()) === 'title'));
  await source.fill('import "parts.arch"\ntitle "Shop"\nservice api "API"\nservice web "Web"\nconnect(api, orders-db\nconnect(web, api)\n');
  await page.keyboard.press('Control+Enter');
  const problem = page.getByRole('list', { name: 'Problems' }).getByRole('button').first();
  check('the error is listed with line, column and code', await until(async () => /shop\.arch:\d+:\d+ error\[syntax\]/.test(await problem.textContent())),
        await problem.textContent().catch(() => ''));
  const [, line, column] = (await problem.textContent()).match(/shop\.arch:(\d+):(\d+)/) || [];
  check('the last diagram stays, marked stale', await page.locator('#stale').isVisible() &&
        (await frame.locator('g.node[data-id="web"]').count()) === 1);
  await source.evaluate((t) => t.setSelectionRange(0, 0));
  await problem.click();
  const caret = await source.evaluate((t) => {
    const before = t.value.slice(0, t.selectionStart);
    return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
  });
  check('clicking it puts the caret there', String(caret.line) === line && String(caret.column) === column,
        `caret ${JSON.stringify(caret)}, problem at ${line}:${column}`);

  // --- Save, and Save over a change on disk ------------------------------------------------
  await source.fill('import "parts.arch"\ntitle "Shop"\nservice api "API"\nconnect(api, orders-db)\n// saved\n');
  await page.keyboard.press('Control+s');
  check('Ctrl+S writes the file', await until(() => readFileSync(mainFile, 'utf8').includes('// saved')));
  writeFileSync(mainFile, 'import "parts.arch"\ntitle "Shop"\nservice api "API"\nconnect(api, orders-db)\n// from another editor\n');
  await until(async () => (await source.inputValue()).includes('another editor'));
  await source.fill('import "parts.arch"\ntitle "Shop"\nservice api "API"\nconnect(api, orders-db)\n// mine\n');
  writeFileSync(mainFile, 'import "parts.arch"\ntitle "Shop"\nservice api "API"\nconnect(api, orders-db)\n// theirs\n');
  await sleep(400);
  await page.keyboard.press('Control+s');
  check('a file changed on disk is not overwritten: the user is asked', await until(() => page.locator('#conflict').isVisible()) &&
        readFileSync(mainFile, 'utf8').includes('// theirs'));
  await page.getByRole('button', { name: 'Overwrite it' }).click();
  check('Overwrite writes the editor text', await until(() => readFileSync(mainFile, 'utf8').includes('// mine')));

  check('no script error on the page', pageErrors.length === 0, pageErrors.join('; '));
  check('nothing is fetched from elsewhere', foreign.length === 0, foreign.join(' '));
} catch (e) {
  check('the walk-through finished', false, e.message.split('\n')[0]);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  const code = await new Promise((r) => server.on('exit', (c) => r(c)));
  check('SIGTERM stops the server cleanly', code === 0 && serverOut.includes('stopped'), `exit ${code}`);
}
finish();
