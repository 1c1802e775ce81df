import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import type { SweepQuery } from '../../src/core/sweep';
import { runSweep } from '../../src/core/sweep';
import { COST_DEFINITION } from '../../src/core/economics';
import { visiblePoints } from '../../src/features/frontier/frontier-model';
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
    // The default TTFT ceiling (a minute), shown in its field: points past it are not drawn.
    expect(await page.getByLabel('Never draw TTFT past').inputValue()).toBe('60000');
    const v = visiblePoints(r, 1, {
      ttftMs: 0,
      tpotMs: 0,
      minTokPerSecPerUser: 0,
      ttftCeilingMs: 60_000,
      hideFailing: false,
      percentile: 'mean',
    });
    const past = v.pastCeiling
      ? `; ${v.pastCeiling.toLocaleString('en-US')} with TTFT past 60 s are not drawn`
      : '';
    expect(await summary()).toBe(
      `${r.configurations.toLocaleString('en-US')} configurations tried, ${r.points.length.toLocaleString('en-US')} fit in memory, ${r.points.length.toLocaleString('en-US')} meet the filter${past}.`,
    );
    expect(await page.getByTestId('frontier-table').locator('tbody tr').count()).toBe(
      v.frontiers[0]!.length,
    );
    // The cost column is named by its one definition, shown on the page.
    expect(await page.getByText(COST_DEFINITION).count()).toBe(1);
  });

  it('the SLA filter applies as you type, greys out failing points and is kept in the URL', async () => {
    // No blur: typing alone filters.
    await page.getByLabel('TPOT ≤').fill('10');
    await expect.poll(() => new URL(page.url()).searchParams.get('tpot')).toBe('10');
    await expect.poll(() => page.getByLabel('TPOT ≤').inputValue()).toBe('10');
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

  it('hides the rows that miss the filter on request', async () => {
    const rows = page.getByTestId('frontier-table').locator('tbody tr');
    const failing = () => page.locator('[data-testid=frontier-table] tbody tr.fails').count();
    await expect.poll(failing).toBeGreaterThan(0);
    // A click, not check(): the URL (and so the box) updates in a transition, after the click.
    await page.getByLabel('Hide what misses it').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('hide')).toBe('1');
    await expect.poll(failing).toBe(0);
    expect(await rows.count()).toBeGreaterThan(0);
    await page.getByLabel('Hide what misses it').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('hide')).toBeNull();
    await expect.poll(failing).toBeGreaterThan(0);
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

  it('draws the published measurements of V4-Pro on B200 beside its predicted frontier', async () => {
    await page.goto(
      `${inject('baseUrl')}/frontier?v=1&m=deepseek-v4-pro&s=b200~native~sglang&dis=0`,
    );
    await page.getByTestId('sweep-summary').waitFor({ timeout: 60_000 });
    const { loadMeasurementsFromDisk } = await import('../../src/catalog/node');
    const { measuredRowsOf } = await import('../../src/features/frontier/measured-points');
    const expected = measuredRowsOf(
      loadMeasurementsFromDisk(),
      { model: 'deepseek-v4-pro', inputTokens: 8192, outputTokens: 1024 },
      { hardware: 'b200', weights: 'native', framework: 'sglang' },
    ).length;
    expect(expected).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('measured-note').textContent())
      .toContain(`Triangles: ${expected} published measurement`);
    expect(problems).toEqual([]);
  });
});
