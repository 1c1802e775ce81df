import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EnNumberOptions } from '../../../src/core/en-number';
import { enNumber } from '../../../src/core/en-number';

/** The option sets the app formats with. */
const OPTIONS: EnNumberOptions[] = [
  {},
  { maximumFractionDigits: 0 },
  { maximumFractionDigits: 1 },
  { maximumFractionDigits: 2 },
  { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  { minimumFractionDigits: 3, maximumFractionDigits: 3 },
  { maximumSignificantDigits: 3 },
  { maximumSignificantDigits: 4 },
  { minimumSignificantDigits: 4, maximumSignificantDigits: 4 },
];

describe('numbers in US English without Intl', () => {
  it('writes what Intl.NumberFormat("en-US") writes, for every option set the app uses', () => {
    fc.assert(
      fc.property(
        // Magnitudes a figure can have: 10^-12 to 10^16, and zero.
        fc
          .oneof(
            fc.double({ min: -1e16, max: 1e16, noNaN: true }),
            fc.integer({ min: -1e9, max: 1e9 }),
            fc.double({ min: -1, max: 1, noNaN: true }),
          )
          .filter((v) => v === 0 || Math.abs(v) >= 1e-12),
        fc.constantFrom(...OPTIONS),
        (v, o) => {
          const intl = new Intl.NumberFormat('en-US', o).format(v);
          // Intl writes "-0" for a negative number that rounds to zero; a reader wants "0".
          expect(enNumber(v, o)).toBe(/^-0(\.0*)?$/.test(intl) ? intl.slice(1) : intl);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('groups thousands, keeps the decimals asked for and never uses exponent notation', () => {
    expect(enNumber(8192)).toBe('8,192');
    expect(enNumber(1_048_576)).toBe('1,048,576');
    expect(enNumber(0.25)).toBe('0.25');
    expect(enNumber(1234.5678)).toBe('1,234.568');
    expect(enNumber(28.1, { minimumFractionDigits: 2, maximumFractionDigits: 2 })).toBe('28.10');
    expect(enNumber(1.5e-7, { maximumSignificantDigits: 3 })).toBe('0.00000015');
    expect(enNumber(4.2e21, { maximumSignificantDigits: 3 })).toBe('4,200,000,000,000,000,000,000');
    expect(enNumber(-0.0001, { maximumFractionDigits: 1 })).toBe('0');
    // Ties round half away from zero on the decimal a reader sees, as Intl does.
    expect(enNumber(1.005, { maximumFractionDigits: 2 })).toBe('1.01');
    expect(enNumber(2.5, { maximumFractionDigits: 0 })).toBe('3');
    expect(enNumber(999.96, { maximumFractionDigits: 1 })).toBe('1,000');
  });
});
