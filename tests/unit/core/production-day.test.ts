import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDemand, recommend } from '../../../src/core/capacity/recommend';
import {
  DEEPSEEK_PRODUCTION_DAY,
  PRODUCTION_DAY_TOLERANCE,
  compareProductionDay,
} from '../../../src/core/validation/production-day';
import { catalog } from './fixtures';
import { kernelsOnlyFor } from '../../../src/core/catalog';

const example = JSON.parse(
  readFileSync(
    new URL('../../../examples/deepseek-production-2025-02.json', import.meta.url),
    'utf8',
  ),
) as unknown;

describe('DeepSeek’s published production day (2025-02-27)', () => {
  const parsed = parseDemand(example, catalog);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const result = recommend(parsed.demand, catalog);
  const rows = compareProductionDay(result);

  it('the example’s inputs are the published day’s: tokens, cache hits, H800 at $2/GPU-hour', () => {
    const d = parsed.demand;
    const p = DEEPSEEK_PRODUCTION_DAY;
    expect(d.hardware).toEqual(['h800-sxm']);
    expect(d.pricing.usdPerGpuHour).toBe(p.usdPerGpuHour);
    expect(d.demand.tokensPerDay).toBeCloseTo(p.inputTokens + p.outputTokens, -6);
    expect(d.workload.cachedInputShare).toBeCloseTo(p.cacheHitInputTokens / p.inputTokens, 2);
    expect(d.workload.inputTokens / d.workload.outputTokens).toBeCloseTo(
      p.inputTokens / p.outputTokens,
      2,
    );
    const profile = d.demand.hourlyProfile!;
    const mean = profile.reduce((a, b) => a + b) / 24 / Math.max(...profile);
    expect(mean).toBeCloseTo(p.averageNodes / p.peakNodes, 3);
  });

  it('the capacity search lands within 15% of the GPUs and dollars DeepSeek published', () => {
    for (const r of rows.filter((x) => x.scored)) {
      expect(r.predicted, r.what).not.toBeNull();
      expect(Math.abs(r.error!), r.what).toBeLessThanOrEqual(PRODUCTION_DAY_TOLERANCE);
    }
    expect(result.day!.averageGpus).toBeGreaterThan(0.85 * 1814);
  });

  it('the tables the search needs are only the H800’s (the Validation page sends only those)', () => {
    const narrowed = kernelsOnlyFor(catalog, parsed.demand.hardware);
    expect(narrowed.kernels!.size).toBeLessThan(catalog.kernels!.size);
    expect(recommend(parsed.demand, narrowed).day!.averageGpus).toBe(result.day!.averageGpus);
  });

  it('every recommended replica meets the published per-user speed', () => {
    for (const r of result.recommendations) expect(r.tokPerSecPerUser).toBeGreaterThanOrEqual(20);
  });
});
