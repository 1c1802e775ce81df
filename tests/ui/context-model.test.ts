import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../src/catalog/node';
import { CONTEXT_POINTS, contextCurves } from '../../src/core/context-curves';
import {
  CONTEXT_ROWS,
  apiPriceNote,
  contextCsv,
  contextSeries,
} from '../../src/features/context/context-model';

const catalog = loadCatalogFromDisk();
const curves = contextCurves(
  {
    models: ['deepseek-v4-flash', 'deepseek-v3'],
    hardware: 'b200',
    gpus: 8,
    kvCache: 'fp8',
    concurrency: 1,
    outputTokens: 256,
  },
  catalog,
);

describe('the context page model', () => {
  it('one CSV row per model and context, one column per table row, plain numbers', () => {
    const [header, rows] = contextCsv(curves);
    expect(header).toEqual([
      'model',
      'context tokens',
      ...CONTEXT_ROWS.map((r) => r.csvHeader),
      'beyond model maximum',
    ]);
    expect(rows).toHaveLength(2 * CONTEXT_POINTS.length);
    for (const row of rows)
      for (const cell of row.slice(1, -1)) expect(['number', 'object']).toContain(typeof cell);
  });
  it('draws each model’s maximum context as a marker where it lies, inside the range', () => {
    const series = contextSeries(curves, (p) => p.kvBytesPerSequence);
    for (const c of curves) {
      const marker = series.find((s) => s.label === `${c.name} maximum context`);
      expect(marker, c.name).toBeDefined();
      expect(marker!.points.every((p) => p.x === c.maxContextTokens)).toBe(true);
      expect(c.maxContextTokens).toBeLessThanOrEqual(CONTEXT_POINTS.at(-1)!);
    }
  });
  it('quotes the DeepSeek API prices (cache miss and hit) of the models that have them', () => {
    const note = apiPriceNote(['deepseek-v4-flash', 'deepseek-v3', 'constructor'], catalog);
    expect(note).toMatch(/\$0\.14 miss, \$0\.0028 hit, \$0\.28 output/);
    expect(note).not.toMatch(/V3:/);
    expect(apiPriceNote(['deepseek-v3'], catalog)).toMatch(/none of the chosen models/);
  });
});
