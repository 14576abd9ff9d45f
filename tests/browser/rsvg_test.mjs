// Every static SVG of the seed drawn by librsvg and by Chromium, and the two pictures compared
// (issue 14).
//
//   RSVG_CONVERT=/usr/bin/rsvg-convert node tests/browser/rsvg_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR
//
// Why: an SVG is also read outside browsers: by image viewers, converters, wikis and
// thumbnailers, most of them on librsvg. librsvg 2.54 (Debian's librsvg2-bin) ignores CSS
// custom properties: when archc's stylesheet coloured everything with var(--d-…), librsvg
// dropped every such declaration and fell back to the SVG default, a black fill: cards were
// solid black boxes with their black labels invisible on them, wires were not drawn, and the
// diagram had no background. archc now embeds a resolved stylesheet (plain colours, the dark
// scheme in a media query) and draws its own background rect, so both renderers should draw the
// same picture.
//
// What: the layer SVGs of WORKDIR/out/ (those without a scenario group; the animated scenario
// SVGs are not static) and the layer diff (--layer v2 --diff) are each rendered by rsvg-convert
// at zoom 1 and by Chromium (light scheme, reduced motion so the stream edges' dashes stand
// still, device scale 1, viewport the SVG's own size). Both PNGs are decoded and compared inside
// Chromium (no PNG decoder in node), and for each file:
//   a. both pictures have the SVG's size;
//   b. no black fill: under 0.5 % of librsvg's pixels are near-black (all channels < 20: the
//      darkest ink archc uses is the label colour #1c2430 = 28,36,48, so text never counts,
//      while the old bug's black cards (0,0,0) do);
//   c. every label drawn: in each node card, right of its icon, both pictures have dark text
//      pixels on a light card;
//   d. alike: few pixels differ by more than 64 in a channel (alpha included) and the mean
//      colours are within 0.6 of each other per channel;
//   e. the corners are the opaque light background #f7f8fa.
//
// The test cannot pass vacuously: a self-check feeds librsvg broken copies of v3.svg (Chromium
// still draws the good one) and expects the checks above to flag each of them:
//   - the stylesheet's colours turned back into custom properties, as before the fix (verified:
//     librsvg draws the whole picture black — the background rect too — and b, c, d, e fail);
//   - only the cards' fill as a custom property (black cards, the original symptom: b, c, d fail);
//   - the node labels removed (c and d fail);
//   - the edges' wires removed (d fails);
//   - the background rect removed (transparent corners: d and e fail).
// Also verified by hand: the SVGs archc wrote before the fix (docs/images/ at 4d73938, fed in
// through a stand-in for archc) fail b, c, d and e for every file (librsvg: 5-19 % black, no
// card light, corners transparent).
// Measured on the seed (rsvg-convert 2.54.7, Debian's Chromium): 0.06 % (v1), 0.11 % (v2, diff)
// and 0.18 % (v3) of the pixels differ by more than 64 between the two renderers (text
// antialiasing and hinting), and the mean colours by at most 0.1 per channel. The tolerances,
// 0.5 % and 0.6, leave a margin of about 3 and 6 times over that, yet catch the subtler breakages
// of the self-check: v3 without its node labels differs by 0.75 % (means by 1.2), without its
// wires by 0.85 % (means by 0.9); black cards differ by 9.6 %, the old stylesheet by 99.8 %.
//
// Prints "ok - name" / "not ok - name: detail", then "N passed, M failed"; exits 1 on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, finish, launch } from './harness.mjs';

const [archc, example, workdirArg] = process.argv.slice(2);
if (!archc || !example || !workdirArg) {
  console.error('usage: RSVG_CONVERT=rsvg-convert node rsvg_test.mjs ARCHC_BINARY EXAMPLE_ARCH WORKDIR');
  process.exit(2);
}
const rsvg = process.env.RSVG_CONVERT || 'rsvg-convert';
const work = path.resolve(workdirArg);
const out = path.join(work, 'out');
const pngs = path.join(work, 'png');

// The thresholds (see the header).
const BLACK_MAX = 0.005;   // fraction of near-black pixels allowed in librsvg's picture
const DIFF_MAX = 0.005;    // fraction of pixels allowed to differ by more than 64 in a channel
const MEAN_MAX = 0.6;      // largest difference of the mean colours, per channel (0-255)
const BACKGROUND = [0xf7, 0xf8, 0xfa];

// Width and height of the root <svg>, from its attributes.
function svgSize(text) {
  const root = text.match(/<svg\b[^>]*>/)[0];
  const attr = (name) => Number((root.match(new RegExp(`\\s${name}="([\\d.]+)"`)) || [])[1]);
  return { width: Math.ceil(attr('width')), height: Math.ceil(attr('height')) };
}

// Decodes two PNGs (base64) in the page and compares them; returns summary numbers only.
async function analyse({ a, b, cards, background }) {
  const decode = async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }),
      { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d', { willReadFrequently: true });
    g.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, data: g.getImageData(0, 0, bitmap.width, bitmap.height).data };
  };
  const A = await decode(a), B = await decode(b);
  const result = { sizeA: [A.width, A.height], sizeB: [B.width, B.height] };
  const lum = (d, i) => 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
  const stats = (img) => {
    const d = img.data, n = img.width * img.height, sum = [0, 0, 0, 0];
    let black = 0;
    for (let i = 0; i < d.length; i += 4) {
      for (let c = 0; c < 4; c++) sum[c] += d[i + c];
      if (d[i + 3] >= 128 && d[i] < 20 && d[i + 1] < 20 && d[i + 2] < 20) black++;
    }
    const px = (x, y) => Array.from(d.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
    const w = img.width - 1, h = img.height - 1;
    const corners = [px(0, 0), px(w, 0), px(0, h), px(w, h)];
    const badCorner = corners.find((p) => p[3] !== 255 || p.slice(0, 3).some((v, c) => Math.abs(v - background[c]) > 3));
    return { black: black / n, mean: sum.map((s) => s / n), badCorner: badCorner || null };
  };
  result.a = stats(A);
  result.b = stats(B);
  // Labels: dark pixels right of the icon, on a mostly light card. A faded node (opacity below
  // 1) draws its text lighter: the dark threshold moves towards white with it.
  const labels = (img) => cards.map((card) => {
    const x0 = Math.round(card.x + 48), x1 = Math.round(card.x + card.width - 8);
    const y0 = Math.round(card.y + 8), y1 = Math.round(card.y + card.height - 8);
    const dark = 255 - card.opacity * (255 - 110);
    let ink = 0, light = 0, all = 0;
    for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++) {
        const i = (y * img.width + x) * 4, l = lum(img.data, i);
        all++;
        if (img.data[i + 3] < 128) continue;
        if (l < dark) ink++;
        if (l > 200) light++;
      }
    }
    return { id: card.id, ink, light: all ? light / all : 0 };
  });
  result.labelsA = labels(A);
  result.labelsB = labels(B);
  if (A.width === B.width && A.height === B.height) {
    let differ = 0;
    for (let i = 0; i < A.data.length; i += 4) {
      let m = 0;
      for (let c = 0; c < 4; c++) m = Math.max(m, Math.abs(A.data[i + c] - B.data[i + c]));
      if (m > 64) differ++;
    }
    result.differ = differ / (A.width * A.height);
  }
  return result;
}

// The cards of the SVG loaded in the page, with the opacity they are drawn with.
function cardsInPage() {
  // In pixels from the picture's corner: a layer's SVG is framed to it (its viewBox starts
  // where the layer starts) and drawn at its own size.
  const view = document.querySelector('svg').viewBox.baseVal;
  return [...document.querySelectorAll('g.node rect.card')].map((r) => {
    let opacity = 1;
    for (let e = r; e && e.nodeType === 1; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const n = (a) => Number(r.getAttribute(a));
    return { id: r.closest('g.node').dataset.id, x: n('x') - view.x, y: n('y') - view.y, width: n('width'), height: n('height'), opacity };
  });
}

// Renders `rsvgInput` with librsvg and `chromiumInput` with Chromium, and compares them.
async function examine(page, name, rsvgInput, chromiumInput) {
  const size = svgSize(readFileSync(chromiumInput, 'utf8'));
  const rsvgPng = path.join(pngs, `${name}.rsvg.png`), chromiumPng = path.join(pngs, `${name}.chromium.png`);
  execFileSync(rsvg, ['-z', '1', '-o', rsvgPng, rsvgInput], { stdio: ['ignore', 'ignore', 'pipe'] });
  await page.setViewportSize(size);
  await page.goto(pathToFileURL(chromiumInput).href);
  await page.screenshot({ path: chromiumPng, clip: { x: 0, y: 0, ...size } });
  const cards = await page.evaluate(cardsInPage);
  const r = await page.evaluate(analyse, {
    a: readFileSync(rsvgPng).toString('base64'), b: readFileSync(chromiumPng).toString('base64'),
    cards, background: BACKGROUND,
  });
  return { size, cards, ...r };
}

// The checks a-e on one comparison: [{ key, name, ok, detail }].
function verdicts(r) {
  const pct = (f) => `${(100 * f).toFixed(3)} %`;
  const same = r.sizeA[0] === r.sizeB[0] && r.sizeA[1] === r.sizeB[1];
  const unlabelled = (labels) => labels.filter((l) => l.ink < 20 || l.light < 0.5)
    .map((l) => `${l.id} (${l.ink} dark px, ${Math.round(100 * l.light)} % light)`);
  const missA = unlabelled(r.labelsA), missB = unlabelled(r.labelsB);
  const meanGap = Math.max(...r.a.mean.map((m, c) => Math.abs(m - r.b.mean[c])));
  const fmtMean = (m) => m.map((v) => v.toFixed(1)).join(',');
  return [
    { key: 'size', name: `both pictures are ${r.size.width}x${r.size.height}`,
      ok: same && r.sizeA[0] === r.size.width && r.sizeA[1] === r.size.height,
      detail: `librsvg ${r.sizeA.join('x')}, Chromium ${r.sizeB.join('x')}` },
    { key: 'black', name: `no black fill in librsvg's picture (${pct(r.a.black)} near-black; Chromium ${pct(r.b.black)})`,
      ok: r.a.black < BLACK_MAX && r.b.black < BLACK_MAX, detail: `over ${pct(BLACK_MAX)}` },
    { key: 'labels', name: `every label drawn (${r.cards.length} cards)`,
      ok: r.cards.length > 0 && missA.length === 0 && missB.length === 0,
      detail: `librsvg misses ${missA.join(', ') || 'none'}; Chromium misses ${missB.join(', ') || 'none'}` },
    { key: 'alike', name: `librsvg and Chromium alike (${r.differ === undefined ? '-' : pct(r.differ)} of pixels differ by > 64, tolerance ${pct(DIFF_MAX)}; mean colours ${fmtMean(r.a.mean)} / ${fmtMean(r.b.mean)})`,
      ok: r.differ !== undefined && r.differ < DIFF_MAX && meanGap <= MEAN_MAX,
      detail: `mean colours differ by up to ${meanGap.toFixed(2)}` },
    { key: 'background', name: 'the corners are the light background #f7f8fa',
      ok: !r.a.badCorner && !r.b.badCorner,
      detail: `librsvg ${JSON.stringify(r.a.badCorner)}, Chromium ${JSON.stringify(r.b.badCorner)}` },
  ];
}

// Broken copies of an SVG, each with the checks that must catch it.
function brokenVariants(svg) {
  const style = svg.match(/<style>([\s\S]*?)<\/style>/);
  // Every colour of the stylesheet behind a custom property, as archc wrote it before the fix.
  const asVariables = (css, only) => {
    const vars = [];
    const body = css.replace(only || /#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)/g, (colour, ...rest) => {
      if (only) return rest[0] + `var(--archc-c${vars.push(rest[1]) - 1})`;
      return `var(--archc-c${vars.push(colour) - 1})`;
    });
    return `svg.archc { ${vars.map((v, i) => `--archc-c${i}: ${v};`).join(' ')} }\n${body}`;
  };
  const restyled = (css) => svg.replace(style[0], `<style>${css}</style>`);
  return [
    { name: 'colours as custom properties (the old stylesheet)', svg: restyled(asVariables(style[1])),
      expect: ['black', 'labels', 'alike', 'background'] },
    { name: 'cards filled through a custom property', expect: ['black', 'labels', 'alike'],
      svg: restyled(asVariables(style[1], /(\.node \.card \{ fill: )(#[0-9a-fA-F]{3,8})/)) },
    { name: 'node labels missing', svg: svg.replace(/<text class="(label|kind)"[^>]*>[^<]*<\/text>/g, ''),
      expect: ['labels', 'alike'] },
    { name: 'wires missing', svg: svg.replace(/<path class="wire"[^>]*\/>/g, ''), expect: ['alike'] },
    { name: 'background rect missing', svg: svg.replace(/<rect class="background"[^>]*\/>/, ''),
      expect: ['background', 'alike'] },
  ];
}

let browser;
try {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(pngs, { recursive: true });
  execFileSync(archc, [example, '-o', out + '/'], { stdio: 'inherit' });
  const diffSvg = path.join(work, 'diff.svg');
  execFileSync(archc, [example, '-o', diffSvg, '--layer', 'v2', '--diff'], { stdio: 'inherit' });
  // The static SVGs: those without a scenario (animated packets), and the layer diff.
  const layers = readdirSync(out).filter((f) => f.endsWith('.svg')).sort()
    .filter((f) => !/<g class="scenario\b/.test(readFileSync(path.join(out, f), 'utf8')));
  check(`the layer SVGs are found (${layers.join(' ')})`, layers.length >= 3 && layers.includes('v3.svg'));
  const files = [...layers.map((f) => path.join(out, f)), diffSvg];

  browser = await launch();
  const context = await browser.newContext({ colorScheme: 'light', reducedMotion: 'reduce', deviceScaleFactor: 1 });
  const page = await context.newPage();
  for (const file of files) {
    const name = path.basename(file, '.svg');
    const r = await examine(page, name, file, file);
    for (const v of verdicts(r)) check(`${name}.svg: ${v.name}`, v.ok, v.detail);
  }

  // The self-check: librsvg gets a broken copy of the last layer (v3.svg), Chromium the good one.
  const last = layers[layers.length - 1];
  const good = path.join(out, last);
  const svg = readFileSync(good, 'utf8');
  const broken = brokenVariants(svg);
  broken.forEach((b) => {
    check(`self-check: "${b.name}" changes ${last}`, b.svg !== svg);
  });
  for (const [i, b] of broken.entries()) {
    const file = path.join(work, `broken-${i}.svg`);
    writeFileSync(file, b.svg);
    const vs = verdicts(await examine(page, `broken-${i}`, file, good));
    const flagged = vs.filter((v) => !v.ok).map((v) => v.key);
    const alike = vs.find((v) => v.key === 'alike').name.replace(/^[^(]*\(|\)$/g, '');
    check(`self-check: "${b.name}" is flagged by ${b.expect.join(', ')} (${alike})`,
      b.expect.every((k) => flagged.includes(k)), `flagged by ${flagged.join(', ') || 'nothing'}`);
  }
} catch (e) {
  check(String(e.message).split('\n')[0], false);
} finally {
  if (browser) await browser.close();
}
finish();
