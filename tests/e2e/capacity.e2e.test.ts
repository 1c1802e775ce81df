import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage } from './page';

let page: Page;
let problems: string[];
openPage((p, found) => {
  page = p;
  problems = found;
});

describe('/capacity in Chromium', () => {
  it('fills the view from a link, ranks fleets that meet the SLA, and opens one in the Planner', async () => {
    await page.goto(
      `${inject('baseUrl')}/capacity?v=1&m=deepseek-v4-flash&hw=b200,h200-sxm&in=4096&out=512&ttft=3000&tps=40&rps=20&day=office`,
    );
    await page.getByTestId('capacity-table').waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Model').inputValue()).toBe('deepseek-v4-flash');
    expect(await page.getByLabel('Input').inputValue()).toBe('4096');
    const rows = page.getByTestId('capacity-row');
    expect(await rows.count()).toBeGreaterThan(3);
    // Cheapest first: the $/hour column never falls down the table.
    const heads = await page.locator('.fleet-table thead th').allTextContents();
    const col = heads.indexOf('$ per hour');
    const dollars = await page
      .locator(`.fleet-table tbody tr td:nth-child(${col + 1})`)
      .allTextContents();
    const values = dollars.map((t) => Number(t.replace(/[$,]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // The best fleet's day and its launch commands.
    await page.getByTestId('day-table').waitFor();
    expect(await page.getByTestId('launch-text').textContent()).toMatch(
      /(sglang\.launch_server|vllm serve|trtllm-serve)/,
    );
    // Open the first fleet in the Planner: the same scenario, planned there.
    const tps = await rows
      .first()
      .locator(`td:nth-child(${heads.indexOf('tok/s per user') + 1})`)
      .textContent();
    await rows.first().getByRole('link', { name: 'Open in Planner' }).click();
    await page.getByTestId('fits').waitFor();
    expect(new URL(page.url()).pathname).toBe('/plan');
    expect(await page.getByLabel('Model').inputValue()).toBe('deepseek-v4-flash');
    await expect
      .poll(() => page.getByTestId('tok-per-user').textContent(), { timeout: 30_000 })
      .toContain(tps!.trim());
    expect(problems).toEqual([]);
  });

  it('a link puts the prefill pool on another accelerator; the Planner shows and edits it', async () => {
    await page.goto(
      `${inject('baseUrl')}/plan?v=1&m=deepseek-v4-flash&hw=h200-sxm&g=24&pg=8&ptp=8&pep=8&dg=16&dep=16&ddp=1&phw=b200&in=8192&out=1024&c=64`,
    );
    await expect
      .poll(() => page.getByTestId('fits').textContent())
      .toMatch(/16 × NVIDIA H200 SXM \(decode\) \+ 8 × NVIDIA B200 \(HGX\) \(prefill\)/);
    expect(await page.getByLabel('Prefill accelerator').inputValue()).toBe('b200');
    const ttftOnB200 = await page.getByTestId('ttft').textContent();
    await page.getByLabel('Prefill accelerator').selectOption('');
    await expect
      .poll(() => page.getByTestId('fits').textContent())
      .toMatch(/^Fits on 24 × NVIDIA H200/);
    expect(new URL(page.url()).searchParams.get('phw')).toBeNull();
    expect(await page.getByTestId('ttft').textContent()).not.toBe(ttftOnB200);
  });

  it('says so when nothing meets the service level', async () => {
    await page.goto(
      `${inject('baseUrl')}/capacity?v=1&m=deepseek-v4-pro&hw=h100-sxm&ttft=50&tps=5000`,
    );
    await page.getByText(/Nothing serves this demand/).waitFor({ timeout: 60_000 });
  });
});
