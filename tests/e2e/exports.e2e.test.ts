import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { ROUTES, openRoute } from './routes';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const file = page.waitForEvent('download');
  await click();
  return readFileSync((await (await file).path())!);
}

/** A PNG's size and the RGBA of a few of its pixels, decoded by the browser. */
async function pngPixels(page: Page, png: Buffer) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data];
    const alphas = ctx.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 3);
    // Pixels of the title band that differ from the background: the title was drawn.
    const band = ctx.getImageData(0, 0, c.width, 40).data;
    let inked = 0;
    for (let i = 0; i < band.length; i += 4) if (band[i] !== band[0]) inked++;
    return {
      width: img.width,
      height: img.height,
      corner: at(1, 1),
      opaque: alphas.every((a) => a === 255),
      inked,
    };
  }, png.toString('base64'));
}

/** The CSV's cells, row by row (RFC 4180 quoting). */
function cells(csv: Buffer): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = csv.toString('utf8');
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') {
      endCell();
      rows.push(row);
      row = [];
    } else if (ch !== '\r') cell += ch;
  }
  return rows;
}

describe('exports worth sharing', () => {
  it('a chart PNG in dark mode is twice the size shown, opaque in the theme, under a title', async () => {
    const context = await browser.newContext({
      colorScheme: 'dark',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await openRoute(page, ...ROUTES[0]!);
    // Charts are drawn when they come near the window.
    await page.getByTestId('memory-table').scrollIntoViewIfNeeded();
    const figure = page
      .locator('figure')
      .filter({ has: page.getByRole('img', { name: /Memory per GPU/ }) });
    const shownWidth = (await figure.locator('canvas').boundingBox())!.width;
    const png = await download(page, () =>
      figure.getByRole('button', { name: 'Download PNG' }).click(),
    );
    const p = await pngPixels(page, png);
    expect(p.opaque).toBe(true);
    expect(p.corner.slice(0, 3)).toEqual([0x16, 0x1e, 0x26]); // --panel of the dark theme
    expect(p.width).toBeGreaterThanOrEqual(2 * Math.floor(shownWidth));
    expect(p.inked).toBeGreaterThan(100);
    await context.close();
  });

  it('the Planner’s CSVs carry one unit per column header and plain numbers in cells', async () => {
    const page = await browser.newPage();
    await openRoute(page, ...ROUTES[0]!);
    for (const name of ['Memory per GPU', /sizing/]) {
      const section = page.locator('section').filter({ has: page.getByRole('heading', { name }) });
      const csv = cells(
        await download(page, () =>
          section.getByRole('button', { name: 'Export CSV' }).first().click(),
        ),
      );
      const [header, ...rows] = csv;
      for (const h of header!.slice(1)) expect(h).toMatch(/\(.+\)$/);
      for (const row of rows)
        for (const cell of row.slice(1)) expect(Number.isFinite(Number(cell)), cell).toBe(true);
    }
    await page.close();
  });
});
