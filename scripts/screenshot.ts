/**
 * `npm run screenshot` — refreshes docs/planner.png, the Planner shown in the README: builds the
 * app, serves it on a free loopback port and photographs /plan in Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { launchChromium } from '../tests/e2e/browser';

const outDir = mkdtempSync(join(tmpdir(), 'tf-screenshot-'));
await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({
  logLevel: 'warn',
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0, strictPort: false },
});
const base = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
if (!base) throw new Error('vite preview did not report a URL');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/plan`);
  await page.getByTestId('fits').waitFor();
  await page.waitForTimeout(500);
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/planner.png' });
  console.log('wrote docs/planner.png');
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
