import { describe, expect, it } from 'vitest';
import { formatPrecise, formatSi, formatSig } from '../../src/components/format';

describe('numbers read like numbers', () => {
  it('never writes scientific notation, however large or small', () => {
    for (const v of [1.5e-7, 0.000123, 12_345, 1.6e12, 4.2e21]) {
      expect(formatPrecise(v)).not.toMatch(/e[+-]?\d/i);
      expect(formatSig(v)).not.toMatch(/e[+-]?\d/i);
      expect(formatSi(v, 'FLOP')).not.toMatch(/\de[+-]?\d/i);
    }
    expect(formatPrecise(123_456)).toBe('123,500');
    expect(formatSig(0.000123456)).toBe('0.000123');
    expect(formatSi(1.6e12, 'FLOP')).toBe('1.600 TFLOP');
  });
});
