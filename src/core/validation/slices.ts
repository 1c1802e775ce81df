import type { FitPoint } from './fit';
import { errorStats } from './stats';

/** How a prediction's rows are cut for the per-slice table. */
export const SLICE_DIMENSIONS = ['hardware', 'framework', 'model', 'load'] as const;
export type SliceDimension = (typeof SLICE_DIMENSIONS)[number];

/** Sequences per attention rank: the load bands a decode step changes character across. */
export function loadBand(p: FitPoint): string {
  const l = p.prepared.decodeLayout;
  const perRank = p.prepared.workload.concurrency / (l.instances * l.attentionDpRanks);
  if (perRank <= 4) return '≤ 4 per rank';
  if (perRank <= 32) return '5–32 per rank';
  if (perRank <= 128) return '33–128 per rank';
  return '> 128 per rank';
}

function valueOf(p: FitPoint, d: SliceDimension): string {
  if (d === 'hardware') return p.prepared.hardware.id;
  if (d === 'framework') return p.prepared.scenario.framework;
  if (d === 'model') return p.prepared.model.id;
  return loadBand(p);
}

/** One point predicted two ways (and optionally held out). */
export interface SlicePoint {
  point: FitPoint;
  /** Ratio predicted / measured with measured kernel tables (null: no prediction). */
  kernel: number | null;
  /** The same with rooflines only, under a calibration fitted that way. */
  roofline: number | null;
  /** Kernel-priced, held out of the fit. */
  heldOut: number | null;
}

export interface SliceRow {
  dimension: SliceDimension;
  value: string;
  count: number;
  /** Share of the slice's points priced with at least one measured table. */
  kernelPricedShare: number;
  kernelMedian: number;
  rooflineMedian: number;
  heldOutMedian: number | null;
}

/** Median |error| per slice of the points, with kernel tables and with rooflines only. */
export function sliceTable(points: readonly SlicePoint[], minCount = 1): SliceRow[] {
  const rows: SliceRow[] = [];
  for (const dimension of SLICE_DIMENSIONS) {
    const groups = new Map<string, SlicePoint[]>();
    for (const sp of points) {
      const v = valueOf(sp.point, dimension);
      const list = groups.get(v) ?? [];
      list.push(sp);
      groups.set(v, list);
    }
    for (const [value, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      if (list.length < minCount) continue;
      const ratios = (f: (s: SlicePoint) => number | null) =>
        list.flatMap((s) => {
          const r = f(s);
          return r === null ? [] : [r];
        });
      const held = ratios((s) => s.heldOut);
      rows.push({
        dimension,
        value,
        count: list.length,
        kernelPricedShare:
          list.filter((s) => s.point.prepared.kernels !== null).length / list.length,
        kernelMedian: errorStats(ratios((s) => s.kernel)).medianAbsError,
        rooflineMedian: errorStats(ratios((s) => s.roofline)).medianAbsError,
        heldOutMedian: held.length ? errorStats(held).medianAbsError : null,
      });
    }
  }
  return rows;
}
