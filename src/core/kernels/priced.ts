import { lastLookup } from './lookup';
import type { KernelFramework } from './schema';
import { latencyUsOf } from './schema';

/** What a priced operation's time came from, for "show the math". */
export interface KernelSource {
  /** Table family: 'gemm', 'moe', 'attention module', 'attention core', 'mhc', 'all-reduce'. */
  table: string;
  /** The measured shape key (dtype and fixed dimensions). */
  key: string;
  /** The interpolated axis ('m', 'batch', 'tokens', 'elements'). */
  axis: string;
  /** Measured by another engine running the same kernel (absent: the scenario's engine). */
  through?: { framework: KernelFramework; version: string };
}

export interface Priced {
  ms: number;
  /** The table's own floor: its fastest measurement (smallest shape), same multiples as `ms`;
   * for a sparse attention module in decode, its one-sequence time at the same context.
   * Timed one call at a time, it is mostly launch and synchronisation latency. */
  fixedMs: number;
  /** Neighbouring measured values along the interpolated axis (equal when measured there). */
  lo: number;
  hi: number;
  /** Scaled in proportion from the largest measured size (`lo`) instead of interpolated. */
  scaled: boolean;
  source: KernelSource;
}

/** Fastest measurement of a table (µs). */
export const floorUs = (q: readonly (number | null)[]): number => {
  let min = Infinity;
  for (const v of q) if (v !== null && v < min) min = v;
  return latencyUsOf(min);
};

/** A priced operation from a numeric lookup (`us`, NaN when not covered) and `lastLookup`. */
export function priced(
  us: number,
  scale: number,
  fixedUs: number,
  source: KernelSource,
): Priced | null {
  if (Number.isNaN(us)) return null;
  return {
    ms: (us * scale) / 1000,
    fixedMs: (Math.min(fixedUs, us) * scale) / 1000,
    lo: lastLookup.lo,
    hi: lastLookup.hi,
    scaled: lastLookup.scaled,
    source,
  };
}
