import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { launchChromium, watchForErrors } from './browser';

const GIB = 2 ** 30;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  problems = watchForErrors(page);
  await page.goto(`${inject('baseUrl')}/plan`);
  await page.getByTestId('fits').waitFor();
});
afterAll(async () => {
  await browser?.close();
});

const gibText = (bytes: number, digits = 1) =>
  `${(bytes / GIB).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} GiB`;

describe('the planner seed in Chromium', () => {
  it('boots, loads the catalogs, and shows the default scenario fitting on 8 × B200', async () => {
    await expect(page.title()).resolves.toMatch(/Token Factory/);
    expect(await page.getByTestId('fits').textContent()).toMatch(/^Fits on 8 × NVIDIA B200/);
    expect(await page.getByTestId('catalog-version').textContent()).toMatch(
      /Catalog \d{4}-\d\d-\d\d/,
    );
  });

  it('shows the same memory plan as the core computes for the default scenario', async () => {
    const r = plan(DEFAULT_SCENARIO, loadCatalogFromDisk());
    if (!r.ok) throw new Error(r.errors.join());
    const m = r.plan.memory;
    expect(await page.getByTestId('mem-weights').textContent()).toBe(gibText(m.weightsBytesPerGpu));
    expect(await page.getByTestId('mem-kv').textContent()).toBe(gibText(m.kvCacheBytesPerGpu));
    expect(await page.getByTestId('mem-workspace').textContent()).toBe(
      gibText(m.workspaceBytesPerGpu),
    );
    expect(await page.getByTestId('mem-free').textContent()).toBe(gibText(m.freeBytesPerGpu));
    expect(await page.getByTestId('checkpoint-bytes').textContent()).toContain('864,704,792,696 B');
  });

  it('picking other hardware changes the verdict: V4-Pro does not fit 8 × H100', async () => {
    await page.getByLabel('Hardware').selectOption('h100-sxm');
    await expect
      .poll(() => page.getByTestId('fits').textContent())
      .toMatch(/^Does not fit on 8 × NVIDIA H100/);
    await page.getByLabel('Hardware').selectOption('b200');
    await expect.poll(() => page.getByTestId('fits').textContent()).toMatch(/^Fits/);
  });

  it('picking another model recomputes: V4-Flash checkpoint is 159,609,485,896 B', async () => {
    await page.getByLabel('Model').selectOption('deepseek-v4-flash');
    await expect
      .poll(() => page.getByTestId('checkpoint-bytes').textContent())
      .toContain('159,609,485,896 B');
  });

  it('explains an invalid layout instead of computing nonsense', async () => {
    const gpus = page.getByLabel('GPUs (count)');
    await gpus.fill('12');
    await expect
      .poll(() => page.getByTestId('scenario-errors').textContent())
      .toMatch(/does not tile 12 GPUs/);
    await gpus.fill('8');
    await page.getByTestId('fits').waitFor();
  });

  it('produced no console errors and no failed requests', () => {
    expect(problems).toEqual([]);
  });
});
