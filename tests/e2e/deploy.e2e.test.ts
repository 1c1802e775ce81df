import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { serveStatic } from './static-server';

const PREFIX = '/tokenfactory/';
let dir: string;
let release2: string;
let host: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tf-subpath-'));
  await build({ base: PREFIX, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  host = await serveStatic(dir, PREFIX);
  browser = await launchChromium();
  context = await browser.newContext();
  page = await context.newPage();
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/404/.test(m.text())) problems.push(m.text());
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  for (const d of [dir, release2]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('static hosting under a sub-path', () => {
  it('opens a deep link to /frontier with its query on a host that only serves files', async () => {
    const res = await page.goto(
      `${host.url}${PREFIX}frontier?v=1&m=deepseek-v4-flash&s=b200~native~vllm&dis=0`,
    );
    expect(res?.status()).toBe(404); // the host knows no such file: 404.html boots the app
    await page.getByTestId('frontier-table').waitFor();
    expect(new URL(page.url()).pathname).toBe(`${PREFIX}frontier`);
    expect(await page.getByLabel('Series 1 hardware').inputValue()).toBe('b200');
    const catalogFetches = requests.filter((p) => p.includes('/catalog/'));
    expect(catalogFetches.length).toBeGreaterThan(0);
    expect(catalogFetches.every((p) => p.startsWith(`${PREFIX}catalog/`))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('after the first visit, computes a plan with the network off', async () => {
    await page.goto(`${host.url}${PREFIX}plan`);
    await page.getByTestId('fits').waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.getByTestId('fits').waitFor();
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('fits').waitFor();
    const before = await page.getByTestId('tpot').textContent();
    await page.getByLabel('Concurrency (requests)').fill('256');
    await expect.poll(() => page.getByTestId('tpot').textContent()).not.toBe(before);
    expect(await page.getByTestId('catalog-version').textContent()).toMatch(
      /Catalog \d{4}-\d\d-\d\d/,
    );
    await context.setOffline(false);
  });

  it('a long-open tab learns of a new release; only the tab that accepts it reloads', async () => {
    // A second tab on the same release, with unsaved text in a field.
    const other = await context.newPage();
    other.on('pageerror', (e) => problems.push(e.message));
    await other.goto(`${host.url}${PREFIX}catalog`);
    await other.getByLabel('Model spec (JSON)').fill('{"unsaved": true}');
    // A release whose index.html differs: the service worker's precache manifest changes. It is
    // built beside the one being served and published at once, as a host deploys a release.
    release2 = mkdtempSync(join(tmpdir(), 'tf-subpath-release2-'));
    await build({
      base: PREFIX,
      logLevel: 'warn',
      build: { outDir: release2, emptyOutDir: true },
      plugins: [
        {
          name: 'release-2',
          transformIndexHtml: (html: string) =>
            html.replace('</head>', '<meta name="release" content="2"></head>'),
        },
      ],
    });
    host.publish(release2);
    // Neither tab navigates: the second one checks as it comes back into view (as it does every
    // hour), and both are offered the release.
    await other.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    for (const tab of [page, other]) {
      const prompt = tab.getByTestId('update-prompt').filter({ hasText: 'new version' });
      await prompt.waitFor({ timeout: 60_000 });
      expect(await tab.locator('meta[name=release]').count()).toBe(0); // still the old release
    }
    await page
      .getByTestId('update-prompt')
      .getByRole('button', { name: 'Reload to update' })
      .click();
    await expect
      .poll(() => page.locator('meta[name=release]').count(), { timeout: 20_000 })
      .toBe(1);
    // The other tab is not reloaded under its user: it keeps its text and offers the reload.
    const offer = other
      .getByTestId('update-prompt')
      .filter({ hasText: 'installed from another tab' });
    await offer.waitFor({ timeout: 20_000 });
    expect(await other.getByLabel('Model spec (JSON)').inputValue()).toBe('{"unsaved": true}');
    expect(await other.locator('meta[name=release]').count()).toBe(0);
    await offer.getByRole('button', { name: 'Reload this tab' }).click();
    await expect
      .poll(() => other.locator('meta[name=release]').count(), { timeout: 20_000 })
      .toBe(1);
    await other.close();
  });

  it('is installable: a web app manifest with name, icons and theme colour', async () => {
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await page.evaluate(async (u) => (await fetch(u)).json(), href!);
    expect(manifest.name).toBe('Token Factory');
    expect(manifest.theme_color).toBe('#0f4c81');
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(
      expect.arrayContaining(['192x192', '512x512']),
    );
  });
});
