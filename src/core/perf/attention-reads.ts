import type { KvFormat } from '../model/kv';
import { countKinds, indexerEntryBytes } from '../model/kv';
import type { ModelSpec } from '../model/schema';
import { layerAttentionKinds } from '../model/schema';

export interface KvReads {
  /** Cache entries the attention reads for one sequence at context n (all layers). */
  attentionBytes: number;
  /** Indexer keys scored for one sequence (DSA, V4 CSA: every compressed key). */
  indexerBytes: number;
}

const kindCache = new WeakMap<ModelSpec, ReturnType<typeof countKinds>>();
function kinds(model: ModelSpec) {
  let k = kindCache.get(model);
  if (!k) {
    k = countKinds(layerAttentionKinds(model));
    kindCache.set(model, k);
  }
  return k;
}

/**
 * Bytes of one cached entry in one layer (what attention reads per attended entry), and of one
 * indexer key (DSA, V4 CSA; 0 without an indexer).
 */
export function kvEntryBytes(model: ModelSpec, f: KvFormat): { entry: number; indexerKey: number } {
  const a = model.attention;
  const elem = f.kv === 'bf16' ? 2 : 1;
  if (a.kind === 'gqa') return { entry: 2 * a.numKvHeads * a.headDim * elem, indexerKey: 0 };
  if (a.kind === 'mla')
    return {
      entry:
        f.kv === 'bf16'
          ? 2 * (a.kvLoraRank + a.qkRopeHeadDim)
          : (a.fp8EntryBytes ?? a.kvLoraRank + a.qkRopeHeadDim),
      indexerKey: a.indexer ? indexerEntryBytes(a.indexer, f.indexer) : 0,
    };
  return {
    entry: f.kv === 'bf16' ? 2 * a.headDim : a.fp8EntryBytes,
    indexerKey: indexerEntryBytes(a.indexer, f.indexer),
  };
}

/**
 * Bytes of KV cache one decode step reads per sequence at context n: dense attention reads every
 * cached entry (sliding layers the window); DSA reads top-k latents plus every indexer key; V4 reads
 * the 128-token window, the top-k CSA entries plus every CSA indexer key, and every HCA entry.
 */
export function kvReadBytesPerSequence(
  model: ModelSpec,
  contextTokens: number,
  f: KvFormat,
): KvReads {
  const n = Math.max(0, contextTokens);
  const a = model.attention;
  const k = kinds(model);
  const elem = f.kv === 'bf16' ? 2 : 1;
  if (a.kind === 'gqa') {
    const perToken = 2 * a.numKvHeads * a.headDim * elem;
    const w = a.slidingWindow?.tokens ?? n;
    return {
      attentionBytes: perToken * (k.full * n + k.sliding * Math.min(n, w)),
      indexerBytes: 0,
    };
  }
  if (a.kind === 'mla') {
    const entry =
      f.kv === 'bf16'
        ? 2 * (a.kvLoraRank + a.qkRopeHeadDim)
        : (a.fp8EntryBytes ?? a.kvLoraRank + a.qkRopeHeadDim);
    const layers = k.full;
    const attended = a.indexer ? Math.min(n, a.indexer.topK) : n;
    return {
      attentionBytes: layers * entry * attended,
      indexerBytes: a.indexer ? layers * indexerEntryBytes(a.indexer, f.indexer) * n : 0,
    };
  }
  const entry = f.kv === 'bf16' ? 2 * a.headDim : a.fp8EntryBytes;
  const layers = k.csa + k.hca + k.window;
  const win = Math.min(n, a.windowTokens);
  const csaEntries = Math.min(a.indexer.topK, Math.floor(n / 4));
  return {
    attentionBytes: entry * (layers * win + k.csa * csaEntries + k.hca * Math.floor(n / 128)),
    indexerBytes: k.csa * Math.floor(n / 4) * indexerEntryBytes(a.indexer, f.indexer),
  };
}
