import type { QuantGroupRole, TensorFormat } from '../precision';
import type { LayerAttentionKind, ModelSpec } from './schema';
import { layerAttentionKinds } from './schema';

/** Weight groups: how a tensor is stored, sharded across GPUs and shown in breakdowns. */
export const WEIGHT_GROUPS = [
  'routedExperts',
  'sharedExperts',
  'denseFfn',
  'attention',
  'indexer',
  'compressor',
  'router',
  'embedding',
  'head',
  'norms',
  'mhc',
  'mtpProjection',
  'hashTable',
] as const;
export type WeightGroup = (typeof WEIGHT_GROUPS)[number];

/**
 * One tensor (times `count` identical copies across layers/experts). `rows x cols` is the logical
 * shape, cols being the input (reduction) dimension.
 * `perToken`: 'all' = a matmul every token multiplies; 'routed' = one routed expert's matmul;
 * 'none' = not a matmul (norms, biases, position tables, embedding lookup).
 */
export interface TensorEntry {
  name: string;
  group: WeightGroup;
  rows: number;
  cols: number;
  count: number;
  native: TensorFormat;
  role: QuantGroupRole;
  mtp: boolean;
  perToken: 'all' | 'routed' | 'none';
  /** Buffers (hash routing tables) are stored but are not parameters. */
  buffer: boolean;
  /** Decoder layers this tensor appears in (0 for global tensors). */
  layers: number;
  /** The group of identical layers it was emitted for (-1: global tensors). */
  block: number;
  /** Matrices of one layer with the same key and input run as one GEMM (gemm-launches.ts). */
  fuse?: string;
  /**
   * The most ranks of a TP group this tensor divides over (unset: any number). A projection
   * whose whole output every query head reads (MLA's and V4's query and KV down-projections, a
   * single key head) has 1: every rank holds and multiplies all of it. GQA's key and value
   * projections divide over at most their KV heads; past that, engines replicate a KV head.
   */
  tpWays?: number;
}

/** The matmul groups a TP group divides among its ranks (by heads or intermediate columns); every
 * other group's matmuls run whole on each rank. */
export const TP_SPLIT_GROUPS: ReadonlySet<WeightGroup> = new Set<WeightGroup>([
  'attention',
  'indexer',
  'sharedExperts',
  'denseFfn',
  'head',
]);

/** The share of a tensor one rank of a TP group of `tp` holds, were its group split by TP. */
export const tpShareOf = (t: { tpWays?: number | undefined }, tp: number): number =>
  1 / Math.min(tp, t.tpWays ?? tp);

type FfnKind = 'dense' | 'moe' | 'hash';

interface Emit {
  (
    name: string,
    group: WeightGroup,
    rows: number,
    cols: number,
    native: TensorFormat,
    opts?: {
      role?: QuantGroupRole;
      perToken?: TensorEntry['perToken'];
      buffer?: boolean;
      copies?: number;
      fuse?: string;
      tpWays?: number;
    },
  ): void;
}

function attentionTensors(model: ModelSpec, kind: LayerAttentionKind, emit: Emit): void {
  const a = model.attention;
  const s = model.storage;
  const dim = model.hiddenSize;
  const lin = { role: 'linear' as const, perToken: 'all' as const };
  const small = { role: 'keep' as const, perToken: 'all' as const };
  const vec = { role: 'keep' as const, perToken: 'none' as const };
  if (a.kind === 'gqa') {
    const q = a.numHeads * a.headDim;
    const kv = a.numKvHeads * a.headDim;
    const qkv = { ...lin, fuse: 'qkv' };
    const kvHeads = { ...qkv, tpWays: a.numKvHeads };
    emit('q_proj', 'attention', q, dim, s.attention, qkv);
    emit('k_proj', 'attention', kv, dim, s.attention, kvHeads);
    emit('v_proj', 'attention', kv, dim, s.attention, kvHeads);
    emit('o_proj', 'attention', dim, q, s.attention, lin);
    if (a.qkvBias) emit('qkv_bias', 'norms', 1, q + 2 * kv, s.norms, vec);
    if (a.outputBias) emit('o_bias', 'norms', 1, dim, s.norms, vec);
    if (a.qkNorm) emit('qk_norm', 'norms', 1, a.headDim, s.norms, { ...vec, copies: 2 });
    if (a.sinks) emit('sinks', 'norms', 1, a.numHeads, s.norms, vec);
    return;
  }
  if (a.kind === 'mla') {
    const qHead = a.qkNopeHeadDim + a.qkRopeHeadDim;
    // The down-projections feed every head: each TP rank runs them whole (DeepSeek-V3
    // inference/model.py builds wq_a and wkv_a as plain, unsharded Linear layers; SGLang's
    // fused_qkv_a_proj_with_mqa is a ReplicatedLinear). With a query LoRA both read the hidden
    // state: one GEMM.
    const whole = { ...lin, tpWays: 1 };
    const down = a.qLoraRank > 0 ? { ...whole, fuse: 'qkv_a' } : whole;
    if (a.qLoraRank > 0) {
      emit('q_a_proj', 'attention', a.qLoraRank, dim, s.attention, down);
      emit('q_a_norm', 'norms', 1, a.qLoraRank, s.norms, vec);
      emit('q_b_proj', 'attention', a.numHeads * qHead, a.qLoraRank, s.attention, lin);
    } else {
      emit('q_proj', 'attention', a.numHeads * qHead, dim, s.attention, lin);
    }
    emit('kv_a_proj', 'attention', a.kvLoraRank + a.qkRopeHeadDim, dim, s.attention, down);
    emit('kv_a_norm', 'norms', 1, a.kvLoraRank, s.norms, vec);
    emit(
      'kv_b_proj',
      'attention',
      a.numHeads * (a.qkNopeHeadDim + a.vHeadDim),
      a.kvLoraRank,
      s.attention,
      lin,
    );
    emit('o_proj', 'attention', dim, a.numHeads * a.vHeadDim, s.attention, lin);
    if (a.indexer) {
      const ix = a.indexer;
      const qIn = a.qLoraRank > 0 ? a.qLoraRank : dim;
      emit('indexer.wq_b', 'indexer', ix.numHeads * ix.headDim, qIn, s.attention, lin);
      emit('indexer.wk', 'indexer', ix.headDim, dim, s.attention, { ...lin, tpWays: 1 });
      emit('indexer.k_norm', 'norms', 1, ix.headDim, s.norms, { ...vec, copies: 2 });
      emit('indexer.weights_proj', 'indexer', ix.numHeads, dim, s.smallLinears, small);
    }
    return;
  }
  // DeepSeek-V4 hybrid (shapes from inference/model.py; see reference/models.md §4).
  const hd = a.headDim;
  // As in MLA, the query down-projection and the one shared KV head feed every head.
  const whole = { ...lin, tpWays: 1 };
  emit('wq_a', 'attention', a.qLoraRank, dim, s.attention, whole);
  emit('q_norm', 'norms', 1, a.qLoraRank, s.norms, vec);
  emit('wq_b', 'attention', a.numHeads * hd, a.qLoraRank, s.attention, lin);
  emit('wkv', 'attention', hd, dim, s.attention, whole);
  emit('kv_norm', 'norms', 1, hd, s.norms, vec);
  emit(
    'wo_a',
    'attention',
    a.oGroups * a.oLoraRank,
    (a.numHeads * hd) / a.oGroups,
    s.attention,
    lin,
  );
  emit('wo_b', 'attention', dim, a.oGroups * a.oLoraRank, s.attention, lin);
  emit('attn_sink', 'norms', 1, a.numHeads, 'fp32', vec);
  if (kind === 'csa') {
    // Overlapping compressor (coff = 2): wkv and wgate each 2*hd wide.
    emit('compressor.wkv+wgate', 'compressor', 2 * hd, dim, s.smallLinears, {
      ...small,
      copies: 2,
    });
    emit('compressor.ape', 'norms', 4, 2 * hd, 'fp32', vec);
    emit('compressor.norm', 'norms', 1, hd, s.norms, vec);
    const ix = a.indexer;
    emit('indexer.wq_b', 'indexer', ix.numHeads * ix.headDim, a.qLoraRank, s.attention, lin);
    emit('indexer.weights_proj', 'indexer', ix.numHeads, dim, s.smallLinears, small);
    emit('indexer.compressor.wkv+wgate', 'compressor', 2 * ix.headDim, dim, s.smallLinears, {
      ...small,
      copies: 2,
    });
    emit('indexer.compressor.ape', 'norms', 4, 2 * ix.headDim, 'fp32', vec);
    emit('indexer.compressor.norm', 'norms', 1, ix.headDim, s.norms, vec);
  } else if (kind === 'hca') {
    emit('compressor.wkv+wgate', 'compressor', hd, dim, s.smallLinears, { ...small, copies: 2 });
    emit('compressor.ape', 'norms', 128, hd, 'fp32', vec);
    emit('compressor.norm', 'norms', 1, hd, s.norms, vec);
  }
}

function ffnTensors(model: ModelSpec, kind: FfnKind, emit: Emit): void {
  const s = model.storage;
  const dim = model.hiddenSize;
  if (kind === 'dense') {
    const inter = model.ffn.denseIntermediate;
    emit('mlp.gate+up', 'denseFfn', inter, dim, s.denseFfn, {
      role: 'fp4-eligible',
      perToken: 'all',
      copies: 2,
      fuse: 'gate_up',
    });
    emit('mlp.down', 'denseFfn', dim, inter, s.denseFfn, { role: 'fp4-eligible', perToken: 'all' });
    return;
  }
  const moe = model.ffn.moe;
  if (!moe) return;
  const E = moe.routedExperts;
  emit('router', 'router', E, dim, s.router, { role: 'keep', perToken: 'all' });
  if (kind === 'hash') {
    emit('tid2eid', 'hashTable', model.vocabSize, moe.expertsPerToken, 'int64', {
      role: 'keep',
      perToken: 'none',
      buffer: true,
    });
  } else if (moe.routerBias) {
    emit('router.bias', 'norms', 1, E, 'fp32', { role: 'keep', perToken: 'none' });
  }
  const inter = moe.expertIntermediate;
  const ex = { role: 'fp4-eligible' as const, perToken: 'routed' as const };
  emit('experts.w1+w3', 'routedExperts', inter, dim, s.routedExperts, { ...ex, copies: 2 * E });
  emit('experts.w2', 'routedExperts', dim, inter, s.routedExperts, { ...ex, copies: E });
  if (moe.expertBias)
    emit('experts.bias', 'norms', 1, 2 * inter + dim, s.norms, {
      role: 'keep',
      perToken: 'none',
      copies: E,
    });
  if (moe.sharedExperts > 0) {
    const sInter = (moe.sharedIntermediate ?? inter) * moe.sharedExperts;
    const sh = { role: 'linear' as const, perToken: 'all' as const };
    emit('shared.w1+w3', 'sharedExperts', sInter, dim, s.sharedExperts, {
      ...sh,
      copies: 2,
      fuse: 'gate_up',
    });
    emit('shared.w2', 'sharedExperts', dim, sInter, s.sharedExperts, sh);
  }
}

function layerCommon(model: ModelSpec, emit: Emit): void {
  const dim = model.hiddenSize;
  emit('attn_norm+ffn_norm', 'norms', 1, dim, model.storage.norms, {
    role: 'keep',
    perToken: 'none',
    copies: 2,
  });
  const a = model.attention;
  if (a.kind === 'v4-hybrid') {
    const mix = (2 + a.hcMult) * a.hcMult;
    const all = { role: 'keep' as const, perToken: 'all' as const };
    const vec = { role: 'keep' as const, perToken: 'none' as const };
    emit('hc_attn_fn+hc_ffn_fn', 'mhc', mix, a.hcMult * dim, 'fp32', { ...all, copies: 2 });
    emit('hc_base', 'mhc', 1, mix, 'fp32', { ...vec, copies: 2 });
    emit('hc_scale', 'mhc', 1, 3, 'fp32', { ...vec, copies: 2 });
  }
}

function globalTensors(model: ModelSpec, mtp: boolean, emit: Emit): void {
  const dim = model.hiddenSize;
  const s = model.storage;
  const keep = { role: 'keep' as const, perToken: 'none' as const };
  const a = model.attention;
  if (!mtp || model.mtp?.ownEmbeddingAndHead) {
    emit('embedding', 'embedding', model.vocabSize, dim, s.embedding, keep);
    if (!model.tieWordEmbeddings || mtp)
      emit('lm_head', 'head', model.vocabSize, dim, s.head, {
        role: 'keep',
        perToken: mtp ? 'none' : 'all',
      });
  }
  emit('final_norm', 'norms', 1, dim, s.norms, keep);
  if (a.kind === 'v4-hybrid') {
    emit('hc_head_fn', 'mhc', a.hcMult, a.hcMult * dim, 'fp32', keep);
    emit('hc_head_base', 'mhc', 1, a.hcMult, 'fp32', keep);
    emit('hc_head_scale', 'mhc', 1, 1, 'fp32', keep);
  }
}

function ffnKindOf(model: ModelSpec, layer: number): FfnKind {
  if (layer < model.ffn.denseLayers || !model.ffn.moe) return 'dense';
  return layer - model.ffn.denseLayers < model.ffn.moe.hashLayers ? 'hash' : 'moe';
}

function build(model: ModelSpec): TensorEntry[] {
  const out: TensorEntry[] = [];
  const emitter =
    (count: number, mtp: boolean, block: number, layers = count): Emit =>
    (name, group, rows, cols, native, opts = {}) => {
      out.push({
        layers,
        block,
        name,
        group,
        rows,
        cols,
        count: count * (opts.copies ?? 1),
        native,
        role: opts.role ?? 'keep',
        mtp,
        perToken: opts.perToken ?? 'none',
        buffer: opts.buffer ?? false,
        ...(opts.fuse ? { fuse: opts.fuse } : {}),
        ...(opts.tpWays !== undefined ? { tpWays: opts.tpWays } : {}),
      });
    };
  const kinds = layerAttentionKinds(model, true);
  // Group identical layers so the inventory stays small (a few dozen entries).
  const groups = new Map<
    string,
    { attn: LayerAttentionKind; ffn: FfnKind; mtp: boolean; n: number }
  >();
  kinds.forEach((attn, i) => {
    const mtp = i >= model.numLayers;
    const ffn = mtp ? (model.ffn.moe ? 'moe' : 'dense') : ffnKindOf(model, i);
    const key = `${attn}|${ffn}|${mtp}`;
    const g = groups.get(key);
    if (g) g.n += 1;
    else groups.set(key, { attn, ffn, mtp, n: 1 });
  });
  let block = 0;
  for (const g of groups.values()) {
    const emit = emitter(g.n, g.mtp, block++);
    attentionTensors(model, g.attn, emit);
    ffnTensors(model, g.ffn, emit);
    layerCommon(model, emit);
  }
  globalTensors(model, false, emitter(1, false, -1, 0));
  const mtpLayers = model.mtp?.layers ?? 0;
  if (mtpLayers > 0) {
    const emit = emitter(mtpLayers, true, block);
    const dim = model.hiddenSize;
    const s = model.storage;
    const lin = { role: 'linear' as const, perToken: 'all' as const };
    if (model.attention.kind === 'v4-hybrid') {
      emit('e_proj+h_proj', 'mtpProjection', dim, dim, s.attention, { ...lin, copies: 2 });
    } else {
      emit('eh_proj', 'mtpProjection', dim, 2 * dim, s.attention, lin);
    }
    emit('enorm+hnorm', 'norms', 1, dim, s.norms, { role: 'keep', perToken: 'none', copies: 2 });
    globalTensors(model, true, emit);
  }
  return out;
}

const cache = new WeakMap<ModelSpec, readonly TensorEntry[]>();

const opsCache = new WeakMap<ModelSpec, number>();

/**
 * Distinct tensors per main decoder layer (all routed experts of a layer count once, as one grouped
 * kernel): a proxy for the kernels a layer launches, which sets its fixed per-step overhead.
 */
export function tensorsPerLayer(model: ModelSpec): number {
  let n = opsCache.get(model);
  if (n === undefined) {
    let sum = 0;
    for (const t of tensorInventory(model)) if (!t.mtp && t.layers > 0) sum += t.layers;
    n = sum / model.numLayers;
    opsCache.set(model, n);
  }
  return n;
}

/** Every stored tensor of the checkpoint, grouped by identical layers. Memoised per spec object. */
export function tensorInventory(model: ModelSpec): readonly TensorEntry[] {
  let inv = cache.get(model);
  if (!inv) {
    inv = build(model);
    cache.set(model, inv);
  }
  return inv;
}
