// What the browser tests share: TAP-like checks, polling, and Debian's Chromium launched the
// same way every time.
import { chromium } from 'playwright-core';

let passed = 0, failed = 0;

// Prints "ok - name" or "not ok - name: detail"; returns `ok`.
export function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); } else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
  return ok;
}

// Prints the count and exits 1 if anything failed.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `f` until it is true (errors count as not yet) or `ms` pass.
export async function until(f, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    try { if (await f()) return true; } catch (e) { /* not yet */ }
    if (Date.now() > end) return false;
    await sleep(50);
  }
}

// Headless Chromium (env CHROMIUM overrides /usr/bin/chromium), with nothing in the background.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
