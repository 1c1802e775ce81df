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

  it('says so when nothing meets the service level', async () => {
    await page.goto(
      `${inject('baseUrl')}/capacity?v=1&m=deepseek-v4-pro&hw=h100-sxm&ttft=50&tps=5000`,
    );
    await page.getByText(/Nothing serves this demand/).waitFor({ timeout: 60_000 });
  });
});
