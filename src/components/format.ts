/** Number formatting for views: units always explicit, GiB (2^30) vs GB (10^9) spelled out. */
import { GIB } from '../core/hardware/schema';
import type { ParallelismInput } from '../core/scenario/schema';
import { enNumber } from '../core/en-number';

export { GIB };

/** A number with exactly `digits` decimals and thousands separators: 1,234.5. */
export function formatNumber(v: number, digits = 1): string {
  return enNumber(v, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** `digits` significant digits with separators, never in scientific notation: 0.000123, 12,300. */
export function formatSig(v: number, digits = 3): string {
  return enNumber(v, { maximumSignificantDigits: digits });
}

/** Four significant digits with separators, never in scientific notation; a dash for none. */
export function formatPrecise(v: number | null): string {
  return v === null ? '—' : enNumber(v, { maximumSignificantDigits: 4 });
}

/** Dollars: four decimals below $0.10, three above; a dash for no price. */
export function formatUsd(v: number | null): string {
  return v === null ? '—' : `$${v < 0.1 ? v.toFixed(4) : v.toFixed(3)}`;
}

export function formatGiB(bytes: number, digits = 1): string {
  return `${enNumber(bytes / GIB, { minimumFractionDigits: digits, maximumFractionDigits: digits })} GiB`;
}

export function formatBytesExact(bytes: number): string {
  return `${enNumber(Math.round(bytes))} B`;
}

/** 1.6e12 -> "1.60 T"; 48.85e9 -> "48.85 B" (for parameter counts and FLOPs). */
export function formatSi(value: number, unit = ''): string {
  const scales: Array<[number, string]> = [
    [1e15, 'P'],
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  const four = (v: number) =>
    enNumber(v, { minimumSignificantDigits: 4, maximumSignificantDigits: 4 });
  for (const [scale, prefix] of scales) {
    if (Math.abs(value) >= scale) return `${four(value / scale)} ${prefix}${unit}`;
  }
  return `${four(value)} ${unit}`.trim();
}

export function formatInt(n: number): string {
  return enNumber(Math.round(n));
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A parallel layout in words: "TP8 EP8", "TP8 EP1 PP2", "TP1 EP8 DP-attn". */
export function formatLayout(p: ParallelismInput): string {
  const pp = p.pp ?? 1;
  return `TP${p.tp ?? 1} EP${p.ep ?? 1}${pp > 1 ? ` PP${pp}` : ''}${p.dpAttention ? ' DP-attn' : ''}`;
}
