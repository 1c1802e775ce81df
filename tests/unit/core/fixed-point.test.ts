import { describe, expect, it } from 'vitest';
import { fixedPoint } from '../../../src/core/perf/fixed-point';

const counted = (next: (d: number) => number) => {
  let calls = 0;
  const evaluate = (d: number) => {
    calls += 1;
    return { next: next(d) };
  };
  return { evaluate, calls: () => calls };
};

describe('the decode population solver', () => {
  it('finds d = next(d) to 1e-10 for a map that falls as the population grows', () => {
    // More decoding sequences, slower steps, fewer admitted: next(d) = 500 / (1 + d / 100).
    const next = (d: number) => Math.max(1, Math.min(1000, 500 / (1 + d / 100)));
    const { evaluate, calls } = counted(next);
    const r = fixedPoint(1, 1000, evaluate);
    expect(Math.abs(next(r.decoding) - r.decoding)).toBeLessThan(1e-8 * r.decoding);
    expect(calls()).toBeLessThan(15);
  });
  it('returns the top when the pool is full (next(hi) ≥ hi) and the bottom when next(lo) ≤ lo', () => {
    expect(fixedPoint(1, 64, (d) => ({ next: 64 + 0 * d })).decoding).toBe(64);
    expect(fixedPoint(1, 64, (d) => ({ next: Math.min(1, d) })).decoding).toBe(1);
  });
  it('is exact in one step for a flat map (prefill-limited: the rate fixes the population)', () => {
    const { evaluate, calls } = counted(() => 37.5);
    expect(fixedPoint(1, 256, evaluate).decoding).toBe(37.5);
    expect(calls()).toBe(2);
  });
});
