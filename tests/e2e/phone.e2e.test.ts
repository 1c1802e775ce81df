import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { ROUTES, axeViolations, openRoute } from './routes';

/** An iPhone-sized window: 390 × 844 CSS pixels. */
const PHONE = { width: 390, height: 844 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function phone(scheme: 'light' | 'dark'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    colorScheme: scheme,
    bypassCSP: true,
    viewport: PHONE,
  });
  return { context, page: await context.newPage() };
}

/** How far the page scrolls sideways (0: not at all). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Lines of the page that do not read like numbers written for people: unbalanced parentheses,
 * "1 users", exponent notation, whole counts with decimals ("8.0 GPUs").
 */
const unreadable = (page: Page) =>
  page.evaluate(() =>
    document.body.innerText
      .split('\n')
      .filter(
        (l) =>
          (l.match(/\(/g) ?? []).length !== (l.match(/\)/g) ?? []).length ||
          /(^|[^\d.,])1 (users|requests|GPUs|tokens|sequences|replicas|measurements)\b/.test(l) ||
          /\d(\.\d+)?e[+-]\d/.test(l) ||
          /\b\d+\.0+ (tokens|GPUs|users|requests)\b/.test(l),
      ),
  );

describe('on a 390 px phone', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`no route scrolls sideways, reads badly or fails axe (${scheme} theme)`, async () => {
      const { context, page } = await phone(scheme);
      const wide: string[] = [];
      const report: string[] = [];
      const wording: string[] = [];
      for (const [path, ready] of ROUTES) {
        await openRoute(page, path, ready);
        const overflow = await sidewaysScroll(page);
        if (overflow > 0) wide.push(`${path.split('?')[0]}: ${overflow} px`);
        wording.push(...(await unreadable(page)).map((l) => `${path.split('?')[0]}: ${l}`));
        report.push(...(await axeViolations(page)).map((v) => `${path.split('?')[0]} ${v}`));
      }
      await context.close();
      expect(wide).toEqual([]);
      expect(report).toEqual([]);
      expect(wording).toEqual([]);
    });
  }

  it('the views fold under a Menu button that opens, reaches a view and folds again', async () => {
    const { context, page } = await phone('light');
    await openRoute(page, ...ROUTES[0]!);
    const menu = page.getByRole('button', { name: 'Menu' });
    const frontier = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
      name: 'Frontier',
    });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await frontier.isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await frontier.click();
    await page.getByTestId('frontier-table').waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await frontier.isVisible()).toBe(false);
    // Escape folds it too, with focus still on the button.
    await menu.click();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await context.close();
  });

  it('the Planner keeps its headline figures in view while an input far down changes', async () => {
    const { context, page } = await phone('light');
    await openRoute(page, ...ROUTES[0]!);
    const summary = page.getByTestId('summary-bar');
    const before = await summary.textContent();
    const concurrency = page.getByRole('spinbutton', { name: 'Concurrency (requests)' });
    await concurrency.scrollIntoViewIfNeeded();
    await concurrency.fill('256');
    await expect.poll(() => summary.textContent()).not.toBe(before);
    const box = await summary.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    await context.close();
  });
});

describe('a first visit', () => {
  it('opens on what the app is and the question its scenario answers; “works offline” floats after the content', async () => {
    const { context, page } = await phone('light');
    await openRoute(page, ...ROUTES[0]!);
    const purpose = page.getByRole('region', { name: 'What this page does' });
    const top = (await purpose.boundingBox())!.y;
    expect(await purpose.textContent()).toMatch(/sizes and prices the serving/);
    expect(await page.getByTestId('scenario-question').textContent()).toMatch(
      /8 × NVIDIA B200 \(HGX\) serve DeepSeek-V4-Pro to 64 users at a time, each request sending 8,192 tokens and reading 1,024 tokens back\?/,
    );
    const notice = page.getByTestId('update-prompt').filter({ hasText: 'works offline' });
    await notice.waitFor({ timeout: 20_000 });
    expect((await purpose.boundingBox())!.y).toBe(top);
    expect(await notice.evaluate((n) => getComputedStyle(n).position)).toBe('fixed');
    // Read after the page's content, not before it.
    expect(
      await notice.evaluate(
        (n) =>
          document.querySelector('main')!.compareDocumentPosition(n) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ),
    ).toBeTruthy();
    await context.close();
  });

  it('a term’s “?” opens its definition in place and links to the glossary', async () => {
    const { context, page } = await phone('dark');
    await openRoute(page, ...ROUTES[0]!);
    await page.getByRole('button', { name: 'What is EP?' }).click();
    const note = page.getByRole('note').filter({ hasText: 'expert parallelism' });
    await note.waitFor();
    await note.getByRole('link', { name: /glossary/ }).click();
    await page.getByRole('heading', { name: 'Glossary', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#ep');
    expect(await page.locator('#ep').isVisible()).toBe(true);
    await page.goBack();
    await page.getByTestId('fits').waitFor();
    await context.close();
  });

  it('every “Show the math” says which figure it explains', async () => {
    const { context, page } = await phone('light');
    await openRoute(page, ...ROUTES[0]!);
    const names = await page
      .locator('details.math summary')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(names.length).toBeGreaterThanOrEqual(12);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^Show the math of the \w/);
    await context.close();
  });
});
