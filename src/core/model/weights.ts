import { memoOn } from '../memo';
import type { TensorFormat, WeightPrecision } from '../precision';
import { storedFormat, tensorBytes } from '../precision';
import type { ModelSpec } from './schema';
import type { TensorEntry, WeightGroup } from './tensors';
import { WEIGHT_GROUPS, tensorInventory, tpShareOf } from './tensors';

export interface ParamCounts {
  /** Logical parameters (FP4 values counted once each, scales and hash tables not counted). */
  totalWithMtp: number;
  totalWithoutMtp: number;
  mtp: number;
  routedExperts: number;
  /**
   * Parameters multiplied per token in the main model: every matmul weight plus top-k of the
   * routed experts, LM head included, embedding and MTP excluded (the convention of the official
   * "49B / 13B activated").
   */
  activated: number;
}

const paramCache = new WeakMap<ModelSpec, ParamCounts>();

export function paramCounts(model: ModelSpec): ParamCounts {
  const hit = paramCache.get(model);
  if (hit) return hit;
  const moe = model.ffn.moe;
  const routedShare = moe ? moe.expertsPerToken / moe.routedExperts : 0;
  let withMtp = 0;
  let mtp = 0;
  let routed = 0;
  let activated = 0;
  for (const t of tensorInventory(model)) {
    if (t.buffer) continue;
    const n = t.rows * t.cols * t.count;
    withMtp += n;
    if (t.mtp) mtp += n;
    if (t.group === 'routedExperts') routed += n;
    if (!t.mtp && t.perToken === 'all') activated += n;
    if (!t.mtp && t.perToken === 'routed') activated += n * routedShare;
  }
  const counts = {
    totalWithMtp: withMtp,
    totalWithoutMtp: withMtp - mtp,
    mtp,
    routedExperts: routed,
    activated,
  };
  paramCache.set(model, counts);
  return counts;
}

export type BytesByGroup = Record<WeightGroup, number>;

export function emptyByGroup(): BytesByGroup {
  const out = {} as BytesByGroup;
  for (const g of WEIGHT_GROUPS) out[g] = 0;
  return out;
}

export function formatOf(t: TensorEntry, precision: WeightPrecision): TensorFormat {
  return storedFormat(t.native, t.role, precision);
}

export interface WeightBytes {
  /** Everything, MTP included: the checkpoint size. */
  totalBytes: number;
  mtpBytes: number;
  /** Main model by group (MTP excluded). */
  mainByGroup: BytesByGroup;
  /** MTP block by group. */
  mtpByGroup: BytesByGroup;
}

const bytesCache = new WeakMap<ModelSpec, Map<WeightPrecision, WeightBytes>>();

/** Stored bytes of the checkpoint in a weight precision, by group. Memoised per spec. */
export function weightBytes(model: ModelSpec, precision: WeightPrecision): WeightBytes {
  let perModel = bytesCache.get(model);
  if (!perModel) {
    perModel = new Map();
    bytesCache.set(model, perModel);
  }
  const hit = perModel.get(precision);
  if (hit) return hit;
  const mainByGroup = emptyByGroup();
  const mtpByGroup = emptyByGroup();
  let total = 0;
  let mtp = 0;
  for (const t of tensorInventory(model)) {
    const b = tensorBytes(formatOf(t, precision), t.rows, t.cols) * t.count;
    total += b;
    if (t.mtp) {
      mtp += b;
      mtpByGroup[t.group] += b;
    } else {
      mainByGroup[t.group] += b;
    }
  }
  const result = { totalBytes: total, mtpBytes: mtp, mainByGroup, mtpByGroup };
  perModel.set(precision, result);
  return result;
}

type TpRankBytes = Omit<WeightBytes, 'totalBytes' | 'mtpBytes'>;
const tpRankCache = new WeakMap<ModelSpec, Map<string, TpRankBytes>>();
const newTpRankMap = () => new Map<string, TpRankBytes>();

/**
 * Stored bytes one rank of a TP group of `tp` holds of each group, were every group split by TP:
 * each tensor over at most its `tpWays` ranks (memory.ts applies it to the groups TP splits).
 * Memoised per spec, precision and TP.
 */
export function tpRankBytes(model: ModelSpec, precision: WeightPrecision, tp: number): TpRankBytes {
  return memoOn(memoOn(tpRankCache, model, newTpRankMap), `${precision}|${tp}`, () => {
    const mainByGroup = emptyByGroup();
    const mtpByGroup = emptyByGroup();
    for (const t of tensorInventory(model)) {
      const b = tensorBytes(formatOf(t, precision), t.rows, t.cols) * t.count * tpShareOf(t, tp);
      (t.mtp ? mtpByGroup : mainByGroup)[t.group] += b;
    }
    return { mainByGroup, mtpByGroup };
  });
}
