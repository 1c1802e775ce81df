import { describe, expect, it } from 'vitest';
import { tickLabel } from '../../src/components/axis-ticks';
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

describe('axis ticks', () => {
  it('label a log axis at 1, 2 and 5 per decade only, in short form when large', () => {
    const log = tickLabel(true);
    expect([1, 2, 3, 5, 7, 10, 20, 50].map(log)).toEqual(['1', '2', '', '5', '', '10', '20', '50']);
    expect([1e4, 1e5, 2e5, 1e6, 5e9].map(log)).toEqual(['10K', '100K', '200K', '1M', '5G']);
    expect([0.001, 0.02, 0.5].map(log)).toEqual(['0.001', '0.02', '0.5']);
    expect([0, 2500, 0.25].map(tickLabel(false))).toEqual(['0', '2,500', '0.25']);
  });
});
