import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage } from './page';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import type { HardwareSpec } from '../../src/core/hardware/schema';
import { CUSTOM_KEY } from '../../src/state/custom-catalog';

let page: Page;
let problems: string[];
openPage((opened, errors) => {
  page = opened;
  problems = errors;
});
const fixture = (id: string) =>
  readFileSync(join(process.cwd(), 'tests/fixtures/hf', `${id}.config.json`), 'utf8');

describe('/catalog in Chromium', () => {
  it('lists every model and accelerator with figures and sources', async () => {
    await page.goto(`${inject('baseUrl')}/catalog`);
    await page.getByTestId('models-table').waitFor();
    expect(await page.getByTestId('models-table').locator('tbody tr').count()).toBe(12);
    expect(await page.getByTestId('hardware-table').locator('tbody tr').count()).toBe(13);
    expect(await page.getByTestId('models-table').textContent()).toContain('864,704,792,696 B');
  });

  it('imports a V4-Flash config.json that reproduces the checkpoint, saves it, and plans with it', async () => {
    await page.getByLabel('Id', { exact: true }).first().fill('my-flash');
    await page.getByLabel('Name', { exact: true }).first().fill('My Flash');
    await page.getByLabel('config.json', { exact: true }).fill(fixture('deepseek-v4-flash'));
    await page.getByRole('button', { name: 'Read the config' }).click();
    await expect
      .poll(() => page.getByTestId('hf-preview').textContent())
      .toContain('159,609,485,896 B');
    await page.getByRole('button', { name: 'Save as a custom model' }).click();
    const row = page
      .getByTestId('models-table')
      .locator('tbody tr')
      .filter({ hasText: 'my-flash' });
    await row.waitFor();
    await row.getByRole('link', { name: 'Plan' }).click();
    await page.getByTestId('fits').waitFor();
    expect(await page.getByLabel('Model').inputValue()).toBe('my-flash');
    await page.getByLabel('Output (tokens)').fill('2048');
    await expect.poll(() => new URL(page.url()).searchParams.get('cm')).not.toBeNull();
  });

  it('the link carries the custom model: it works in a fresh browser that never saw it', async () => {
    const url = page.url();
    const fresh = await page.context().browser()!.newPage();
    await fresh.goto(url);
    await fresh.getByTestId('fits').waitFor();
    expect(await fresh.getByLabel('Model').inputValue()).toBe('my-flash');
    expect(await fresh.getByTestId('checkpoint-bytes').textContent()).toContain(
      '159,609,485,896 B',
    );
    await fresh.close();
  });

  it('asks for fields a config lacks instead of guessing', async () => {
    await page.goto(`${inject('baseUrl')}/catalog`);
    const cfg = JSON.parse(fixture('qwen3-235b-a22b'));
    delete cfg.num_experts;
    await page.getByLabel('config.json', { exact: true }).fill(JSON.stringify(cfg));
    await page.getByRole('button', { name: 'Read the config' }).click();
    await expect.poll(() => page.getByTestId('hf-result').textContent()).toContain('num_experts');
    await expect
      .poll(() => page.getByTestId('hf-result').locator('input[type=number]').count())
      .toBe(1);
    await page.getByTestId('hf-result').locator('input[type=number]').fill('128');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('hf-preview').textContent()).toMatch(/B parameters/);
  });

  it('saves custom hardware that then appears in the table', async () => {
    await page.getByLabel('Start from').nth(1).selectOption('b200');
    await page.getByLabel('Id', { exact: true }).last().fill('b200-200g');
    await page.getByLabel('Memory (GiB)').fill('200');
    // B200's optional FP4 and FP8 rates start from the catalog; an emptied one is saved as absent.
    const b200 = loadCatalogFromDisk().hardware.get('b200')!.denseFlopsPerSec;
    expect(await page.getByLabel('Dense FP4 (TFLOPS), optional').inputValue()).toBe(
      String(b200.fp4! / 1e12),
    );
    expect(await page.getByLabel('Dense FP8 (TFLOPS), optional').inputValue()).toBe(
      String(b200.fp8! / 1e12),
    );
    await page.getByLabel('Dense FP4 (TFLOPS), optional').fill('');
    await page.getByRole('button', { name: 'Validate and save' }).last().click();
    await expect.poll(() => page.getByTestId('hw-editor-result').textContent()).toMatch(/Saved/);
    const saved = await page.evaluate(
      (key) => JSON.parse(localStorage.getItem(key)!) as { hardware: HardwareSpec[] },
      CUSTOM_KEY,
    );
    const flops = saved.hardware.find((h) => h.id === 'b200-200g')!.denseFlopsPerSec;
    expect(flops.fp4).toBeNull();
    expect(flops.fp8).toBe(b200.fp8);
    await expect
      .poll(() =>
        page
          .getByTestId('hardware-table')
          .locator('tbody tr')
          .filter({ hasText: 'b200-200g' })
          .count(),
      )
      .toBe(1);
    expect(problems).toEqual([]);
  });
});
