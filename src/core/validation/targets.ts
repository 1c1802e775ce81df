import type { CategorySummary } from './report';
import type { SliceRow } from './slices';

/** One accuracy target checked on held-out (leave-one-source-out) predictions. */
export interface TargetCheck {
  name: string;
  /** The figure checked: a median |error| (fraction). */
  value: number;
  /** Its ceiling (fraction). */
  limit: number;
  met: boolean;
  /** What the figure is, for the slice target: which slice is worst. */
  detail?: string;
}

/** The fidelity targets (kernel pricing, issue 14): held-out medians, as fractions. */
export const HELD_OUT_TARGETS = {
  siliconTpot: 0.15,
  headlineThroughput: 0.15,
  /** No slice (hardware, framework or model) of at least `sliceMinRows` rows above this. */
  slice: 0.2,
  sliceMinRows: 50,
} as const;

const SLICE_TARGET_DIMENSIONS: ReadonlySet<SliceRow['dimension']> = new Set([
  'hardware',
  'framework',
  'model',
]);

function categoryTarget(
  summaries: readonly CategorySummary[],
  category: string,
  limit: number,
): TargetCheck | null {
  const held = summaries.find((s) => s.name === category)?.heldOut;
  if (!held || held.count === 0) return null;
  const value = held.medianAbsError;
  return { name: `${category}: median |error|`, value, limit, met: value <= limit };
}

/**
 * The held-out targets with their figures. A target whose figures are absent (no held-out fit,
 * no slice table) is left out rather than reported as met.
 */
export function heldOutTargets(
  summaries: readonly CategorySummary[],
  slices: readonly SliceRow[] | null,
): TargetCheck[] {
  const t = HELD_OUT_TARGETS;
  const checks = [
    categoryTarget(summaries, 'silicon TPOT', t.siliconTpot),
    categoryTarget(summaries, 'headline throughput per GPU', t.headlineThroughput),
  ].filter((c): c is TargetCheck => c !== null);
  const big = (slices ?? []).filter(
    (r) =>
      SLICE_TARGET_DIMENSIONS.has(r.dimension) &&
      r.count >= t.sliceMinRows &&
      r.heldOutMedian !== null,
  );
  if (big.length) {
    const worst = big.reduce((a, b) => (b.heldOutMedian! > a.heldOutMedian! ? b : a));
    const over = big.filter((r) => r.heldOutMedian! > t.slice);
    checks.push({
      name: `every silicon TPOT slice of ${t.sliceMinRows}+ rows: median |error|`,
      value: worst.heldOutMedian!,
      limit: t.slice,
      met: over.length === 0,
      detail: over.length
        ? `over: ${over.map((r) => `${r.dimension} ${r.value} (${r.count} rows)`).join(', ')}`
        : `worst: ${worst.dimension} ${worst.value} (${worst.count} rows)`,
    });
  }
  return checks;
}
