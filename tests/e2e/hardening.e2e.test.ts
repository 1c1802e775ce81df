import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { encodeScenarioParams } from '../../src/core/scenario/url-codec';
import { launchChromium } from './browser';
import { ROUTES, axeViolations, openRoute } from './routes';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('nothing leaves the browser', () => {
  it('every request on every route goes to the app’s own origin, and the CSP is never violated', async () => {
    const page = await browser.newPage();
    const origin = new URL(inject('baseUrl')).origin;
    const foreign: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== origin)
        foreign.push(r.url());
    });
    await page.addInitScript(() => {
      (window as unknown as { __csp: string[] }).__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __csp: string[] }).__csp.push(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      );
    });
    for (const [path, ready] of ROUTES) {
      await openRoute(page, path, ready);
      expect(
        await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
        path,
      ).toEqual([]);
    }
    expect(
      await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
    ).toMatch(/default-src 'self'; script-src 'self'/);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe('accessibility (axe-core): no serious or critical violations on any route, light and dark', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme} theme`, async () => {
      const context = await browser.newContext({
        colorScheme: scheme,
        bypassCSP: true,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      const report: string[] = [];
      for (const [path, ready] of ROUTES) {
        await openRoute(page, path, ready);
        const violations = await axeViolations(page);
        report.push(...violations.map((v) => `${path.split('?')[0]} ${v}`));
      }
      await context.close();
      expect(report).toEqual([]);
    });
  }
});

describe('a link cannot pass a doctored spec off as a catalog entry', () => {
  it('its custom model on a shipped id opens renamed, marked custom, and the notice says why', async () => {
    const { loadCatalogFromDisk } = await import('../../src/catalog/node');
    const real = loadCatalogFromDisk().models.get('deepseek-v4-pro')!;
    const fake = {
      ...real,
      ffn: { ...real.ffn, moe: { ...real.ffn.moe!, expertIntermediate: 768 } },
    };
    const link = new URLSearchParams(encodeScenarioParams(DEFAULT_SCENARIO, fake)).toString();
    const page = await browser.newPage();
    await page.goto(`${inject('baseUrl')}/plan?${link}`);
    await expect
      .poll(() => page.getByTestId('custom-badge').getAttribute('title'))
      .toMatch(/custom model, not a catalog entry/);
    expect(await page.getByLabel('Model').inputValue()).toBe('deepseek-v4-pro (custom)');
    expect(await page.getByTestId('link-notice').textContent()).toMatch(
      /may not take the id of a catalog entry/,
    );
    expect(await page.getByTestId('warnings').textContent()).toMatch(/custom model/);
    await page.close();
  });
});

describe('links that once froze or crashed a view', () => {
  it('a 1 KB link with a 100-million-layer custom model is refused with a reason; the page plans on', async () => {
    const { loadCatalogFromDisk } = await import('../../src/catalog/node');
    const flash = loadCatalogFromDisk().models.get('deepseek-v4-flash')!;
    const huge = { ...flash, id: 'huge', name: 'Huge', mtp: { ...flash.mtp!, layers: 1e8 } };
    const link = new URLSearchParams(
      encodeScenarioParams({ ...DEFAULT_SCENARIO, model: 'huge' }, huge),
    ).toString();
    expect(link.length).toBeLessThan(4000);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseUrl')}/plan?${link}`);
    await page.getByTestId('fits').waitFor();
    await expect.poll(() => page.getByTestId('link-notice').textContent()).toMatch(/at most 16/);
    // The main thread answers at once: no per-layer structure of 10^8 entries is being built.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const path of ['/frontier?v=1&y=constructor', '/validation?v=1&sort=hasOwnProperty']) {
    it(`${path} opens its view (a prototype name is an unknown value, not a crash)`, async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${inject('baseUrl')}${path}`);
      await page
        .getByTestId(path.startsWith('/frontier') ? 'frontier-table' : 'validation-table')
        .waitFor();
      expect(await page.getByTestId('view-error').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
