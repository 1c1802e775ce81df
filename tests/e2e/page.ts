import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, watchForErrors } from './browser';

/**
 * Opens one Chromium page (1280×900) for the file's tests, watching it for errors, and closes
 * the browser after them; `onOpen` receives the page and its list of problems.
 */
export function openPage(onOpen: (page: Page, problems: string[]) => void): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    onOpen(page, watchForErrors(page));
  });
  afterAll(async () => {
    await browser?.close();
  });
}
