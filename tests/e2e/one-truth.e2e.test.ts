import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { formatSig, formatUsd } from '../../src/components/format';
import { contextCurves } from '../../src/core/context-curves';
import { plan } from '../../src/core/plan';
import type { HardwareSpec } from '../../src/core/hardware/schema';
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
const base = () => inject('baseUrl');
const catalog = loadCatalogFromDisk();
const text = (id: string) => page.getByTestId(id).textContent();
const linkFor = (s: ScenarioInput, hardware: HardwareSpec | null = null) =>
  `${base()}/plan?${new URLSearchParams(encodeScenarioParams(s, null, hardware)).toString()}`;
const usdOut = (s: ScenarioInput) => {
  const r = plan(s, catalog);
  if (!r.ok || !r.plan.runs) throw new Error('expected a running plan');
  return formatUsd(r.plan.cost.usdPerMillionOutputTokens);
};

describe('one truth in every view (Chromium)', () => {
  it('the price follows the hardware; a price the user typed stays theirs', async () => {
    await page.goto(linkFor(DEFAULT_SCENARIO));
    await page.getByTestId('fits').waitFor();
    expect(await text('usd-per-m-out')).toBe(usdOut(DEFAULT_SCENARIO));
    await page.getByLabel('Hardware').selectOption('h200-sxm');
    await expect.poll(() => text('fits')).toMatch(/H200/);
    // H200's own tier, not B200's dollars: no frozen price in the link.
    expect(new URL(page.url()).searchParams.get('usd')).toBeNull();
    await expect.poll(() => text('price-basis')).toMatch(/follows the hardware/);
    const h200 = { ...DEFAULT_SCENARIO, hardware: 'h200-sxm' };
    await expect.poll(() => text('usd-per-m-out')).toBe(usdOut(h200));
    // The user's own price stays when the hardware changes, and says so.
    await page.getByLabel('$/GPU-hour').selectOption('own');
    // The choice lands in the link first (starting from H200's price), then the field is typed.
    await expect.poll(() => new URL(page.url()).searchParams.get('usd')).not.toBeNull();
    // Typed, then the GPU changed at once: the second edit builds on the first even before the
    // link has caught up with it (it arrives in a transition).
    await page.getByLabel('Own price').fill('2.5');
    await page.getByLabel('Hardware').selectOption('b200');
    await expect.poll(() => text('fits')).toMatch(/B200/);
    await expect.poll(() => new URL(page.url()).searchParams.get('usd')).toBe('2.5');
    expect(await text('price-basis')).toMatch(/Your own price/);
    expect(await text('usd-per-m-out')).toBe(
      usdOut({ ...DEFAULT_SCENARIO, pricing: { usdPerGpuHour: 2.5 } }),
    );
  });

  it('a deployment that cannot run shows why and the nearest fix, not figures', async () => {
    await page.goto(linkFor({ ...DEFAULT_SCENARIO, hardware: 'h100-sxm' }));
    await expect.poll(() => text('fits')).toMatch(/^Does not fit/);
    expect(await text('cannot-run')).toMatch(/weights alone need/);
    for (const id of ['ttft', 'tpot', 'usd-per-m-out', 'tok-per-mw'])
      expect(await page.getByTestId(id).count(), id).toBe(0);
    await page.getByTestId('cannot-run').getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => text('fits')).toMatch(/^Fits on \d+ × NVIDIA H100/);
    expect(await page.getByTestId('tpot').count()).toBe(1);
  });

  it('the Planner shows input and blended $/M beside output, and names the definition', async () => {
    await page.goto(linkFor(DEFAULT_SCENARIO));
    await page.getByTestId('fits').waitFor();
    const r = plan(DEFAULT_SCENARIO, catalog);
    if (!r.ok || !r.plan.runs) throw new Error('default must run');
    expect(await text('usd-per-m-in')).toBe(formatUsd(r.plan.cost.usdPerMillionInputTokens));
    expect(await text('usd-per-m-blended')).toBe(formatUsd(r.plan.cost.usdPerMillionTokensBlended));
    expect(await page.getByText('prefill time is charged to input tokens').count()).toBe(1);
  });

  it('every page has its own title', async () => {
    const titles: Array<[string, string]> = [
      ['/plan', 'Planner'],
      ['/frontier', 'Frontier'],
      ['/context', 'Context'],
      ['/compare', 'Compare'],
      ['/saved', 'Saved scenarios'],
      ['/validation', 'Validation'],
      ['/catalog', 'Catalog'],
      ['/no-such-page', 'Not found'],
    ];
    for (const [path, title] of titles) {
      await page.goto(`${base()}${path}`);
      await expect.poll(() => page.title()).toBe(`${title} — Token Factory`);
    }
  });

  it('/context prices long context in dollars beside the DeepSeek API, cache hits included', async () => {
    await page.goto(`${base()}/context?v=1&models=deepseek-v4-pro&hw=b200&g=8&kv=fp8&c=1`);
    const table = page.getByTestId('context-table');
    await table.waitFor();
    const [curve] = contextCurves(
      {
        models: ['deepseek-v4-pro'],
        hardware: 'b200',
        gpus: 8,
        kvCache: 'fp8',
        concurrency: 1,
        outputTokens: 256,
      },
      catalog,
    );
    const at1k = curve!.points[0]!;
    const row = (label: string) =>
      table
        .locator('tr')
        .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    const name = catalog.models.get('deepseek-v4-pro')!.name;
    await expect
      .poll(() => row(`${name} $ per request`).locator('td').first().textContent())
      .toBe(`$${formatSig(at1k.usdPerRequest!)}`);
    expect(
      await row(`${name} API $ per request, cache hit`).locator('td').first().textContent(),
    ).toBe(`$${formatSig(at1k.apiUsdPerRequest!.cacheHit)}`);
    expect(
      await row(`${name} API $ per request, cache miss`).locator('td').first().textContent(),
    ).toBe(`$${formatSig(at1k.apiUsdPerRequest!.cacheMiss)}`);
    expect(await page.getByText(/256 output tokens/).count()).toBeGreaterThan(0);
  });

  it('custom hardware travels: saved from a link, listed with figures, reopened intact', async () => {
    const gpu = { ...catalog.hardware.get('b200')!, id: 'my-gpu', name: 'My e2e GPU' };
    const scenario = { ...DEFAULT_SCENARIO, hardware: 'my-gpu' };
    await page.goto(linkFor(scenario, gpu));
    await expect.poll(() => text('fits')).toMatch(/My e2e GPU/);
    await page.getByLabel('Scenario name').fill('On my own GPU');
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    await page.goto(`${base()}/saved`);
    const row = page.getByTestId('saved-row').filter({ hasText: 'On my own GPU' });
    await row.waitFor();
    await expect.poll(() => row.getByTestId('saved-tpot').textContent()).toMatch(/^\d+\.\d$/);
    await row.getByRole('link', { name: 'Open' }).click();
    await expect.poll(() => text('fits')).toMatch(/My e2e GPU/);
    expect(await page.getByTestId('link-notice').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
