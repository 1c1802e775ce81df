/** Mean and the 50th, 90th and 99th percentiles (nearest rank) of a sample. */
export interface Percentiles {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

/** A histogram on log-spaced bins: counts per [edges[i], edges[i+1]). */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export function percentiles(values: Float64Array): Percentiles {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p90: NaN, p99: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return { mean: sum / n, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/** Counts on `bins` log-spaced bins spanning the sample (one bin when it has a single value). */
export function logHistogram(values: Float64Array, bins = 40): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!(lo < Infinity)) return { edges: [], counts: [] };
  if (hi <= lo * 1.0001) return { edges: [lo, hi * 1.0001 + 1e-9], counts: [values.length] };
  const a = Math.log(lo);
  const width = (Math.log(hi) - a) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => Math.exp(a + i * width));
  const counts = Array<number>(bins).fill(0);
  for (const v of values) {
    if (!(v > 0)) continue;
    const i = Math.min(bins - 1, Math.floor((Math.log(v) - a) / width));
    counts[i]!++;
  }
  return { edges, counts };
}
