import type { IndexerPrecision, KvPrecision } from '../precision';
import type { IndexerSpec, LayerAttentionKind, ModelSpec } from './schema';
import { layerAttentionKinds } from './schema';

export interface KvFormat {
  kv: KvPrecision;
  /** Lightning-indexer keys (DSA, V4 CSA). */
  indexer: IndexerPrecision;
}

/** Default indexer-key format for a KV format: FP8 with FP8 KV (SGLang's default), else BF16. */
export function defaultIndexerPrecision(kv: KvPrecision): IndexerPrecision {
  return kv === 'fp8' ? 'fp8' : 'bf16';
}

/**
 * Bytes of one indexer key: BF16 = 2·d; FP8 = d + 4 (FP32 scale); FP4 = d/2 + 4.
 * Source: SGLang deepseek_v4_memory_pool.py `get_dsv4_indexer_bytes_per_token` (reference/models.md §6).
 */
export function indexerEntryBytes(ix: IndexerSpec, p: IndexerPrecision): number {
  if (p === 'bf16') return 2 * ix.headDim;
  if (p === 'fp8') return ix.headDim + 4;
  return ix.headDim / 2 + 4;
}

export interface KvBreakdown {
  /** Total bytes for one sequence at this context, all layers. */
  totalBytes: number;
  /** Raw-token entries: full-attention KV, sliding windows, V4's 128-token windows. */
  tokenEntryBytes: number;
  /** V4 compressed entries (CSA ratio 4, HCA ratio 128). */
  compressedEntryBytes: number;
  /** Indexer keys (DSA, V4 CSA). */
  indexerBytes: number;
}

const floorDiv = (a: number, b: number): number => Math.floor(a / b);

/**
 * KV-cache bytes for one sequence holding `contextTokens` positions.
 * Per layer: GQA 2·kv_heads·head_dim per token (window-capped on sliding layers); MLA one
 * latent+rope entry per token (+ indexer key for DSA); V4 min(n,128) window entries +
 * CSA ⌊n/4⌋ (entry + indexer key) or HCA ⌊n/128⌋ entries (reference/models.md §6, §11).
 * Compressor state and allocator block rounding are implementation-specific and not included.
 * `includeMtp`: the MTP layer caches its own KV (V4: a window) when speculative decoding uses it.
 */
export function kvBytesPerSequence(
  model: ModelSpec,
  contextTokens: number,
  format: KvFormat,
  includeMtp = false,
): KvBreakdown {
  const n = Math.max(0, Math.floor(contextTokens));
  const a = model.attention;
  const elem = format.kv === 'bf16' ? 2 : 1;
  let token = 0;
  let compressed = 0;
  let indexer = 0;
  const perKind = kindCounts(model, includeMtp);
  const layers = perKind.full + perKind.sliding + perKind.csa + perKind.hca + perKind.window;
  if (a.kind === 'gqa') {
    const perToken = 2 * a.numKvHeads * a.headDim * elem;
    token += perKind.full * perToken * n;
    token += perKind.sliding * perToken * Math.min(n, a.slidingWindow?.tokens ?? n);
  } else if (a.kind === 'mla') {
    const entry =
      format.kv === 'bf16'
        ? 2 * (a.kvLoraRank + a.qkRopeHeadDim)
        : (a.fp8EntryBytes ?? a.kvLoraRank + a.qkRopeHeadDim);
    token += layers * entry * n;
    if (a.indexer) indexer += layers * indexerEntryBytes(a.indexer, format.indexer) * n;
  } else {
    const entry = format.kv === 'bf16' ? 2 * a.headDim : a.fp8EntryBytes;
    const ix = indexerEntryBytes(a.indexer, format.indexer);
    token += layers * Math.min(n, a.windowTokens) * entry;
    compressed += perKind.csa * floorDiv(n, 4) * entry + perKind.hca * floorDiv(n, 128) * entry;
    indexer += perKind.csa * floorDiv(n, 4) * ix;
  }
  return {
    totalBytes: token + compressed + indexer,
    tokenEntryBytes: token,
    compressedEntryBytes: compressed,
    indexerBytes: indexer,
  };
}

const kindCache = new WeakMap<
  ModelSpec,
  [Record<LayerAttentionKind, number>, Record<LayerAttentionKind, number>]
>();

/** Layers of each attention kind (with or without the MTP layers). Memoised per spec. */
export function kindCounts(
  model: ModelSpec,
  includeMtp = false,
): Record<LayerAttentionKind, number> {
  let c = kindCache.get(model);
  if (!c) {
    c = [
      countKinds(layerAttentionKinds(model, false)),
      countKinds(layerAttentionKinds(model, true)),
    ];
    kindCache.set(model, c);
  }
  return c[includeMtp ? 1 : 0];
}

export function countKinds(
  kinds: readonly LayerAttentionKind[],
): Record<LayerAttentionKind, number> {
  const c: Record<LayerAttentionKind, number> = { full: 0, sliding: 0, csa: 0, hca: 0, window: 0 };
  for (const k of kinds) c[k] += 1;
  return c;
}

/**
 * Fraction of a sequence's KV that one tensor-parallel rank stores. GQA splits KV heads across
 * TP ranks (a rank holds ceil(kv/tp) of them, replicating when tp > kv); MLA and V4 cache a single
 * shared head, so every TP rank holds it whole.
 */
export function kvShareHeldPerTpRank(model: ModelSpec, tp: number): number {
  const a = model.attention;
  if (a.kind !== 'gqa') return 1;
  return Math.ceil(a.numKvHeads / tp) / a.numKvHeads;
}
