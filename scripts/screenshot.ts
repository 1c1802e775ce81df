/**
 * `npm run screenshot` — refreshes docs/planner.png, the Planner shown in the README: builds the
 * app, serves it on a free loopback port and photographs /plan in Chromium.
 */
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../tests/e2e/browser';
import { buildAndPreview } from '../tests/e2e/built-app';

const app = await buildAndPreview();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${app.url}/plan`);
  await page.getByTestId('fits').waitFor();
  await page.waitForTimeout(500);
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/planner.png' });
  console.log('wrote docs/planner.png');
} finally {
  await browser.close();
  await app.close();
}
