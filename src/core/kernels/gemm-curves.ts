import { memoOn } from '../memo';
import type { ModelSpec } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { gemmLaunches, rowsPerTpRank } from '../model/gemm-launches';
import { TP_SPLIT_GROUPS } from '../model/tensors';
import { formatOf } from '../model/weights';
import type { MathPrecision, WeightPrecision } from '../precision';
import { mathPrecisionOf } from '../precision';
import { axisPos, curveUs } from './lookup';
import type { Curve, FrameworkKernels } from './schema';

/** Powers of two the GEMM tables keep along m. */
export const M_GRID = Array.from({ length: 16 }, (_, i) => 2 ** i);

export const GEMM_DTYPES: Record<MathPrecision, readonly string[]> = {
  fp4: ['nvfp4'],
  'fp4-w4a8': ['nvfp4'],
  fp8: ['fp8_block', 'fp8'],
  bf16: ['bfloat16'],
  fp32: [],
};

interface GemmIndex {
  ns: number[];
  ks: number[];
}

/** A curve over m of the summed latency of several GEMMs (one weight group on one TP rank). */
export interface SummedCurve {
  curve: Curve;
  key: string;
  fixedUs: number;
}

const gemmIndexCache = new WeakMap<FrameworkKernels, Map<string, GemmIndex>>();

function gemmIndex(fk: FrameworkKernels, dtype: string): GemmIndex {
  const per = memoOn(gemmIndexCache, fk, () => new Map<string, GemmIndex>());
  return memoOn(per, dtype, () => {
    const ns = new Set<number>();
    const ks = new Set<number>();
    for (const key of Object.keys(fk.gemm)) {
      const [d, n, k] = key.split('|');
      if (d !== dtype) continue;
      ns.add(Number(n));
      ks.add(Number(k));
    }
    return { ns: [...ns].sort((a, b) => a - b), ks: [...ks].sort((a, b) => a - b) };
  });
}

/** The four measured curves around one (n, k) and the log-space weights between them. */
interface GemmBox {
  dtype: string;
  c00: Curve;
  c01: Curve;
  c10: Curve;
  c11: Curve;
  wn: number;
  wk: number;
}

function gemmBox(fk: FrameworkKernels, dtype: string, n: number, k: number): GemmBox | null {
  const idx = gemmIndex(fk, dtype);
  if (idx.ns.length === 0) return null;
  const pn = axisPos(idx.ns, n);
  const pk = axisPos(idx.ks, k);
  if (!pn || !pk) return null;
  const at = (i: number, j: number) => fk.gemm[`${dtype}|${idx.ns[i]}|${idx.ks[j]}`];
  const c00 = at(pn.i0, pk.i0);
  const c01 = at(pn.i0, pk.i1);
  const c10 = at(pn.i1, pk.i0);
  const c11 = at(pn.i1, pk.i1);
  if (!c00 || !c01 || !c10 || !c11) return null;
  return { dtype, c00, c01, c10, c11, wn: pn.w, wk: pk.w };
}

/**
 * A box's latency at m tokens (µs): bilinear in (log n, log k) of the log latencies its four
 * corner curves give at m; NaN outside a corner's m range.
 */
function boxUs(b: GemmBox, m: number): number {
  const l = Math.log2;
  const u00 = curveUs(b.c00, m);
  const u01 = curveUs(b.c01, m);
  const u10 = curveUs(b.c10, m);
  const u11 = curveUs(b.c11, m);
  const r0 = l(u00) + b.wk * (l(u01) - l(u00));
  const r1 = l(u10) + b.wk * (l(u11) - l(u10));
  return 2 ** (r0 + b.wn * (r1 - r0));
}

/**
 * One GEMM (n outputs, k inputs) at each of `ms` token counts from the tables: the fastest
 * kernel measured for the weights' math (an engine picks among its kernels; FP8 weights run
 * block-scaled or per-tensor), µs, and the dtypes that won; null if some m has none. The
 * corner curves are found once for all m.
 */
export function gemmUs(
  fk: FrameworkKernels,
  dtypes: readonly string[],
  ms: readonly number[],
  n: number,
  k: number,
): { us: number[]; dtypes: Set<string> } | null {
  const boxes = dtypes.map((d) => gemmBox(fk, d, n, k)).filter((b): b is GemmBox => b !== null);
  const us: number[] = [];
  const used = new Set<string>();
  for (const m of ms) {
    let best = NaN;
    let dtype = '';
    for (const b of boxes) {
      const u = boxUs(b, m);
      if (!Number.isNaN(u) && (dtype === '' || u < best)) {
        best = u;
        dtype = b.dtype;
      }
    }
    if (dtype === '') return null;
    us.push(best);
    used.add(dtype);
  }
  return { us, dtypes: used };
}

type GroupCurves = Partial<Record<WeightGroup, SummedCurve>>;
const curvesCache = new WeakMap<FrameworkKernels, WeakMap<ModelSpec, Map<string, GroupCurves>>>();

/**
 * Per-group GEMM latency summed over the group's matrices, precomputed along M_GRID; made once
 * per tables, model, weights and TP (the layouts of a sweep differ in EP far more often).
 */
export function groupCurves(
  fk: FrameworkKernels,
  model: ModelSpec,
  weights: WeightPrecision,
  tp: number,
): GroupCurves {
  const byModel = memoOn(curvesCache, fk, () => new WeakMap<ModelSpec, Map<string, GroupCurves>>());
  const byKey = memoOn(byModel, model, () => new Map<string, GroupCurves>());
  return memoOn(byKey, `${weights}|${tp}`, () => buildGroupCurves(fk, model, weights, tp));
}

function buildGroupCurves(
  fk: FrameworkKernels,
  model: ModelSpec,
  weights: WeightPrecision,
  tp: number,
): GroupCurves {
  const sums = new Map<
    WeightGroup,
    { us: number[]; dtypes: Set<string>; ok: boolean; whole: boolean }
  >();
  for (const t of gemmLaunches(model)) {
    const entry = sums.get(t.group) ?? {
      us: M_GRID.map(() => 0),
      dtypes: new Set<string>(),
      ok: true,
      whole: false,
    };
    sums.set(t.group, entry);
    if (!entry.ok) continue;
    const rows = TP_SPLIT_GROUPS.has(t.group) ? rowsPerTpRank(t, tp) : t.rows;
    // Some of its rows divide over fewer ranks than the TP group (tensors.ts tpWays).
    if (tp > 1 && TP_SPLIT_GROUPS.has(t.group) && rows > t.rows / tp) entry.whole = true;
    const n = Math.max(1, Math.round(rows));
    const g = gemmUs(
      fk,
      GEMM_DTYPES[mathPrecisionOf(formatOf(t.tensor, weights))],
      M_GRID,
      n,
      t.cols,
    );
    if (!g) {
      entry.ok = false;
      continue;
    }
    for (const d of g.dtypes) entry.dtypes.add(d);
    for (let i = 0; i < M_GRID.length; i++) entry.us[i]! += g.us[i]! * t.count;
  }
  const out: GroupCurves = {};
  for (const [g, e] of sums) {
    if (!e.ok) continue;
    out[g] = {
      curve: { x: M_GRID, q: e.us.map((us) => Math.log2(us) * 128) },
      key: `${[...e.dtypes].join('+')}, ${g} matrices / TP ${tp}${e.whole ? ' (the projections every head reads stay whole on each rank)' : ''}`,
      fixedUs: e.us[0]!,
    };
  }
  return out;
}
