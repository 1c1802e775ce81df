import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, watchForErrors } from './browser';

let browser: Browser;
let page: Page;
let problems: string[];
beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  problems = watchForErrors(page);
});
afterAll(async () => {
  await browser?.close();
});
const fixture = (name: string) => join(process.cwd(), 'tests/fixtures', name);

describe('/saved export and import in Chromium', () => {
  it('imports a file, skips it the second time, and exports what is saved', async () => {
    await page.goto(`${inject('baseUrl')}/saved`);
    await page.getByRole('heading', { name: 'Saved scenarios' }).waitFor();
    await page.getByLabel('Import a file…').setInputFiles(fixture('saved-v1.json'));
    await expect
      .poll(() => page.getByTestId('saved-message').textContent())
      .toMatch(/Imported 1 scenario/);
    await page.getByLabel('Import a file…').setInputFiles(fixture('saved-v0.json'));
    await expect.poll(() => page.getByTestId('saved-row').count()).toBe(2);
    await page.getByLabel('Import a file…').setInputFiles(fixture('saved-v1.json'));
    await expect
      .poll(() => page.getByTestId('saved-message').textContent())
      .toMatch(/Imported 0 scenario\(s\); 1 already saved/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export all (JSON)' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file!, 'utf8'));
    expect(exported.version).toBe(1);
    // Each saved scenario is listed with its headline figures, once its GPU's kernel tables are in.
    await expect
      .poll(() => page.getByTestId('saved-tpot').first().textContent())
      .toMatch(/^\d+\.\d$/);
    expect(exported.items.map((i: { name: string }) => i.name).sort()).toEqual([
      'Flash on 4xB200',
      'Pro on B200 (v0)',
    ]);
    // The CSV lists the same two, under its header.
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe('saved-scenarios.csv');
    const lines = readFileSync((await csv.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    // The table's own headers, one unit each; plain numbers in the cells.
    expect(lines[0]).toBe(
      'Name,Model,Hardware,GPUs,Input (tokens),Output (tokens),Concurrency (requests),TPOT (ms),Output per GPU (tok/s),$ per 1M output tokens,Updated',
    );
    const headers = await page.locator('.saved-table thead th').allTextContents();
    expect(headers.slice(0, -1).join(',')).toBe(lines[0]);
    for (const line of lines.slice(1)) expect(line.split(',')[7]).toMatch(/^\d+(\.\d+)?$/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['Flash on 4xB200', 'Pro on B200 (v0)']);
  });

  it('refuses a bad file and changes nothing', async () => {
    await page.getByLabel('Import a file…').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('<script>alert(1)</script>'),
    });
    await expect
      .poll(() => page.getByTestId('saved-message').textContent())
      .toBe('Nothing imported: the file is not JSON.');
    expect(await page.getByTestId('saved-row').count()).toBe(2);
    expect(problems).toEqual([]);
  });

  it('a file of hundreds of scenarios lists (and plans) a hundred at a time', async () => {
    const { serializeSaved } = await import('../../src/state/saved-scenarios');
    const { Scenario, DEFAULT_SCENARIO } = await import('../../src/core/scenario/schema');
    const many = Array.from({ length: 250 }, (_, i) => ({
      id: `bulk-${i}`,
      name: `Bulk ${i}`,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      scenario: Scenario.parse({
        ...DEFAULT_SCENARIO,
        workload: { ...DEFAULT_SCENARIO.workload, concurrency: i + 1 },
      }),
    }));
    await page.getByLabel('Import a file…').setInputFiles({
      name: 'many.json',
      mimeType: 'application/json',
      buffer: Buffer.from(serializeSaved(many)),
    });
    await expect
      .poll(() => page.getByTestId('saved-message').textContent())
      .toMatch(/Imported 250 scenario/);
    expect(await page.getByTestId('saved-row').count()).toBe(100);
    await page.getByRole('button', { name: 'Show 100 more of 152' }).click();
    await expect.poll(() => page.getByTestId('saved-row').count()).toBe(200);
  });
});
