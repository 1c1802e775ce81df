import { paramCounts } from './weights';
import type { LayerAttentionKind, ModelSpec } from './schema';
import { layerAttentionKinds } from './schema';
import { countKinds } from './kv';

export interface FlopsBreakdown {
  /** 2 x activated parameters (matmul weights, LM head included). */
  linearFlops: number;
  /** Score and value products over the attended entries. */
  attentionFlops: number;
  /** Lightning-indexer scoring (DSA, V4 CSA). */
  indexerFlops: number;
  totalFlops: number;
}

/** Per-layer attention work as a function of the context: attended entries and indexer keys. */
export interface AttentionTerms {
  /** FLOPs per attended entry (decode). */
  flopsPerEntry: number;
  /** FLOPs per attended entry when a whole prompt is processed (prefill). */
  prefillFlopsPerEntry: number;
  /** FLOPs per indexer key scored. */
  indexerFlopsPerKey: number;
  /** Entries attended at context n. */
  attended(n: number): number;
  /** Σ_{t=1..S} attended(t). */
  attendedSum(S: number): number;
  /** Indexer keys scored at context n, and its sum. */
  keys(n: number): number;
  keysSum(S: number): number;
}

/** Σ_{t=1..S} min(t, w). */
export function sumMin(S: number, w: number): number {
  if (S <= w) return (S * (S + 1)) / 2;
  return (w * (w + 1)) / 2 + (S - w) * w;
}

/** Σ_{t=1..S} ⌊t/r⌋. */
export function sumFloor(S: number, r: number): number {
  const q = Math.floor(S / r);
  const m = S - q * r;
  return (r * q * (q - 1)) / 2 + q * (m + 1);
}

/** Σ_{t=1..S} min(k, ⌊t/r⌋). */
export function sumMinFloor(S: number, r: number, k: number): number {
  const T = Math.min(S, r * k - 1);
  return sumFloor(T, r) + Math.max(0, S - T) * k;
}

const zero = (): number => 0;

function termsFor(model: ModelSpec, kind: LayerAttentionKind): AttentionTerms {
  const a = model.attention;
  if (a.kind === 'gqa') {
    const w = kind === 'sliding' ? (a.slidingWindow?.tokens ?? Infinity) : Infinity;
    return {
      flopsPerEntry: 4 * a.numHeads * a.headDim,
      prefillFlopsPerEntry: 4 * a.numHeads * a.headDim,
      indexerFlopsPerKey: 0,
      attended: (n) => Math.min(n, w),
      attendedSum: (S) => (Number.isFinite(w) ? sumMin(S, w) : (S * (S + 1)) / 2),
      keys: zero,
      keysSum: zero,
    };
  }
  if (a.kind === 'mla') {
    // Absorbed MLA: scores over kv_lora + rope dims, values over kv_lora dims.
    const perEntry = 2 * a.numHeads * (a.kvLoraRank + a.qkRopeHeadDim + a.kvLoraRank);
    const ix = a.indexer;
    const k = ix?.topK ?? Infinity;
    // Dense MLA prefills in the expanded multi-head form (K/V up-projected per head: scores over
    // qk_nope + qk_rope dims, values over v_head dims), as DeepSeek's and the serving frameworks'
    // prefill paths do; sparse (DSA) attention stays in the absorbed latent form.
    const prefillPerEntry = ix
      ? perEntry
      : 2 * a.numHeads * (a.qkNopeHeadDim + a.qkRopeHeadDim + a.vHeadDim);
    return {
      flopsPerEntry: perEntry,
      prefillFlopsPerEntry: prefillPerEntry,
      indexerFlopsPerKey: ix ? 2 * ix.numHeads * ix.headDim : 0,
      attended: (n) => Math.min(n, k),
      attendedSum: (S) => (Number.isFinite(k) ? sumMin(S, k) : (S * (S + 1)) / 2),
      keys: ix ? (n) => n : zero,
      keysSum: ix ? (S) => (S * (S + 1)) / 2 : zero,
    };
  }
  const w = a.windowTokens;
  const ix = a.indexer;
  const perEntry = 4 * a.numHeads * a.headDim;
  if (kind === 'csa')
    return {
      flopsPerEntry: perEntry,
      prefillFlopsPerEntry: perEntry,
      indexerFlopsPerKey: 2 * ix.numHeads * ix.headDim,
      attended: (n) => Math.min(n, w) + Math.min(ix.topK, Math.floor(n / 4)),
      attendedSum: (S) => sumMin(S, w) + sumMinFloor(S, 4, ix.topK),
      keys: (n) => Math.floor(n / 4),
      keysSum: (S) => sumFloor(S, 4),
    };
  if (kind === 'hca')
    return {
      flopsPerEntry: perEntry,
      prefillFlopsPerEntry: perEntry,
      indexerFlopsPerKey: 0,
      attended: (n) => Math.min(n, w) + Math.floor(n / 128),
      attendedSum: (S) => sumMin(S, w) + sumFloor(S, 128),
      keys: zero,
      keysSum: zero,
    };
  return {
    flopsPerEntry: perEntry,
    prefillFlopsPerEntry: perEntry,
    indexerFlopsPerKey: 0,
    attended: (n) => Math.min(n, w),
    attendedSum: (S) => sumMin(S, w),
    keys: zero,
    keysSum: zero,
  };
}

const termsCache = new WeakMap<ModelSpec, Array<[number, AttentionTerms, LayerAttentionKind]>>();

/** [layer count, attention terms, kind] per attention kind present in the model. Memoised. */
export function perKindTerms(
  model: ModelSpec,
): Array<[number, AttentionTerms, LayerAttentionKind]> {
  let terms = termsCache.get(model);
  if (!terms) {
    const counts = countKinds(layerAttentionKinds(model));
    terms = (Object.keys(counts) as LayerAttentionKind[])
      .filter((k) => counts[k] > 0)
      .map((k) => [counts[k], termsFor(model, k), k]);
    termsCache.set(model, terms);
  }
  return terms;
}

/**
 * FLOPs to decode one token at context n (main model, MTP excluded):
 * 2·activated + Σ_layers flopsPerEntry·attended(n) + indexer (reference/models.md §5).
 * Element-wise work (norms, softmax, RoPE, mHC Sinkhorn) does no matmul work and is left out here;
 * its memory traffic is in perf/activation-traffic.ts.
 */
export function decodeFlopsPerToken(model: ModelSpec, contextTokens: number): FlopsBreakdown {
  const n = Math.max(0, Math.floor(contextTokens));
  const linear = 2 * paramCounts(model).activated;
  let attention = 0;
  let indexer = 0;
  for (const [layers, t] of perKindTerms(model)) {
    attention += layers * t.flopsPerEntry * t.attended(n);
    indexer += layers * t.indexerFlopsPerKey * t.keys(n);
  }
  return {
    linearFlops: linear,
    attentionFlops: attention,
    indexerFlops: indexer,
    totalFlops: linear + attention + indexer,
  };
}

/**
 * FLOPs to prefill S new tokens after `cachedTokens` already in the cache (causal):
 * S·2·activated + Σ_{t=c+1..c+S} attention(t). Closed forms keep this O(layer kinds).
 */
export function prefillFlops(model: ModelSpec, tokens: number, cachedTokens = 0): FlopsBreakdown {
  const S = Math.max(0, Math.floor(tokens));
  const c = Math.max(0, Math.floor(cachedTokens));
  const linear = S * 2 * paramCounts(model).activated;
  let attention = 0;
  let indexer = 0;
  for (const [layers, t] of perKindTerms(model)) {
    attention += layers * t.prefillFlopsPerEntry * (t.attendedSum(c + S) - t.attendedSum(c));
    indexer += layers * t.indexerFlopsPerKey * (t.keysSum(c + S) - t.keysSum(c));
  }
  return {
    linearFlops: linear,
    attentionFlops: attention,
    indexerFlops: indexer,
    totalFlops: linear + attention + indexer,
  };
}
