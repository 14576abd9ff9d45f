// The screenshots in docs/screenshots, taken in headless Chromium from the seed's page:
// a scenario mid-flight, and the v2 diff. Not a test: run it when the page changes.
//
//   node tests/browser/screenshots.mjs build/archc examples/cloud_platform.arch docs/screenshots
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [archc, example, outArg] = process.argv.slice(2);
const out = path.resolve(outArg);
mkdirSync(out, { recursive: true });
const html = path.join(out, '.page.html');
execFileSync(archc, [example, '-o', html]);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await page.goto(pathToFileURL(html).href + '#scenario=order-event');
  await page.reload();
  // Mid-flight: play the second step and pause half-way along it.
  await page.evaluate(() => window.archcPlayer.gotoSlot(0));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1200 + 600);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.screenshot({ path: path.join(out, 'scenario-mid-flight.png') });
  await page.goto(pathToFileURL(html).href + '#layer=v2&changes=on');
  await page.reload();
  await page.screenshot({ path: path.join(out, 'v2-diff.png') });
} finally {
  await browser.close();
  execFileSync('rm', ['-f', html]);
}
