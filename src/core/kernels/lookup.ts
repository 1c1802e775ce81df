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

/** Position of v on an ascending axis, or null outside the measured range (no extrapolation). */
export function axisPos(axis: readonly number[], v: number): AxisPos | null {
  const i = floorIndex(axis, v);
  if (i < 0) return null;
  const a = axis[i]!;
  if (v === a) return { i0: i, i1: i, w: 0 };
  if (i === axis.length - 1) return null;
  const b = axis[i + 1]!;
  return { i0: i, i1: i + 1, w: Math.log(v / a) / Math.log(b / a) };
}

/** Latency (µs) of a curve at x, or null outside its measured range. */
export function curveAt(c: Curve, x: number): Looked | null {
  const p = axisPos(c.x, x);
  if (!p) return null;
  const q = c.q[p.i0]! + p.w * (c.q[p.i1]! - c.q[p.i0]!);
  return { us: latencyUsOf(q), lo: c.x[p.i0]!, hi: c.x[p.i1]! };
}

/** Latency (µs) of a grid at (x, y), bilinear in log space; null outside it or at a gap. */
export function gridAt(g: Grid, x: number, y: number): Looked | null {
  const px = axisPos(g.x, x);
  const py = axisPos(g.y, y);
  if (!px || !py) return null;
  const n = g.y.length;
  const cell = (i: number, j: number) => g.q[i * n + j];
  const a = cell(px.i0, py.i0);
  const b = cell(px.i0, py.i1);
  const c = cell(px.i1, py.i0);
  const d = cell(px.i1, py.i1);
  if (a == null || b == null || c == null || d == null) return null;
  const lo = a + py.w * (b - a);
  const hi = c + py.w * (d - c);
  return { us: latencyUsOf(lo + px.w * (hi - lo)), lo: g.x[px.i0]!, hi: g.x[px.i1]! };
}

/**
 * Latency of a shape known at the corners of a box of curves: bilinear in (log a, log b) of the
 * log latencies the four corner curves give at x. Used for GEMMs: curves over m, corners at the
 * measured n and k around the asked ones.
 */
export function boxAt(
  as: readonly number[],
  bs: readonly number[],
  curveOf: (a: number, b: number) => Curve | undefined,
  a: number,
  b: number,
  x: number,
): Looked | null {
  const pa = axisPos(as, a);
  const pb = axisPos(bs, b);
  if (!pa || !pb) return null;
  const at = (i: number, j: number) => {
    const c = curveOf(as[i]!, bs[j]!);
    return c ? curveAt(c, x) : null;
  };
  const c00 = at(pa.i0, pb.i0);
  const c01 = at(pa.i0, pb.i1);
  const c10 = at(pa.i1, pb.i0);
  const c11 = at(pa.i1, pb.i1);
  if (!c00 || !c01 || !c10 || !c11) return null;
  const l = Math.log2;
  const r0 = l(c00.us) + pb.w * (l(c01.us) - l(c00.us));
  const r1 = l(c10.us) + pb.w * (l(c11.us) - l(c10.us));
  return { us: 2 ** (r0 + pa.w * (r1 - r0)), lo: c00.lo, hi: c00.hi };
}

/**
 * Past the largest measured size along a work axis (tokens, batch, bytes) an operation is
 * throughput-bound: its time grows in proportion. The latency there is the last measured one
 * scaled by x / x_last, and says so (`lo` = `hi` = x_last, `scaled`).
 */
export interface Scaled extends Looked {
  scaled: boolean;
}

export function curveAtOrScaled(c: Curve, x: number): Scaled | null {
  const hit = curveAt(c, x);
  if (hit) return { ...hit, scaled: false };
  const last = c.x[c.x.length - 1]!;
  if (x <= last) return null;
  const us = latencyUsOf(c.q[c.q.length - 1]!) * (x / last);
  return { us, lo: last, hi: last, scaled: true };
}

/**
 * A grid's latency at (batch x, context y), or, where the sweep stopped short of that batch at
 * that context (the tables are triangular: large batches were measured at short contexts only),
 * the largest measured batch at that context scaled by x / batch: every sequence reads its own
 * cache, so past the measured batches the work grows with the batch.
 */
export function gridAtOrScaled(g: Grid, x: number, y: number): Scaled | null {
  const hit = gridAt(g, x, y);
  if (hit) return { ...hit, scaled: false };
  const py = axisPos(g.y, y);
  if (!py || x < g.x[0]!) return null;
  const n = g.y.length;
  for (let i = g.x.length - 1; i >= 0; i--) {
    const xi = g.x[i]!;
    if (xi > x) continue;
    const a = g.q[i * n + py.i0];
    const b = g.q[i * n + py.i1];
    if (a == null || b == null) continue;
    const us = latencyUsOf(a + py.w * (b - a)) * (x / xi);
    return { us, lo: xi, hi: xi, scaled: true };
  }
  return null;
}
