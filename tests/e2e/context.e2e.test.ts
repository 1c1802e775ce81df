import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { contextCurves } from '../../src/core/context-curves';
import { openPage } from './page';

let page: Page;
let problems: string[];
openPage((opened, errors) => {
  page = opened;
  problems = errors;
});

describe('/context in Chromium', () => {
  it('opens a bookmarked link and shows the core’s KV per sequence from 1K to 1M tokens', async () => {
    await page.goto(
      `${inject('baseUrl')}/context?v=1&models=deepseek-v4-pro,deepseek-v3.2&hw=b200&g=8&kv=fp8&c=1`,
    );
    const table = page.getByTestId('context-table');
    await table.waitFor();
    const [pro] = contextCurves(
      {
        models: ['deepseek-v4-pro'],
        hardware: 'b200',
        gpus: 8,
        kvCache: 'fp8',
        concurrency: 1,
        outputTokens: 256,
      },
      loadCatalogFromDisk(),
    );
    const row = table.locator('tbody tr').filter({ hasText: 'DeepSeek-V4-Pro KV (GiB)' });
    const cells = await row.locator('td').allTextContents();
    expect(cells).toHaveLength(11);
    expect(cells.at(-1)).toBe((pro!.points.at(-1)!.kvBytesPerSequence / 2 ** 30).toPrecision(3));
    await expect
      .poll(() => table.locator('tbody tr').filter({ hasText: 'V3.2 max sequences' }).count())
      .toBe(1);
  });

  it('changing the hardware rewrites the URL and the numbers', async () => {
    const before = await page
      .getByTestId('context-table')
      .locator('tbody tr')
      .filter({ hasText: 'V4-Pro max sequences' })
      .textContent();
    await page.getByLabel('Hardware').selectOption('b300');
    await expect.poll(() => new URL(page.url()).searchParams.get('hw')).toBe('b300');
    await expect
      .poll(() =>
        page
          .getByTestId('context-table')
          .locator('tbody tr')
          .filter({ hasText: 'V4-Pro max sequences' })
          .textContent(),
      )
      .not.toBe(before);
    expect(problems).toEqual([]);
  });
});
