import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, watchForErrors } from './browser';

const SAVED_KEY = 'tokenfactory.saved';
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const savedCount = (page: Page) =>
  page.evaluate(
    (key) =>
      (JSON.parse(localStorage.getItem(key) ?? '{"items":[]}') as { items: unknown[] }).items
        .length,
    SAVED_KEY,
  );

/** Submits the Planner's save form `times` times in a burst, without waiting between saves. */
const burst = (page: Page, times: number) =>
  page.evaluate((n) => {
    const form = document.querySelector<HTMLFormElement>('form.save-bar')!;
    for (let i = 0; i < n; i++) form.requestSubmit();
  }, times);

describe('two tabs saving at once', () => {
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  it('keeps every save from both tabs (the read-modify-write holds a lock across tabs)', async () => {
    context = await browser.newContext();
    const tabs = [await context.newPage(), await context.newPage()];
    const problems = tabs.map((p) => watchForErrors(p));
    for (const tab of tabs) {
      await tab.goto(`${inject('baseUrl')}/plan`);
      await tab.getByTestId('fits').waitFor();
    }
    const perTab = 150;
    await Promise.all(tabs.map((t) => burst(t, perTab)));
    await expect.poll(() => savedCount(tabs[0]!), { timeout: 30_000 }).toBe(2 * perTab);
    // Settled: no save still waiting would add more, and none was lost.
    await tabs[1]!.waitForTimeout(500);
    expect(await savedCount(tabs[1]!)).toBe(2 * perTab);
    for (const tab of tabs)
      expect(await tab.locator('.save-message').textContent()).toMatch(/^Saved/);
    expect(problems.flat()).toEqual([]);
  });
});

describe('a full disk', () => {
  it('never lets a save overwrite data that could neither be read nor kept aside', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchForErrors(page);
    const corrupted = '{"version":1,"items":[ half-written';
    await page.goto(`${inject('baseUrl')}/saved`);
    // Really full: the corrupted value first, then filler until the browser refuses one more byte.
    const filled = await page.evaluate(
      ([k, v]) => {
        localStorage.setItem(k!, v!);
        let n = 0;
        for (const size of [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1]) {
          const chunk = 'x'.repeat(size);
          for (;;) {
            try {
              localStorage.setItem(`filler.${n}`, chunk);
              n += 1;
            } catch {
              break;
            }
          }
        }
        return n;
      },
      [SAVED_KEY, corrupted],
    );
    expect(filled).toBeGreaterThan(0);
    await page.goto(`${inject('baseUrl')}/plan`);
    await page.getByTestId('fits').waitFor();
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await expect
      .poll(() => page.locator('.save-message').textContent())
      .toMatch(/^Not saved: .*could not be kept aside .*saving is paused .*export or delete/);
    expect(await page.evaluate((k) => localStorage.getItem(k), SAVED_KEY)).toBe(corrupted);
    // The saved page says the same and lists nothing it does not have.
    await page.goto(`${inject('baseUrl')}/saved`);
    await page
      .getByTestId('storage-problems')
      .getByText(/saving is paused/)
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('unreadable data kept aside', () => {
  it('is listed on /saved with Export and Delete until the user acts', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchForErrors(page);
    const corrupted = '{"version":1,"items":[ this is not JSON';
    await page.goto(`${inject('baseUrl')}/saved`);
    await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [SAVED_KEY, corrupted]);
    await page.reload();
    const notice = page.getByTestId('storage-problems');
    await notice.getByText(/corrupted \(not JSON\): kept under/).waitFor();
    const asides = page.getByTestId('storage-problems-asides').getByRole('listitem');
    expect(await asides.count()).toBe(1);
    const key = (await asides.locator('code').textContent())!;
    expect(key.startsWith(`${SAVED_KEY}.unreadable.`)).toBe(true);

    // Dismissing the message keeps the copy listed, on this visit and the next.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await page.reload();
    await page.getByTestId('storage-problems-asides').waitFor();
    expect(await page.getByTestId('storage-problems-asides').getByRole('listitem').count()).toBe(1);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Export ${key}` }).click();
    expect(readFileSync((await (await download).path())!, 'utf8')).toBe(corrupted);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Delete ${key}` }).click();
    await page.getByText(`Deleted ${key}.`).waitFor();
    expect(await page.getByTestId('storage-problems-asides').count()).toBe(0);
    const left = await page.evaluate(() => Object.keys(localStorage).sort());
    expect(left.filter((k) => k.includes('.unreadable.'))).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { name: 'Saved scenarios' }).waitFor();
    expect(await page.getByTestId('storage-problems').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('custom-catalog data that cannot be read is listed on /catalog the same way', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}/catalog`);
    await page.evaluate(() =>
      localStorage.setItem(
        'tokenfactory.custom',
        JSON.stringify({ version: 1, models: [{ id: 'broken' }], hardware: [] }),
      ),
    );
    await page.reload();
    const notice = page.getByTestId('custom-storage-problems');
    await notice.getByText(/1 custom entry was unreadable/).waitFor();
    expect(
      await page.getByTestId('custom-storage-problems-asides').getByRole('listitem').count(),
    ).toBe(1);
    await context.close();
  });
});
