import { formatSig } from './format';

/**
 * Axis numbers as people write them (8,192; 0.5; 100K; never 4.0e+2). A log axis labels only 1, 2
 * and 5 times a power of ten, so its labels do not run into each other.
 */
export const tickLabel =
  (log: boolean | undefined) =>
  (value: string | number): string => {
    const v = Number(value);
    if (!Number.isFinite(v)) return '';
    if (log && v > 0) {
      const lead = Math.round((v / 10 ** Math.floor(Math.log10(v) + 1e-9)) * 1000) / 1000;
      if (lead !== 1 && lead !== 2 && lead !== 5) return '';
    }
    // Large ticks in short form (10K, 1M), so a phone's axis has room for them.
    for (const [scale, suffix] of [
      [1e9, 'G'],
      [1e6, 'M'],
      [1e4, 'K'],
    ] as const)
      if (Math.abs(v) >= scale) return `${formatSig(v / (suffix === 'K' ? 1e3 : scale))}${suffix}`;
    return formatSig(v);
  };
