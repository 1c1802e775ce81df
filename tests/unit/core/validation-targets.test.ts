import { describe, expect, it } from 'vitest';
import type { CategorySummary } from '../../../src/core/validation/report';
import type { SliceRow } from '../../../src/core/validation/slices';
import { errorStats } from '../../../src/core/validation/stats';
import { HELD_OUT_TARGETS, heldOutTargets } from '../../../src/core/validation/targets';

const summary = (name: string, heldRatios: number[] | null): CategorySummary => ({
  name,
  inSample: errorStats([1]),
  heldOut: heldRatios ? errorStats(heldRatios) : null,
  worst: [],
});

const slice = (
  dimension: SliceRow['dimension'],
  value: string,
  count: number,
  heldOutMedian: number | null,
): SliceRow => ({
  dimension,
  value,
  count,
  kernelPricedShare: 1,
  kernelMedian: heldOutMedian ?? 0,
  rooflineMedian: 0,
  heldOutMedian,
});

describe('held-out accuracy targets', () => {
  it('a held-out median above its ceiling fails and one at or under it passes', () => {
    const checks = heldOutTargets(
      [
        summary('silicon TPOT', [1.1, 0.9, 1.12]),
        summary('headline throughput per GPU', [1.3, 0.7, 1.2]),
      ],
      null,
    );
    const byName = new Map(checks.map((c) => [c.name.split(':')[0], c]));
    expect(byName.get('silicon TPOT')).toMatchObject({ met: true, limit: 0.15 });
    expect(byName.get('silicon TPOT')!.value).toBeCloseTo(0.1, 10);
    expect(byName.get('headline throughput per GPU')).toMatchObject({ met: false });
    expect(byName.get('headline throughput per GPU')!.value).toBeCloseTo(0.3, 10);
  });

  it('figures that were not computed are left out, never reported as met', () => {
    expect(heldOutTargets([summary('silicon TPOT', null)], null)).toEqual([]);
  });

  it('a slice of 50+ rows over 20% fails the slice target and is named; smaller slices and load bands do not count', () => {
    const [check] = heldOutTargets(
      [],
      [
        slice('model', 'deepseek-r1', 93, 0.257),
        slice('model', 'tiny', HELD_OUT_TARGETS.sliceMinRows - 1, 0.9),
        slice('load', '≤ 4 per rank', 500, 0.5),
        slice('hardware', 'b200', 605, 0.107),
      ],
    );
    expect(check).toMatchObject({ met: false, value: 0.257 });
    expect(check!.detail).toContain('deepseek-r1');
    expect(check!.detail).not.toContain('tiny');
  });

  it('every large slice within 20% meets the slice target and names the worst', () => {
    const [check] = heldOutTargets(
      [],
      [slice('hardware', 'b200', 605, 0.107), slice('framework', 'sglang', 183, 0.146)],
    );
    expect(check).toMatchObject({ met: true, value: 0.146 });
    expect(check!.detail).toContain('sglang');
  });
});
