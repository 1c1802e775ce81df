import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { CONTEXT_POINTS, contextCurves } from '../../../src/core/context-curves';

const catalog = loadCatalogFromDisk();
const curves = contextCurves(
  {
    models: ['deepseek-v4-pro', 'deepseek-v4-flash', 'deepseek-v3.2', 'deepseek-v3'],
    hardware: 'b200',
    gpus: 8,
    kvCache: 'fp8',
    concurrency: 1,
    outputTokens: 256,
    // One memory basis for every model: the claims below are about KV, not engine reserves.
    memoryUtilization: 0.9,
  },
  catalog,
);
const by = (id: string) => curves.find((c) => c.model === id)!;

describe('context curves (1K to 1M tokens)', () => {
  it('covers 1K to 1M tokens for every model, marking contexts beyond each model maximum', () => {
    expect(CONTEXT_POINTS[0]).toBe(1024);
    expect(CONTEXT_POINTS.at(-1)).toBe(2 ** 20);
    for (const c of curves) expect(c.points).toHaveLength(11);
    expect(by('deepseek-v4-pro').points.every((p) => !p.beyondModelMax)).toBe(true);
    expect(by('deepseek-v3').points.at(-1)!.beyondModelMax).toBe(true);
  });
  it('KV per sequence grows with context and max concurrency falls', () => {
    for (const c of curves)
      for (let i = 1; i < c.points.length; i++) {
        expect(c.points[i]!.kvBytesPerSequence).toBeGreaterThan(
          c.points[i - 1]!.kvBytesPerSequence,
        );
        expect(c.points[i]!.maxConcurrency).toBeLessThanOrEqual(c.points[i - 1]!.maxConcurrency);
      }
  });
  it('at 1M tokens V4-Pro holds about 10x the sequences V3.2 would (FP8 KV, 8xB200)', () => {
    const v4 = by('deepseek-v4-pro').points.at(-1)!;
    const v32 = by('deepseek-v3.2').points.at(-1)!;
    expect(v32.kvBytesPerSequence / v4.kvBytesPerSequence).toBeGreaterThan(8);
    // Whole sequences per attention rank: V3.2 holds one per rank (8), V4-Pro four (32); the
    // ratio of room to KV (above 8) is floored on both sides.
    expect(v32.maxConcurrency).toBeGreaterThanOrEqual(8);
    expect(v4.maxConcurrency).toBeGreaterThanOrEqual(4 * v32.maxConcurrency);
  });
});
