import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { parseDemand, recommend } from '../../src/core/capacity/recommend';
import { compareProductionDay } from '../../src/core/validation/production-day';
import example from '../../examples/deepseek-production-2025-02.json';
import { launchChromium, watchForErrors } from './browser';
import { axeViolations } from './routes';

const base = () => inject('baseUrl');
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
  });
  page = await context.newPage();
  problems = watchForErrors(page);
});
afterAll(async () => {
  await browser?.close();
});

/** The numbers of a table row's cells (commas dropped). */
const cells = async (row: string) =>
  (
    await page
      .getByRole('row', { name: new RegExp(`^${row}`) })
      .getByRole('cell')
      .allTextContents()
  ).map((t) => Number(t.replace(/,/g, '')));

describe('agents, prefix caching and percentiles in Chromium', () => {
  it('an agent preset fills the link, prices cache hits and simulates percentiles in order', async () => {
    await page.goto(`${base()}/plan`);
    await page.getByTestId('fits').waitFor();
    // Fixed lengths keep the traffic details folded until asked for.
    const details = page.getByRole('button', { name: 'Length mix, sessions and cache tiers' });
    expect(await details.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel(/Host DRAM cache/).count()).toBe(0);
    await details.click();
    await page.getByLabel(/Host DRAM cache/).waitFor();
    await page.getByRole('button', { name: 'Agent session (coding, 50 turns)' }).click();
    await page.getByTestId('prefix-cache').waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('tu')).toBe('50');
    expect(url.searchParams.get('shp')).toBe('8000');
    expect(await page.getByTestId('prefix-cache').textContent()).toMatch(
      /of prompt tokens come from a cache/,
    );
    expect(await page.getByTestId('prefix-cache').textContent()).toMatch(/DeepSeek API \$0\.0036/);
    // The link reopens the same traffic.
    await page.goto(url.toString());
    await page.getByTestId('prefix-cache').waitFor();
    expect(
      await page
        .getByRole('button', { name: 'Agent session (coding, 50 turns)' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByLabel('Requests simulated').selectOption('2000');
    await page.getByTestId('sim-table').waitFor({ timeout: 60_000 });
    for (const row of ['Time to first token', 'Time per output token', 'End-to-end latency']) {
      const [, p50, p90, p99] = await cells(row);
      expect(p50).toBeGreaterThan(0);
      expect(p50).toBeLessThanOrEqual(p90!);
      expect(p90).toBeLessThanOrEqual(p99!);
    }
    expect(await page.getByTestId('sim-summary').textContent()).toMatch(/Prefix cache: \d/);
    expect(await axeViolations(page)).toEqual([]);
    // On a phone the new panels scroll their tables, never the page.
    await page.setViewportSize({ width: 390, height: 844 });
    // (Charts resize on the next frames.)
    await expect
      .poll(() =>
        page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      )
      .toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  });

  it('the frontier filter can hold the 90th percentile, simulated for its frontier points', async () => {
    await page.goto(
      `${base()}/frontier?v=1&m=deepseek-v4-flash&s=b200~native~vllm&wl=chat&in=2000&out=500&dis=0&slap=p90&ttft=3000`,
    );
    await page.getByTestId('frontier-table').waitFor({ timeout: 60_000 });
    await page
      .getByText(/bounds hold the simulated p90 of the \d+ frontier points/)
      .waitFor({ timeout: 60_000 });
    const header = page.getByRole('columnheader', { name: /TTFT at the filter’s percentile/ });
    expect(await header.count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('the Validation page puts the published production day beside the capacity search', async () => {
    const catalog = loadCatalogFromDisk();
    const d = parseDemand(example, catalog);
    if (!d.ok) throw new Error(d.errors.join('; '));
    const expected = compareProductionDay(recommend(d.demand, catalog));
    await page.goto(`${base()}/validation`);
    // Searched when scrolled to (the section closes the page).
    await page.getByTestId('production-day').scrollIntoViewIfNeeded();
    await page.getByTestId('production-day-table').waitFor({ timeout: 120_000 });
    const text = (await page.getByTestId('production-day-table').textContent()) ?? '';
    for (const r of expected.filter((x) => x.scored)) {
      expect(text).toContain(r.what);
      expect(Math.abs(r.error!)).toBeLessThanOrEqual(0.15);
    }
    expect(text).toMatch(/1,814 GPUs/);
    expect(text).toContain('$87,072');
    expect(problems).toEqual([]);
  });
});
