// The animated scenario SVG in Firefox: Debian's firefox-esr takes a headless screenshot of
// it as it loads (t = 0 of the animation), and the screenshot is read back in Chromium.
// The packet of the first step must be drawn where that step's path starts (SMIL placed and
// showed it), and the packet of a later step must not be (SMIL hid it).
//
//   node tests/browser/firefox_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR
//
// Prints "ok - …" / "not ok - …" and "N passed, M failed"; exits 1 on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [archc, example, workdirArg] = process.argv.slice(2);
if (!archc || !example || !workdirArg) {
  console.error('usage: node firefox_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR');
  process.exit(2);
}
const work = path.resolve(workdirArg);
let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
}

let browser;
try {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'profile'), { recursive: true });
  execFileSync(archc, [example, '-o', path.join(work, 'out') + '/'], { stdio: 'inherit' });
  const svgFile = path.join(work, 'out', 'nightly-batch.svg');
  const svg = readFileSync(svgFile, 'utf8');
  // Where each packet's path starts, in pixels: SVG units (the SVG shows at its own size) from
  // the viewBox's corner (the picture is framed to the scenario's layer).
  const [vx, vy] = svg.match(/viewBox="([-\d.]+) ([-\d.]+) /).slice(1).map(Number);
  const starts = [...svg.matchAll(/<animateMotion [^>]*keyPoints="([^"]+)" path="M([\d.]+),([\d.]+)/g)]
    .map((m) => ({ forward: m[1].startsWith('0'), x: +m[2] - vx, y: +m[3] - vy }));
  check('the scenario SVG has packets', starts.length > 2);
  const png = path.join(work, 'firefox.png');
  execFileSync(process.env.FIREFOX || 'firefox-esr',
    ['--headless', '--profile', path.join(work, 'profile'), '--window-size', '3000,1200', '--screenshot', png,
      pathToFileURL(svgFile).href], { stdio: 'ignore', timeout: 120000 });

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.goto(pathToFileURL(png).href);
  // A packet is a disc of radius 6: a point blue 4 px away on every side. (The lit hop under
  // it is a 3 px line, never blue all around.) The screenshot comes a moment after t = 0, so
  // look for the first packet within 40 px of where its path starts; a later step's packet
  // must not be at its own start.
  const first = starts[0];
  const later = starts.slice(1).find((s) => s.forward && Math.hypot(s.x - first.x, s.y - first.y) > 40);
  const found = await page.evaluate(([first, later]) => {
    const img = document.querySelector('img');
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, c.width, c.height).data;
    const blue = (x, y) => { // the packet's light-theme fill
      const i = (Math.round(y) * c.width + Math.round(x)) * 4;
      return data[i + 2] > 150 && data[i] < 120 && data[i + 2] - data[i] > 80;
    };
    let disc = null;
    for (let dy = -40; dy <= 40 && !disc; dy++) {
      for (let dx = -40; dx <= 40 && !disc; dx++) {
        const x = first.x + dx, y = first.y + dy;
        if (blue(x + 4, y) && blue(x - 4, y) && blue(x, y + 4) && blue(x, y - 4)) disc = { x, y };
      }
    }
    return { disc, laterBlue: later ? blue(later.x, later.y) : null };
  }, [first, later]);
  // Step 0 starts forward (airflow dials airbyte).
  check('Firefox draws the first packet at its start', first.forward && found.disc !== null, JSON.stringify({ first, found }));
  check('Firefox hides the packets of later steps', later && found.laterBlue === false, JSON.stringify({ later, found }));
} catch (e) {
  failed++;
  console.log(`not ok - ${String(e.message).split('\n')[0]}`);
} finally {
  if (browser) await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
