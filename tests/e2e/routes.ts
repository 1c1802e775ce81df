import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/core/scenario/schema';
import { encodeScenarioParams } from '../../src/core/scenario/url-codec';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const plan = new URLSearchParams(encodeScenarioParams(DEFAULT_SCENARIO)).toString();

/** Every route, with the test id that shows it is ready (none: its first heading). */
export const ROUTES: Array<[string, string]> = [
  [`/plan?${plan}`, 'fits'],
  ['/frontier?v=1&m=deepseek-v4-flash&s=b200~native~vllm&dis=0', 'frontier-table'],
  ['/context?v=1&models=deepseek-v4-pro,deepseek-v3.2', 'context-table'],
  ['/capacity?v=1&m=deepseek-v4-flash&hw=b200,h200-sxm&in=4096&out=512', 'capacity-table'],
  [`/compare?v=1&s1=${encodeURIComponent(plan)}`, 'compare-table'],
  ['/validation?v=1&set=headline', 'validation-table'],
  ['/catalog', 'models-table'],
  ['/saved', ''],
  ['/glossary', ''],
  ['/no-such-view', ''],
];

/** Opens a route and waits until its content is there. */
export async function openRoute(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(`${inject('baseUrl')}${path}`);
  if (ready) await page.getByTestId(ready).waitFor();
  else await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForTimeout(300);
}

/** axe-core's serious and critical violations on the page as shown (needs bypassCSP). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            o: object,
          ) => Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
      );
  });
}
