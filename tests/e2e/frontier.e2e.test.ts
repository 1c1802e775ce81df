import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import type { SweepQuery } from '../../src/core/sweep';
import { runSweep } from '../../src/core/sweep';
import { openPage } from './page';

let page: Page;
let problems: string[];
openPage((opened, errors) => {
  page = opened;
  problems = errors;
});

/** The page's bookmarked sweep: V4-Flash, 1K in / 1K out, vLLM, aggregated, one accelerator. */
const flashQuery = (hardware: string): SweepQuery => ({
  model: 'deepseek-v4-flash',
  series: [{ hardware, weights: 'native', framework: 'vllm' }],
  inputTokens: 1024,
  outputTokens: 1024,
  disaggregated: false,
  speculative: false,
});
const summary = () => page.getByTestId('sweep-summary').textContent();

describe('/frontier in Chromium', () => {
  it('opens a bookmarked sweep and shows what the core sweep finds', async () => {
    await page.goto(
      `${inject('baseUrl')}/frontier?v=1&m=deepseek-v4-flash&s=b200~native~vllm&in=1024&out=1024&dis=0&y=out`,
    );
    await page.getByTestId('frontier-table').waitFor();
    const r = runSweep(flashQuery('b200'), loadCatalogFromDisk());
    expect(await summary()).toBe(
      `${r.configurations.toLocaleString('en-US')} configurations tried, ${r.points.length.toLocaleString('en-US')} fit in memory, ${r.points.length.toLocaleString('en-US')} meet the filter.`,
    );
    expect(await page.getByTestId('frontier-table').locator('tbody tr').count()).toBe(
      r.frontiers[0]!.length,
    );
  });

  it('the SLA filter greys out failing points and is kept in the URL', async () => {
    await page.getByLabel('TPOT ≤').fill('10');
    await page.getByLabel('TPOT ≤').blur();
    await expect.poll(() => new URL(page.url()).searchParams.get('tpot')).toBe('10');
    const counts = async () => {
      const t = (await summary()) ?? '';
      const n = (re: RegExp) => Number(t.match(re)?.[1]?.replace(/,/g, '') ?? NaN);
      return { fit: n(/([\d,]+) fit/), meet: n(/([\d,]+) meet/) };
    };
    // Wait for the filter to apply: fewer points meet it than fit in memory.
    await expect
      .poll(async () => {
        const c = await counts();
        return c.meet < c.fit;
      })
      .toBe(true);
  });

  it('a superseded sweep leaves no stale result: the last inputs win', async () => {
    const chart = page.locator('canvas[role=img]');
    const before = await chart.getAttribute('aria-label');
    await page.getByLabel('Series 1 hardware').selectOption('h200-sxm');
    await page.getByLabel('Series 1 hardware').selectOption('b300');
    await page.getByLabel('Series 1 hardware').selectOption('mi355x');
    await expect.poll(() => new URL(page.url()).searchParams.get('s')).toBe('mi355x~native~vllm');
    await expect
      .poll(() => page.getByTestId('frontier-table').locator('tbody th').first().textContent())
      .toBe('mi355x native vllm');
    const r = runSweep(flashQuery('mi355x'), loadCatalogFromDisk());
    // The chart was redrawn for the new series (its label counts its points).
    await expect.poll(() => chart.getAttribute('aria-label')).not.toBe(before);
    await expect
      .poll(summary)
      .toMatch(
        new RegExp(
          `^${r.configurations.toLocaleString('en-US')} configurations tried, ${r.points.length.toLocaleString('en-US')} fit`,
        ),
      );
  });

  it('opens a frontier point in the Planner', async () => {
    await page.getByTestId('frontier-table').locator('tbody a').first().click();
    await page.getByTestId('fits').waitFor();
    expect(new URL(page.url()).searchParams.get('hw')).toBe('mi355x');
    expect(problems).toEqual([]);
  });
});
