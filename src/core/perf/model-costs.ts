import { memoOn } from '../memo';
import type { WeightPrecision } from '../precision';
import type { MathPrecision } from '../precision';
import { mathPrecisionOf } from '../precision';
import type { ModelSpec } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { tensorInventory, TP_SPLIT_GROUPS, tpShareOf, WEIGHT_GROUPS } from '../model/tensors';
import { gemmLaunches } from '../model/gemm-launches';
import { formatOf } from '../model/weights';
import { tensorBytes } from '../precision';

/**
 * Per-token matmul work and stored bytes of a model's weight groups (main model, MTP excluded),
 * and the same for one MTP layer: the inputs of the roofline. Memoised per (spec, precision).
 */
export interface ModelCosts {
  /** Matmul parameters every token multiplies, by group (routed experts excluded). */
  denseParamsByGroup: Record<WeightGroup, number>;
  /** Stored bytes of those matmul tensors, by group. */
  denseBytesByGroup: Record<WeightGroup, number>;
  /** Precision each group's matmuls would run at on hardware that supports it. */
  mathByGroup: Record<WeightGroup, MathPrecision>;
  /** GEMM kernels a forward pass launches per group (fused matrices once; gemm-launches.ts). */
  gemmsByGroup: Record<WeightGroup, number>;
  moeLayers: number;
  /** Parameters and stored bytes of one routed expert (all its matrices). */
  expertParams: number;
  expertBytes: number;
  expertMath: MathPrecision;
  /** One MTP layer: matmul params and bytes per token (experts at top-k share), 0 without MTP. */
  mtpLayerParamsPerToken: number;
  mtpLayerBytes: number;
}

const zeros = () =>
  Object.fromEntries(WEIGHT_GROUPS.map((g) => [g, 0])) as Record<WeightGroup, number>;

const cache = new WeakMap<ModelSpec, Map<WeightPrecision, ModelCosts>>();

export function modelCosts(model: ModelSpec, precision: WeightPrecision): ModelCosts {
  let per = cache.get(model);
  if (!per) {
    per = new Map();
    cache.set(model, per);
  }
  const hit = per.get(precision);
  if (hit) return hit;
  const params = zeros();
  const bytes = zeros();
  const gemms = zeros();
  const mathBytes = new Map<WeightGroup, Map<MathPrecision, number>>();
  let expertParamsAll = 0;
  let expertBytesAll = 0;
  let expertMath: MathPrecision = 'bf16';
  let mtpParams = 0;
  let mtpBytes = 0;
  const moe = model.ffn.moe;
  const share = moe ? moe.expertsPerToken / moe.routedExperts : 0;
  for (const t of tensorInventory(model)) {
    const fmt = formatOf(t, precision);
    const b = tensorBytes(fmt, t.rows, t.cols) * t.count;
    const p = t.rows * t.cols * t.count;
    if (t.mtp) {
      if (t.perToken === 'all') {
        mtpParams += p;
        mtpBytes += b;
      } else if (t.perToken === 'routed') {
        mtpParams += p * share;
        mtpBytes += b;
      }
      continue;
    }
    if (t.perToken === 'routed') {
      expertParamsAll += p;
      expertBytesAll += b;
      expertMath = mathPrecisionOf(fmt);
    } else if (t.perToken === 'all') {
      params[t.group] += p;
      bytes[t.group] += b;
      const m = mathBytes.get(t.group) ?? new Map<MathPrecision, number>();
      m.set(mathPrecisionOf(fmt), (m.get(mathPrecisionOf(fmt)) ?? 0) + b);
      mathBytes.set(t.group, m);
    }
  }
  for (const g of gemmLaunches(model)) gemms[g.group] += g.count;
  const mathByGroup = Object.fromEntries(
    WEIGHT_GROUPS.map((g) => {
      const m = mathBytes.get(g);
      if (!m) return [g, 'bf16'];
      return [g, [...m.entries()].sort((a, b) => b[1] - a[1])[0]![0]];
    }),
  ) as Record<WeightGroup, MathPrecision>;
  const moeLayers = moe ? model.numLayers - model.ffn.denseLayers : 0;
  const experts = moe ? moe.routedExperts * moeLayers : 1;
  const mtpLayers = model.mtp?.layers ?? 0;
  const costs: ModelCosts = {
    denseParamsByGroup: params,
    denseBytesByGroup: bytes,
    mathByGroup,
    gemmsByGroup: gemms,
    moeLayers,
    expertParams: moe ? expertParamsAll / experts : 0,
    expertBytes: moe ? expertBytesAll / experts : 0,
    expertMath,
    mtpLayerParamsPerToken: mtpLayers ? mtpParams / mtpLayers : 0,
    mtpLayerBytes: mtpLayers ? mtpBytes / mtpLayers : 0,
  };
  per.set(precision, costs);
  return costs;
}

/** Dense matmul parameters and stored bytes one rank of a TP group holds and multiplies per token. */
export interface DenseHeld {
  params: Record<WeightGroup, number>;
  bytes: Record<WeightGroup, number>;
}

const heldCache = new WeakMap<ModelSpec, Map<string, DenseHeld>>();
const newHeldMap = () => new Map<string, DenseHeld>();

/**
 * The main model's dense matmuls on one rank of a TP group of `tp`: the groups TP divides
 * (TP_SPLIT_GROUPS) by tensor, each over at most the ranks its heads allow (tensors.ts tpWays);
 * the rest whole. Memoised per spec, precision and TP.
 */
export function denseHeldPerRank(
  model: ModelSpec,
  precision: WeightPrecision,
  tp: number,
): DenseHeld {
  return memoOn(memoOn(heldCache, model, newHeldMap), `${precision}|${tp}`, () => {
    const params = zeros();
    const bytes = zeros();
    for (const t of tensorInventory(model)) {
      if (t.mtp || t.perToken !== 'all') continue;
      const share = TP_SPLIT_GROUPS.has(t.group) ? tpShareOf(t, tp) : 1;
      params[t.group] += t.rows * t.cols * t.count * share;
      bytes[t.group] += tensorBytes(formatOf(t, precision), t.rows, t.cols) * t.count * share;
    }
    return { params, bytes };
  });
}
