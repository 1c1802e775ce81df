import { describe, expect, it } from 'vitest';
import { loadMeasurementsFromDisk } from '../../src/catalog/node';
import type { SweepQuery } from '../../src/core/sweep';
import { COLORS } from '../../src/features/frontier/frontier-model';
import {
  measuredPoint,
  measuredRowsOf,
  measuredSeries,
} from '../../src/features/frontier/measured-points';

const rows = loadMeasurementsFromDisk();
const query: SweepQuery = {
  model: 'deepseek-v4-pro',
  inputTokens: 8192,
  outputTokens: 1024,
  disaggregated: true,
  speculative: false,
  series: [
    { hardware: 'b200', weights: 'native', framework: 'sglang' },
    { hardware: 'b200', weights: 'native', framework: 'vllm' },
  ],
};

describe('measured points beside the frontier', () => {
  it('takes the scored rows of the series’ model, accelerator, engine and lengths only', () => {
    const points = measuredRowsOf(rows, query, query.series[0]!);
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) {
      expect(p.row.setAside).toBeUndefined();
      expect(p.row.scenario).toMatchObject({
        model: 'deepseek-v4-pro',
        hardware: 'b200',
        framework: 'sglang',
        workload: { inputTokens: 8192, outputTokens: 1024 },
      });
    }
    expect(measuredRowsOf(rows, { ...query, inputTokens: 8193 }, query.series[0]!)).toEqual([]);
  });

  it('derives per-user speed from TPOT and output from total throughput, and says so', () => {
    const row = rows.find((r) => r.id === 'C02')!;
    const p = measuredPoint(row)!;
    expect(p.tokPerSecPerUser).toBeCloseTo(1000 / row.metrics.tpotMs!, 9);
    expect(p.outputTokPerSecPerGpu).toBeCloseTo(
      (row.metrics.totalTokPerSecPerGpu! * 1024) / 9216,
      9,
    );
    expect(p.derived).toHaveLength(2);
    expect(measuredPoint({ ...row, metrics: { ttftMs: 100 } })).toBeNull();
  });

  it('is drawn only on the tok/s-per-GPU axis, with its source on hover', () => {
    const series = measuredSeries(rows, query, 'out', COLORS);
    expect(series.map((s) => s.label)).toEqual(['b200 native sglang (measured)']);
    expect(series[0]!.points.every((p) => p.label!.includes('https://'))).toBe(true);
    expect(measuredSeries(rows, query, 'usd', COLORS)).toEqual([]);
  });
});
