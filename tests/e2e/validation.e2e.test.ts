import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk, loadMeasurementsFromDisk } from '../../src/catalog/node';
import { compareRows } from '../../src/core/validation/compare-rows';
import { errorStats } from '../../src/core/validation/stats';
import { openPage } from './page';

let page: Page;
let problems: string[];
openPage((opened, errors) => {
  page = opened;
  problems = errors;
});

describe('/validation in Chromium', () => {
  it('opens a filtered link and shows the statistics the core computes for those rows', async () => {
    await page.goto(`${inject('baseUrl')}/validation?v=1&set=headline&metric=tpotMs`);
    await page.getByTestId('validation-table').waitFor();
    const expected = compareRows(loadMeasurementsFromDisk(), loadCatalogFromDisk()).filter(
      // The page shows the scored rows unless asked for those set aside.
      (f) => f.set === 'headline' && f.metric === 'tpotMs' && !f.setAside,
    );
    const stats = errorStats(expected.map((f) => f.ratio!));
    expect(await page.getByTestId('validation-count').textContent()).toBe(String(expected.length));
    expect(await page.getByTestId('validation-median').textContent()).toBe(
      `${(stats.medianAbsError * 100).toFixed(1)}%`,
    );
    expect(await page.getByTestId('validation-table').locator('tbody tr').count()).toBe(
      expected.length,
    );
    // How often the figures' 80% bands held the held-out measurements.
    expect(await page.getByTestId('band-coverage').textContent()).toContain(
      `${(loadCatalogFromDisk().bands!.coverage!.share * 100).toFixed(1)}% of the`,
    );
  });

  it('lists the rows set aside on request, with their reason, apart from the scored ones', async () => {
    await page.goto(`${inject('baseUrl')}/validation?v=1&status=aside&metric=tpotMs`);
    await page.getByTestId('validation-table').waitFor();
    const figures = compareRows(loadMeasurementsFromDisk(), loadCatalogFromDisk());
    const aside = figures.filter((f) => f.setAside && f.metric === 'tpotMs');
    expect(aside.length).toBeGreaterThan(0);
    expect(await page.getByTestId('validation-count').textContent()).toBe(
      aside.length.toLocaleString('en-US'),
    );
    const tag = page.getByTestId('validation-table').locator('tbody tr').first().locator('.tag');
    expect(await tag.textContent()).toBe('set aside');
    expect(aside.map((f) => f.setAside)).toContain(await tag.getAttribute('title'));
    // Back to the default (scored rows only): none carries the tag.
    await page.getByLabel('Status').selectOption('scored');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBeNull();
    await expect.poll(() => page.getByTestId('validation-table').locator('.tag').count()).toBe(0);
  });

  it('changing a filter updates the URL and the rows', async () => {
    await page.goto(`${inject('baseUrl')}/validation?v=1&set=headline&metric=tpotMs`);
    await page.getByTestId('validation-table').waitFor();
    await page.getByLabel('Metric').selectOption('totalTokPerSecPerGpu');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('metric'))
      .toBe('totalTokPerSecPerGpu');
    await expect
      .poll(() => page.getByTestId('validation-table').locator('tbody tr').first().textContent())
      .toContain('total tok/s/GPU');
  });

  it('filters by the benchmark protocol each measurement ran', async () => {
    await page.goto(`${inject('baseUrl')}/validation?v=1&set=headline&pr=offline`);
    await page.getByTestId('validation-table').waitFor();
    const offline = compareRows(loadMeasurementsFromDisk(), loadCatalogFromDisk()).filter(
      (f) => f.set === 'headline' && f.scenario.workload.protocol === 'offline' && !f.setAside,
    );
    expect(offline.length).toBeGreaterThan(0);
    expect(await page.getByTestId('validation-count').textContent()).toBe(String(offline.length));
  });

  it('says which values of its link it could not use, and applies the rest', async () => {
    await page.goto(`${inject('baseUrl')}/validation?v=1&set=headline&hw=tpu-v9&sort=zz&q=1`);
    const notice = page.getByTestId('link-notice');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    for (const key of ['hw', 'sort', 'q']) expect(text).toContain(key);
    expect(text).not.toContain('set =');
    await page.getByTestId('validation-table').waitFor();
  });

  it('opens a row in the Planner with its scenario', async () => {
    const first = page.getByTestId('validation-table').locator('tbody tr').first();
    const id = (await first.locator('th').textContent()) ?? '';
    await first.getByRole('link', { name: 'Open in Planner' }).click();
    await page.getByTestId('fits').waitFor();
    expect(new URL(page.url()).pathname).toBe('/plan');
    expect(id.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
  it('a row’s assumptions open from the keyboard, not only in a hover title', async () => {
    await page.goto(`${inject('baseUrl')}/validation?v=1&set=headline&metric=tpotMs`);
    const firstRow = page.getByTestId('validation-table').locator('tbody tr').first();
    await firstRow.waitFor();
    const id = (await firstRow.locator('th').textContent())!.trim();
    const expected = compareRows(loadMeasurementsFromDisk(), loadCatalogFromDisk()).find(
      (f) => f.id === id && f.metric === 'tpotMs',
    )!;
    const summary = firstRow.getByText('Assumptions');
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await firstRow.locator('details').getAttribute('open')).not.toBeNull();
    expect(await firstRow.locator('details p').first().textContent()).toBe(expected.note);
  });
});
