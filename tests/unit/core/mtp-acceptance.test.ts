import { describe, expect, it } from 'vitest';
import {
  defaultAcceptanceLength,
  FIRST_DRAFT_ACCEPTANCE,
  LATER_DRAFT_ACCEPTANCE,
} from '../../../src/core/scenario/mtp-acceptance';

describe('default MTP acceptance lengths', () => {
  it('reproduce the published points: 1.8 for one draft (DeepSeek-V3 report), 2.37 for three (M14)', () => {
    expect(defaultAcceptanceLength(0)).toBe(1);
    expect(defaultAcceptanceLength(1)).toBe(1.8);
    expect(defaultAcceptanceLength(3)).toBe(2.37);
  });

  it('each added draft token adds less than the one before, and never reaches 1 + drafts', () => {
    expect(LATER_DRAFT_ACCEPTANCE).toBeGreaterThan(0);
    expect(LATER_DRAFT_ACCEPTANCE).toBeLessThan(FIRST_DRAFT_ACCEPTANCE);
    let before = 1;
    let gain = Infinity;
    for (let n = 1; n <= 8; n++) {
      const a = defaultAcceptanceLength(n);
      expect(a).toBeLessThan(1 + n);
      expect(a - before).toBeLessThanOrEqual(gain + 0.01);
      gain = a - before;
      before = a;
    }
    expect(defaultAcceptanceLength(2)).toBeGreaterThan(1.8);
    expect(defaultAcceptanceLength(2)).toBeLessThan(2.37);
  });
});
