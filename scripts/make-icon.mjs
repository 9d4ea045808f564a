// Renders media/icon.svg to media/icon.png, the 128 px marketplace icon: Chromium draws the SVG
// at 512 px (this machine's ImageMagick has no SVG reader), ImageMagick scales it down.
//   node scripts/make-icon.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const MEDIA = path.resolve(import.meta.dirname, '../media');
const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-icon-')), 'icon-512.png');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
  const svg = fs
    .readFileSync(path.join(MEDIA, 'icon.svg'), 'utf8')
    .replace(/width="128" height="128"/, 'width="512" height="512"');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: big, omitBackground: true });
} finally {
  await browser.close();
}
execFileSync('convert', [big, '-resize', '128x128', '-strip', path.join(MEDIA, 'icon.png')], { timeout: 60_000 });
console.log(
  execFileSync('identify', [path.join(MEDIA, 'icon.png')])
    .toString()
    .trim(),
);
