import type { Curve, Grid } from './schema';
import { latencyUsOf } from './schema';

/**
 * A latency read from a measured table: exact at a measured shape, else interpolated in log
 * space (log latency linear in log shape) between the measured shapes around it. `lo`/`hi`
 * are the neighbours along the first axis (equal when measured there).
 */
export interface Looked {
  us: number;
  lo: number;
  hi: number;
}

/** Index of the last axis value ≤ v (binary search); -1 below the axis. */
function floorIndex(axis: readonly number[], v: number): number {
  let lo = 0;
  let hi = axis.length - 1;
  if (v < axis[0]!) return -1;
  if (v >= axis[hi]!) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (axis[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Where v sits on an axis: the bracketing indices and the log-space weight of the upper one. */
export interface AxisPos {
  i0: number;
  i1: number;
  w: number;
}

/** Fills `out` with v's position on an ascending axis; false outside the measured range. */
function placeOn(axis: readonly number[], v: number, out: AxisPos): boolean {
  const i = floorIndex(axis, v);
  if (i < 0) return false;
  const a = axis[i]!;
  if (v === a) {
    out.i0 = i;
    out.i1 = i;
    out.w = 0;
    return true;
  }
  if (i === axis.length - 1) return false;
  const b = axis[i + 1]!;
  out.i0 = i;
  out.i1 = i + 1;
  out.w = Math.log(v / a) / Math.log(b / a);
  return true;
}

/** Position of v on an ascending axis, or null outside the measured range (no extrapolation). */
export function axisPos(axis: readonly number[], v: number): AxisPos | null {
  const out = { i0: 0, i1: 0, w: 0 };
  return placeOn(axis, v, out) ? out : null;
}

/**
 * The neighbours of the last numeric lookup (`curveUs`, `gridUs` and their scaled forms): the
 * measured sizes around it along the first axis, and whether it was scaled past them. The
 * lookups run thousands of times per sweep, so they return a number and leave these here
 * instead of allocating a result.
 */
export const lastLookup = { lo: 0, hi: 0, scaled: false };

const px: AxisPos = { i0: 0, i1: 0, w: 0 };
const py: AxisPos = { i0: 0, i1: 0, w: 0 };

/** Latency (µs) of a curve at x, NaN outside its measured range. */
export function curveUs(c: Curve, x: number): number {
  if (!placeOn(c.x, x, px)) return NaN;
  lastLookup.lo = c.x[px.i0]!;
  lastLookup.hi = c.x[px.i1]!;
  lastLookup.scaled = false;
  const q0 = c.q[px.i0]!;
  return latencyUsOf(q0 + px.w * (c.q[px.i1]! - q0));
}

/** Latency (µs) of a grid at (x, y), bilinear in log space; NaN outside it or at a gap. */
export function gridUs(g: Grid, x: number, y: number): number {
  if (!placeOn(g.x, x, px) || !placeOn(g.y, y, py)) return NaN;
  const n = g.y.length;
  const a = g.q[px.i0 * n + py.i0];
  const b = g.q[px.i0 * n + py.i1];
  const c = g.q[px.i1 * n + py.i0];
  const d = g.q[px.i1 * n + py.i1];
  if (a == null || b == null || c == null || d == null) return NaN;
  lastLookup.lo = g.x[px.i0]!;
  lastLookup.hi = g.x[px.i1]!;
  lastLookup.scaled = false;
  const lo = a + py.w * (b - a);
  const hi = c + py.w * (d - c);
  return latencyUsOf(lo + px.w * (hi - lo));
}

const looked = (us: number): Looked | null =>
  Number.isNaN(us) ? null : { us, lo: lastLookup.lo, hi: lastLookup.hi };

/** Latency (µs) of a curve at x, or null outside its measured range. */
export function curveAt(c: Curve, x: number): Looked | null {
  return looked(curveUs(c, x));
}

/** Latency (µs) of a grid at (x, y), bilinear in log space; null outside it or at a gap. */
export function gridAt(g: Grid, x: number, y: number): Looked | null {
  return looked(gridUs(g, x, y));
}

/**
 * Past the largest measured size along a work axis (tokens, batch, bytes) an operation is
 * throughput-bound: its time grows in proportion. The latency there is the last measured one
 * scaled by x / x_last, and says so (`lo` = `hi` = x_last, `scaled`).
 */
export interface Scaled extends Looked {
  scaled: boolean;
}

/** `curveUs`, or past the last measured x the last latency scaled by x / x_last. */
export function curveUsOrScaled(c: Curve, x: number): number {
  const us = curveUs(c, x);
  if (!Number.isNaN(us)) return us;
  const last = c.x[c.x.length - 1]!;
  if (x <= last) return NaN;
  lastLookup.lo = last;
  lastLookup.hi = last;
  lastLookup.scaled = true;
  return latencyUsOf(c.q[c.q.length - 1]!) * (x / last);
}

/**
 * A grid's latency at (batch x, context y), or, where the sweep stopped short of that batch at
 * that context (the tables are triangular: large batches were measured at short contexts only),
 * the largest measured batch at that context scaled by x / batch: every sequence reads its own
 * cache, so past the measured batches the work grows with the batch. NaN where neither applies.
 */
export function gridUsOrScaled(g: Grid, x: number, y: number): number {
  const us = gridUs(g, x, y);
  if (!Number.isNaN(us)) return us;
  if (!placeOn(g.y, y, py) || x < g.x[0]!) return NaN;
  const n = g.y.length;
  for (let i = g.x.length - 1; i >= 0; i--) {
    const xi = g.x[i]!;
    if (xi > x) continue;
    const a = g.q[i * n + py.i0];
    const b = g.q[i * n + py.i1];
    if (a == null || b == null) continue;
    lastLookup.lo = xi;
    lastLookup.hi = xi;
    lastLookup.scaled = true;
    return latencyUsOf(a + py.w * (b - a)) * (x / xi);
  }
  return NaN;
}

const scaledOf = (us: number): Scaled | null =>
  Number.isNaN(us) ? null : { us, lo: lastLookup.lo, hi: lastLookup.hi, scaled: lastLookup.scaled };

export function gridAtOrScaled(g: Grid, x: number, y: number): Scaled | null {
  return scaledOf(gridUsOrScaled(g, x, y));
}
