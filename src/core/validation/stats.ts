/** Error statistics of predicted vs measured values. */
export interface ErrorStats {
  count: number;
  /** Median of |predicted / measured - 1|. */
  medianAbsError: number;
  /** Share of points with |predicted / measured - 1| ≤ 25%. */
  shareWithin25: number;
  /** Largest max(ratio, 1/ratio). */
  worstFactor: number;
  /** Geometric mean of predicted / measured (bias). */
  geoMeanRatio: number;
}

export function ratioFactor(ratio: number): number {
  return ratio >= 1 ? ratio : 1 / ratio;
}

export function errorStats(ratios: readonly number[]): ErrorStats {
  const n = ratios.length;
  if (n === 0)
    return {
      count: 0,
      medianAbsError: NaN,
      shareWithin25: NaN,
      worstFactor: NaN,
      geoMeanRatio: NaN,
    };
  const abs = ratios.map((r) => Math.abs(r - 1)).sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 ? abs[mid]! : (abs[mid - 1]! + abs[mid]!) / 2;
  return {
    count: n,
    medianAbsError: median,
    shareWithin25: abs.filter((e) => e <= 0.25).length / n,
    worstFactor: Math.max(...ratios.map(ratioFactor)),
    geoMeanRatio: Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / n),
  };
}
