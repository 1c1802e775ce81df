import { describe, expect, it } from 'vitest';
import { COMPARED_METRICS, deltaAgainst } from '../../../src/core/compare';

describe('compare deltas', () => {
  it('gives the difference and the ratio against the first scenario', () => {
    expect(deltaAgainst(100, 150, 'higher')).toEqual({
      difference: 50,
      ratio: 1.5,
      verdict: 'better',
    });
    expect(deltaAgainst(100, 150, 'lower')).toEqual({
      difference: 50,
      ratio: 1.5,
      verdict: 'worse',
    });
    expect(deltaAgainst(2, 1, 'lower')?.verdict).toBe('better');
    expect(deltaAgainst(5, 5, 'higher')?.verdict).toBe('same');
  });
  it('has no delta where either figure is missing or the first is zero', () => {
    expect(deltaAgainst(null, 1, 'higher')).toBeNull();
    expect(deltaAgainst(1, null, 'higher')).toBeNull();
    expect(deltaAgainst(0, 1, 'higher')).toBeNull();
  });
  it('compares every headline figure with a unit and a direction', () => {
    expect(COMPARED_METRICS.map((m) => m.key)).toEqual(
      expect.arrayContaining(['ttft', 'tpot', 'user', 'outGpu', 'usdOut', 'mw']),
    );
  });
});
