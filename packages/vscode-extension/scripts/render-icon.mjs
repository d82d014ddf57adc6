// Renders docs/icon.svg to media/icon.png (128×128, transparent corners) with Debian's Chromium.
// The PNG is committed; run this only when the SVG changes: node scripts/render-icon.mjs
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/helpers/chromium-options.mjs';

/** The Marketplace wants at least 128×128 pixels. */
const SIZE = 128;

const svg = await readFile(new URL('../docs/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const output = fileURLToPath(new URL('../media/icon.png', import.meta.url));
  await page.locator('svg').screenshot({ path: output, omitBackground: true });
  console.log(`Wrote ${output}`);
} finally {
  await browser.close();
}
