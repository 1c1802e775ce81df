import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { plan } from '../../src/core/plan';
import type { ScenarioInput } from '../../src/core/scenario/schema';
import { encodeScenarioParams } from '../../src/core/scenario/url-codec';
import { launchChromium, watchForErrors } from './browser';

const base = () => inject('baseUrl');
const num = (v: number, digits: number) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const GIB = 2 ** 30;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  problems = watchForErrors(page);
});
afterAll(async () => {
  await browser?.close();
});

const shared: ScenarioInput = {
  model: 'deepseek-v4-flash',
  hardware: 'gb200-nvl72',
  gpus: 8,
  precision: { weights: 'native', kvCache: 'fp8', indexerCache: 'fp4' },
  framework: 'vllm',
  parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
  workload: { inputTokens: 32768, outputTokens: 2048, concurrency: 256 },
  speculative: { draftTokens: 2, acceptanceLength: 2.1 },
  pricing: { tier: 'neocloudOwning' },
};
const linkFor = (s: ScenarioInput) =>
  `${base()}/plan?${new URLSearchParams(encodeScenarioParams(s)).toString()}`;
const text = (id: string) => page.getByTestId(id).textContent();

describe('Planner in Chromium', () => {
  it('opens a shared link and shows the same figures as the CLI for that scenario', async () => {
    await page.goto(linkFor(shared));
    await page.getByTestId('fits').waitFor();
    const r = plan(shared, loadCatalogFromDisk());
    if (!r.ok || !r.plan.runs) throw new Error('the shared scenario must run');
    const p = r.plan;
    expect(await text('fits')).toBe(
      `${p.memory.fits ? 'Fits' : 'Does not fit'} on 8 × NVIDIA GB200 NVL72 (per GPU)`,
    );
    expect(await text('tpot')).toBe(`${num(p.latency.tpotMs, 2)} ms`);
    expect(await text('ttft')).toBe(`${num(p.latency.ttftMs, 0)} ms`);
    expect(await text('tok-per-user')).toBe(`${num(p.throughput.tokPerSecPerUser, 1)} tok/s`);
    expect(await text('out-per-gpu')).toBe(`${num(p.throughput.outputTokPerSecPerGpu, 1)} tok/s`);
    // Each headline figure carries the 80% band of held-out measurements of comparable rows.
    const [lo, hi] = p.latency.tpotMsRange!;
    expect(await text('tpot-band')).toBe(`80% range ${num(lo, 2)}–${num(hi, 2)} ms`);
    expect(await text('ttft-band')).toMatch(/^80% range [\d,]+–[\d,]+ ms$/);
    // Show the math names what priced each operation: the measured table, shape and version. It
    // loads when opened.
    const measured = p.serving.decodePricing.find((l) => l.basis === 'kernel')!;
    expect(measured.source).toMatch(/^measured kernel table \(vLLM 0\.24\.0, NVIDIA GB200/);
    expect(await page.getByText(measured.source, { exact: false }).count()).toBe(0);
    await page.getByText('Show the math of the time per output token').click();
    await expect
      .poll(() => page.getByText(measured.source, { exact: false }).count())
      .toBeGreaterThan(0);
    expect(await text('mem-weights')).toBe(`${num(p.memory.weightsBytesPerGpu / GIB, 1)} GiB`);
    // V4 keeps compressor state beside its KV: the engine's share of the KV pool is shown.
    const m = p.memory;
    expect(m.engineBytesPerSequence).toBeGreaterThan(0);
    expect(await text('mem-engine-state')).toBe(
      `${num((m.sequencesPerGpu * m.engineBytesPerSequence * m.kvShareHeldPerGpu) / GIB, 2)} GiB`,
    );
    expect(await text('max-concurrency')).toBe(
      `${Math.round(p.memory.maxConcurrency).toLocaleString('en-US')} requests`,
    );
    expect(await page.getByLabel('Model').inputValue()).toBe('deepseek-v4-flash');
    expect(await page.getByLabel('Acceptance length (tokens/step)').inputValue()).toBe('2.1');
  });

  it('changing an input rewrites the URL in place and the figures follow', async () => {
    const entries = await page.evaluate(() => window.history.length);
    const before = await text('tpot');
    await page.getByLabel('Concurrency (requests)').fill('1024');
    await expect.poll(() => new URL(page.url()).searchParams.get('c')).toBe('1024');
    await expect.poll(() => text('tpot')).not.toBe(before);
    expect(await page.evaluate(() => window.history.length)).toBe(entries);
    // Charts draw as they near the viewport, and this plan's warnings push the panel below it.
    await page.locator('#memory-title').scrollIntoViewIfNeeded();
    const memoryChart = page.getByRole('img', { name: /Memory per GPU/ });
    const chartBefore = await memoryChart.getAttribute('aria-label');
    await page.getByLabel('Hardware').selectOption('b300');
    // The memory chart follows (capacity is in its label).
    await expect.poll(() => memoryChart.getAttribute('aria-label')).not.toBe(chartBefore);
    await expect.poll(() => new URL(page.url()).searchParams.get('hw')).toBe('b300');
    await expect.poll(() => text('fits')).toMatch(/B300/);
    // Open-loop arrivals: a rate field appears and the link carries both.
    const closedLoopTpot = await text('tpot');
    await page.getByLabel('Arrivals').selectOption('poisson');
    await page.getByLabel('Arrival rate (requests/s)').fill('2');
    await expect.poll(() => new URL(page.url()).searchParams.get('pr')).toBe('poisson');
    await expect.poll(() => new URL(page.url()).searchParams.get('rps')).toBe('2');
    await page.getByLabel('Arrivals').selectOption('closed-loop');
    await expect.poll(() => new URL(page.url()).searchParams.get('rps')).toBeNull();
    await expect.poll(() => text('tpot')).toBe(closedLoopTpot);
  });

  it('keeps the view across a reload', async () => {
    const url = page.url();
    const tpot = await text('tpot');
    await page.reload();
    await page.getByTestId('fits').waitFor();
    expect(page.url()).toBe(url);
    expect(await text('tpot')).toBe(tpot);
    expect(await page.getByLabel('Concurrency (requests)').inputValue()).toBe('1024');
  });

  it('saves a scenario, keeps it across a reload, and reopens it from /saved', async () => {
    const url = page.url();
    await page.getByLabel('Scenario name').fill('Flash on B300 e2e');
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Saved' }).click();
    // The view's code loads on first visit: the address changes once it has.
    await page.waitForURL(/\/saved$/);
    await page.reload();
    const row = page.getByTestId('saved-row').filter({ hasText: 'Flash on B300 e2e' });
    await row.waitFor();
    await page.goto(`${base()}/plan`);
    await page.getByTestId('fits').waitFor();
    await page.goto(`${base()}/saved`);
    await row.getByRole('link', { name: 'Open' }).click();
    await page.getByTestId('fits').waitFor();
    expect(new URL(page.url()).searchParams.toString()).toBe(new URL(url).searchParams.toString());
  });

  it('opens a link with garbage values: a notice lists them, the rest of the link applies, nothing crashes', async () => {
    await page.goto(
      `${base()}/plan?v=1&m=deepseek-v4-flash&g=-3&tp=%3Cscript%3E&kv=fp4&hw=tpu-v9&c=lots&zz=1&cm=garbage`,
    );
    const notice = page.getByTestId('link-notice');
    await notice.waitFor();
    const t = (await notice.textContent()) ?? '';
    for (const key of ['g', 'tp', 'kv', 'hw', 'c', 'zz', 'cm']) expect(t).toContain(key);
    expect(await page.getByLabel('Model').inputValue()).toBe('deepseek-v4-flash');
    await page.getByTestId('fits').waitFor();
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);
  });

  it('explains an invalid layout instead of computing nonsense', async () => {
    await page.goto(linkFor({ ...shared, gpus: 12 }));
    await expect.poll(() => text('scenario-errors')).toMatch(/does not tile 12 GPUs/);
  });

  it('redraws its charts in the theme the user switches to', async () => {
    await page.goto(linkFor(shared));
    // Charts are drawn when they come near the window.
    await page.getByTestId('memory-table').scrollIntoViewIfNeeded();
    const chart = page.getByRole('img', { name: /Memory per GPU/ });
    await chart.waitFor();
    await page.getByLabel('Theme').selectOption('light');
    await expect.poll(() => chart.getAttribute('data-theme')).toBe('light');
    const pixels = () => chart.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    const light = await pixels();
    await page.getByLabel('Theme').selectOption('dark');
    await expect.poll(() => chart.getAttribute('data-theme')).toBe('dark');
    await expect.poll(pixels).not.toBe(light);
    await page.getByLabel('Theme').selectOption('system');
  });

  it('has a title and an icon, and produced no console errors and no failed requests', async () => {
    await page.goto(`${base()}/plan`);
    await page.getByTestId('fits').waitFor();
    expect(await page.title()).toBe('Planner — Token Factory');
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toMatch(/favicon\.svg$/);
    await page.goto(`${base()}/saved`);
    await page.getByRole('heading', { name: 'Saved scenarios' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('the per-operator roofline’s times add up to the Planner’s step times', async () => {
    const { DEFAULT_SCENARIO } = await import('../../src/core/scenario/schema');
    await page.goto(
      `${base()}/plan?${new URLSearchParams(encodeScenarioParams(DEFAULT_SCENARIO)).toString()}`,
    );
    await page.getByTestId('fits').waitFor();
    const p = plan(DEFAULT_SCENARIO, loadCatalogFromDisk());
    if (!p.ok || !p.plan.runs) throw new Error('the default scenario runs');
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: /Per-operator roofline/ }),
    });
    await section.getByRole('button', { name: 'Show' }).click();
    const table = page.getByTestId('roofline-table');
    await table.waitFor();
    const rowsMs = async () =>
      (await table.locator('tbody tr td:nth-child(6)').allTextContents()).reduce(
        (s, t) => s + Number(t.replace(/,/g, '')),
        0,
      );
    const total = async () =>
      Number((await page.getByTestId('roofline-total-ms').textContent())!.replace(/[^\d.]/g, ''));
    // The decode step's operations add up to it, and with the prompt chunk step to the mean step.
    expect(Math.abs((await rowsMs()) - (await total()))).toBeLessThan(0.01);
    expect(await page.getByTestId('roofline-summary').textContent()).toContain(
      `${num(sum(p.plan.serving.decodeStepMs), 3)} ms.`,
    );
    await section.getByRole('radio', { name: 'prompt chunk step' }).check();
    await expect.poll(total).toBeCloseTo(sum(p.plan.serving.prefillStepMs!), 2);
    expect(Math.abs((await rowsMs()) - (await total()))).toBeLessThan(0.01);
    expect(problems).toEqual([]);
  });

  it('redraws a chart with the new figures when an input changes', async () => {
    await page.goto(linkFor(shared));
    await page.getByTestId('memory-table').scrollIntoViewIfNeeded();
    const chart = page.getByRole('img', { name: /Time per step/ });
    await chart.waitFor();
    const pixels = () => chart.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    await expect.poll(pixels).not.toMatch(/^data:,$/);
    const before = await pixels();
    await page.getByLabel('Concurrency (requests)').fill('512');
    await expect.poll(pixels).not.toBe(before);
  });
});
