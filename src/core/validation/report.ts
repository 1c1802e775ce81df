import type { Calibration } from '../perf/calibration';
import type { FitPoint } from './fit';
import { fitCalibration, predictPoint } from './fit';
import { THROUGHPUT_METRICS } from './measurements';
import type { ErrorStats } from './stats';
import { errorStats, ratioFactor } from './stats';

export interface PointResult {
  point: FitPoint;
  predicted: number | null;
  /** Predicted with the calibration fitted without this point's group. */
  heldOut: number | null;
}

export interface Category {
  name: string;
  filter: (p: FitPoint) => boolean;
  /** Its figures count in the target that no row is off by more than 3× (not TTFT). */
  within3x: boolean;
}

/** The categories the targets are stated for (issue: headline throughput, silicon TPOT). */
export const CATEGORIES: Category[] = [
  {
    name: 'headline throughput per GPU',
    filter: (p) => p.set === 'headline' && THROUGHPUT_METRICS.includes(p.metric),
    within3x: true,
  },
  {
    name: 'headline TPOT and tok/s/user',
    filter: (p) =>
      p.set === 'headline' &&
      (p.metric === 'tpotMs' || p.metric === 'tokPerSecPerUser' || p.metric === 'e2eLatencyMs'),
    within3x: true,
  },
  {
    name: 'silicon TPOT',
    filter: (p) => p.set === 'silicon' && p.metric === 'tpotMs',
    within3x: true,
  },
  { name: 'TTFT at light load (fitted)', filter: (p) => p.metric === 'ttftMs', within3x: false },
];

export function inSample(points: readonly FitPoint[], cal: Calibration): PointResult[] {
  return points.map((point) => ({ point, predicted: predictPoint(point, cal), heldOut: null }));
}

/**
 * Leave-one-source-out: for each group (a headline source, or a silicon system) refit without
 * it, starting from the full fit, and predict its points.
 */
export function leaveOneGroupOut(
  points: readonly FitPoint[],
  prior: Calibration,
  full: Calibration,
  onGroup?: (group: string, n: number) => void,
): Map<FitPoint, number | null> {
  const out = new Map<FitPoint, number | null>();
  const groups = [...new Set(points.map((p) => p.group))];
  for (const g of groups) {
    const held = points.filter((p) => p.group === g);
    const rest = points.filter((p) => p.group !== g);
    onGroup?.(g, held.length);
    const fit = fitCalibration(rest, prior, { start: full, maxIterations: 8 });
    for (const p of held) out.set(p, predictPoint(p, fit.calibration));
  }
  return out;
}

export interface CategorySummary {
  name: string;
  inSample: ErrorStats;
  heldOut: ErrorStats | null;
  worst: Array<{ id: string; metric: string; measured: number; predicted: number; factor: number }>;
}

export function summarize(results: readonly PointResult[], useHeldOut: boolean): CategorySummary[] {
  return CATEGORIES.map((c) => {
    const rs = results.filter((r) => c.filter(r.point) && r.predicted !== null);
    const ratios = rs.map((r) => r.predicted! / r.point.measured);
    const held = rs.filter((r) => r.heldOut !== null).map((r) => r.heldOut! / r.point.measured);
    const basis = useHeldOut ? rs.filter((r) => r.heldOut !== null) : rs;
    const worst = basis
      .map((r) => {
        const predicted = useHeldOut ? r.heldOut! : r.predicted!;
        return {
          id: r.point.id,
          metric: r.point.metric,
          measured: r.point.measured,
          predicted,
          factor: ratioFactor(predicted / r.point.measured),
        };
      })
      .sort((a, b) => b.factor - a.factor)
      .slice(0, 5);
    return {
      name: c.name,
      inSample: errorStats(ratios),
      heldOut: useHeldOut ? errorStats(held) : null,
      worst,
    };
  });
}
