import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';
import type { ScenarioInput } from '../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { encodeScenarioParams } from '../../src/core/scenario/url-codec';
import { openPage } from './page';

let page: Page;
let problems: string[];
openPage((opened, errors) => {
  page = opened;
  problems = errors;
});
const query = (s: ScenarioInput) => new URLSearchParams(encodeScenarioParams(s)).toString();
const second: ScenarioInput = { ...DEFAULT_SCENARIO, hardware: 'b300' };

describe('/compare in Chromium', () => {
  it('opens from the Planner with its scenario, takes a pasted link, and shows deltas against the first', async () => {
    await page.goto(`${inject('baseUrl')}/plan?${query(DEFAULT_SCENARIO)}`);
    await page.getByTestId('fits').waitFor();
    await page.getByRole('link', { name: 'Compare…' }).click();
    const table = page.getByTestId('compare-table');
    await table.waitFor();
    await page
      .getByLabel('or paste a Planner link')
      .fill(`${inject('baseUrl')}/plan?${query(second)}`);
    await page.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => table.locator('thead th').count()).toBe(3);
    const c = loadCatalogFromDisk();
    const a = plan(DEFAULT_SCENARIO, c);
    const b = plan(second, c);
    if (!a.ok || !b.ok || !a.plan.runs || !b.plan.runs) throw new Error('plan failed');
    const ratio = (
      b.plan.throughput.outputTokPerSecPerGpu / a.plan.throughput.outputTokPerSecPerGpu
    ).toFixed(2);
    expect(await table.locator('tr[data-metric=outGpu] td').nth(1).textContent()).toContain(
      `(×${ratio})`,
    );
    const url = new URL(page.url());
    expect(url.searchParams.get('s1')).toBe(query(DEFAULT_SCENARIO));
    expect(url.searchParams.get('s2')).toBe(query(second));
  });

  it('reopens the same comparison from its link, and removes a scenario', async () => {
    await page.reload();
    const table = page.getByTestId('compare-table');
    await table.waitFor();
    expect(await table.locator('thead th').count()).toBe(3);
    await table.getByRole('button', { name: 'Remove' }).nth(1).click();
    await expect.poll(() => table.locator('thead th').count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('s2')).toBeNull();
    expect(problems).toEqual([]);
  });

  it('plans a slot with its custom hardware, and names what its link could not use', async () => {
    const catalog = loadCatalogFromDisk();
    const gpu = { ...catalog.hardware.get('b200')!, id: 'my-gpu', name: 'My GPU' };
    const custom = { ...DEFAULT_SCENARIO, hardware: 'my-gpu' };
    const slot = new URLSearchParams(encodeScenarioParams(custom, null, gpu)).toString();
    const link = new URLSearchParams([
      ['v', '1'],
      ['s1', slot],
      ['s2', `${query(second)}&zz=1`],
      ['x', '2'],
    ]);
    await page.goto(`${inject('baseUrl')}/compare?${link.toString()}`);
    const table = page.getByTestId('compare-table');
    await table.waitFor();
    expect(await table.getByRole('alert').count()).toBe(0);
    const notice = page.getByTestId('link-notice');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('s2: zz');
    expect(text).toContain('x');
  });
});
