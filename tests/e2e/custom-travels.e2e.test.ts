import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { encodeScenarioParams } from '../../src/core/scenario/url-codec';
import { launchChromium, watchForErrors } from './browser';

let browser: Browser;
afterAll(async () => {
  await browser?.close();
});
beforeAll(async () => {
  browser = await launchChromium();
});
/** A fresh browser profile: nothing saved, no custom catalog. */
async function freshPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  return { page, problems: watchForErrors(page) };
}

const catalog = loadCatalogFromDisk();
const model = {
  ...catalog.models.get('deepseek-v4-flash')!,
  id: 'my-flash-e2e',
  name: 'My Flash e2e',
};
const gpu = { ...catalog.hardware.get('b200')!, id: 'my-gpu-e2e', name: 'My GPU e2e' };
const scenario = {
  ...DEFAULT_SCENARIO,
  model: model.id,
  hardware: gpu.id,
  gpus: 4,
  parallelism: { tp: 1, ep: 4, pp: 1, dpAttention: true },
};

describe('a custom model and custom hardware travel everywhere a scenario goes', () => {
  it('survive save → saved page → compare → export → import into a fresh browser', async () => {
    const a = await freshPage();
    const link = new URLSearchParams(encodeScenarioParams(scenario, model, gpu)).toString();
    await a.page.goto(`${inject('baseUrl')}/plan?${link}`);
    await expect.poll(() => a.page.getByTestId('fits').textContent()).toMatch(/My GPU e2e/);
    await a.page.getByLabel('Scenario name').fill('Both custom');
    await a.page.getByRole('button', { name: 'Save scenario' }).click();
    await expect
      .poll(() => a.page.getByRole('status').filter({ hasText: 'Saved' }).count())
      .toBe(1);

    // The saved page plans it with its own specs.
    await a.page.goto(`${inject('baseUrl')}/saved`);
    const row = a.page.getByTestId('saved-row').filter({ hasText: 'Both custom' });
    await expect.poll(() => row.getByTestId('saved-tpot').textContent()).toMatch(/^\d+\.\d$/);

    // Compare takes it from the saved list and plans it without an unknown id.
    await a.page.goto(`${inject('baseUrl')}/compare`);
    await a.page.getByLabel('Add a saved scenario').selectOption({ label: 'Both custom' });
    const table = a.page.getByTestId('compare-table');
    await table.waitFor();
    expect(await table.getByRole('alert').count()).toBe(0);
    // Its column is named as it was saved.
    expect(await table.locator('thead').textContent()).toContain('Both custom');

    // Exported, then imported into a browser that never saw either spec.
    await a.page.goto(`${inject('baseUrl')}/saved`);
    const download = a.page.waitForEvent('download');
    await a.page.getByRole('button', { name: 'Export all (JSON)' }).click();
    const file = (await (await download).path())!;
    const b = await freshPage();
    await b.page.goto(`${inject('baseUrl')}/saved`);
    await b.page.getByLabel('Import a file…').setInputFiles({
      name: 'scenarios.json',
      mimeType: 'application/json',
      buffer: Buffer.from(readFileSync(file, 'utf8')),
    });
    const imported = b.page.getByTestId('saved-row').filter({ hasText: 'Both custom' });
    await expect.poll(() => imported.getByTestId('saved-tpot').textContent()).toMatch(/^\d+\.\d$/);
    await imported.getByRole('link', { name: 'Open' }).click();
    await expect.poll(() => b.page.getByTestId('fits').textContent()).toMatch(/My GPU e2e/);
    expect(await b.page.getByLabel('Model').inputValue()).toBe('my-flash-e2e');
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
