import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Presses Tab (or Shift+Tab) until the focused element's label contains `target`, or, for
 * `{ selector }`, until it matches the CSS selector.
 */
async function tabTo(
  page: Page,
  target: string | { selector: string },
  back = false,
): Promise<void> {
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const hit = await page.evaluate((t) => {
      const el = document.activeElement as HTMLInputElement | null;
      if (!el) return false;
      if (typeof t !== 'string') return el.matches(t.selector);
      const label = (
        el.labels?.[0]?.textContent ??
        el.getAttribute('aria-label') ??
        el.textContent ??
        ''
      ).trim();
      return label.includes(t);
    }, target);
    if (hit) return;
  }
  throw new Error(`could not reach ${JSON.stringify(target)} with the keyboard`);
}

describe('keyboard only', () => {
  it('sets up a scenario, saves it and opens the frontier without a mouse', async () => {
    const page = await browser.newPage();
    await page.goto(`${inject('baseUrl')}/plan`);
    await page.getByTestId('fits').waitFor();
    await tabTo(page, 'Hardware');
    await page.keyboard.press('End'); // the last accelerator in the list
    await expect.poll(() => new URL(page.url()).searchParams.get('hw')).toBe('mi355x');
    await tabTo(page, 'GPUs');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('16');
    await expect.poll(() => new URL(page.url()).searchParams.get('g')).toBe('16');
    await tabTo(page, '128K / 8K');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('in')).toBe('131072');
    await tabTo(page, 'Scenario name');
    await page.keyboard.type('Keyboard walk');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    await tabTo(page, { selector: 'nav a[href$="/frontier"]' }, true);
    await page.keyboard.press('Enter');
    await page.getByTestId('frontier-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/frontier');
    await tabTo(page, { selector: 'nav a[href$="/saved"]' });
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-row').filter({ hasText: 'Keyboard walk' }).waitFor();
    await page.close();
  });
});
