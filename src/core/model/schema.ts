import { z } from 'zod';
import { WebUrl } from '../web-url';
import { TENSOR_FORMATS } from '../precision';
import { enNumber } from '../en-number';

/**
 * Upper bounds on every size of a model, far above what real models use (the largest in the
 * reference: 126 layers, 384 experts, a 262K vocabulary, 10M tokens of context), so a custom model
 * from a link or a file can never make the app build structures without bound (a per-layer array of
 * 10^8 entries froze a tab). A size past its bound is refused with this reason.
 */
export const MODEL_LIMITS = {
  layers: 512,
  mtpLayers: 16,
  hidden: 65_536,
  vocab: 4_194_304,
  heads: 1024,
  headDim: 4096,
  rank: 65_536,
  topK: 1_048_576,
  experts: 4096,
  expertsPerToken: 256,
  sharedExperts: 64,
  intermediate: 1_048_576,
  contextTokens: 16_777_216,
  entryBytes: 1_048_576,
} as const;

const L = MODEL_LIMITS;

/**
 * The model schema, built on first use (z.lazy below): zod's schema objects take a throttled phone
 * ~100 ms to construct, and a page that parses no custom model never needs them.
 */
function modelSchema() {
  const bounded = (max: number) =>
    z
      .number()
      .int()
      .max(max, `at most ${enNumber(max)}: far beyond any real model`);
  const count = (max: number) => bounded(max).nonnegative();
  const positive = (max: number) => bounded(max).positive();
  const format = z.enum(TENSOR_FORMATS);

  /** Lightning indexer (DSA / V4 CSA): scores compressed or raw keys and keeps the top-k. */
  const IndexerSpec = z.object({
    numHeads: positive(L.heads),
    headDim: positive(L.headDim),
    topK: positive(L.topK),
  });

  /** Grouped-query (or multi-head when numKvHeads = numHeads) attention. */
  const GqaAttention = z.object({
    kind: z.literal('gqa'),
    numHeads: positive(L.heads),
    numKvHeads: positive(L.heads),
    headDim: positive(L.headDim),
    qkvBias: z.boolean().default(false),
    outputBias: z.boolean().default(false),
    qkNorm: z.boolean().default(false),
    /** Per-head learned attention sink logits (gpt-oss). */
    sinks: z.boolean().default(false),
    /** Sliding-window layers: they cache and attend only the last `tokens` positions. */
    slidingWindow: z
      .object({ tokens: positive(L.contextTokens), layers: count(L.layers) })
      .optional(),
  });

  /** Multi-head latent attention (DeepSeek-V2/V3, Kimi K2); with `indexer` it is DSA (V3.2). */
  const MlaAttention = z.object({
    kind: z.literal('mla'),
    numHeads: positive(L.heads),
    /** 0 = no low-rank query path. */
    qLoraRank: count(L.rank),
    kvLoraRank: positive(L.rank),
    qkNopeHeadDim: positive(L.headDim),
    qkRopeHeadDim: positive(L.headDim),
    vHeadDim: positive(L.headDim),
    /** Bytes of one cached latent+rope entry in the FP8 serving layout (default: kvLora + rope). */
    fp8EntryBytes: positive(L.entryBytes).optional(),
    indexer: IndexerSpec.optional(),
  });

  /**
   * DeepSeek-V4 hybrid attention: one shared 512-d K=V head, a raw sliding window on every layer,
   * and per layer a compression ratio: 4 = CSA (overlapping compressor + indexer top-k),
   * 128 = HCA (dense over compressed blocks), 0 = window only.
   */
  const V4Attention = z.object({
    kind: z.literal('v4-hybrid'),
    numHeads: positive(L.heads),
    headDim: positive(L.headDim),
    ropeHeadDim: positive(L.headDim),
    qLoraRank: positive(L.rank),
    oGroups: positive(L.heads),
    oLoraRank: positive(L.rank),
    windowTokens: positive(L.contextTokens),
    /** One ratio per main layer, then one per MTP layer (as in config.json `compress_ratios`). */
    compressRatios: z
      .array(z.union([z.literal(0), z.literal(4), z.literal(128)]))
      .max(L.layers + L.mtpLayers),
    /** Bytes of a main/window entry in the FP8 serving layout (V4: 448 FP8 + 64x2 BF16 + 8). */
    fp8EntryBytes: positive(L.entryBytes),
    indexer: IndexerSpec,
    /** mHC residual streams (hc_mult). */
    hcMult: positive(64),
  });

  const AttentionSpec = z.discriminatedUnion('kind', [GqaAttention, MlaAttention, V4Attention]);

  const MoeSpec = z.object({
    routedExperts: positive(L.experts),
    sharedExperts: count(L.sharedExperts),
    expertsPerToken: positive(L.expertsPerToken),
    expertIntermediate: positive(L.intermediate),
    /** Width of each shared expert; defaults to expertIntermediate. */
    sharedIntermediate: positive(L.intermediate).optional(),
    /** First MoE layers routed by a static token-id table instead of the router's top-k (V4). */
    hashLayers: count(L.layers).default(0),
    routerBias: z.boolean().default(false),
    expertBias: z.boolean().default(false),
  });

  const FfnSpec = z.object({
    /** The first `denseLayers` layers use a dense FFN; the rest are MoE (if `moe` is set). */
    denseLayers: count(L.layers),
    denseIntermediate: count(L.intermediate),
    moe: MoeSpec.optional(),
  });

  /** Native stored format of each weight group (what `native` precision means). */
  const StorageSpec = z.object({
    routedExperts: format,
    sharedExperts: format,
    denseFfn: format,
    attention: format,
    /** Compressor, indexer weights_proj and other small BF16 linears. */
    smallLinears: format,
    router: format,
    embedding: format,
    head: format,
    norms: format,
  });

  const MtpSpec = z.object({
    layers: positive(L.mtpLayers),
    /** V3-style MTP modules ship their own copies of the embedding and head. */
    ownEmbeddingAndHead: z.boolean().default(false),
  });

  return z
    .object({
      id: z.string().min(1).max(80),
      name: z.string().min(1).max(120),
      family: z.string().min(1).max(60),
      sources: z.array(WebUrl).min(1),
      notes: z.string().max(2000).optional(),
      /** Published headline figures, shown beside our own count. */
      published: z
        .object({
          totalParams: z.number().positive().optional(),
          activeParams: z.number().positive().optional(),
          checkpointBytes: z.number().positive().optional(),
        })
        .default({}),
      vocabSize: positive(L.vocab),
      hiddenSize: positive(L.hidden),
      numLayers: positive(L.layers),
      maxContextTokens: positive(L.contextTokens),
      tieWordEmbeddings: z.boolean().default(false),
      attention: AttentionSpec,
      ffn: FfnSpec,
      mtp: MtpSpec.optional(),
      storage: StorageSpec,
    })
    .superRefine((m, ctx) => {
      // Sizes that count layers, heads or experts cannot exceed what they count.
      const over = (value: number, limit: number, path: (string | number)[], what: string) => {
        if (value > limit)
          ctx.addIssue({ code: 'custom', path, message: `more than ${what} (${limit})` });
      };
      over(m.ffn.denseLayers, m.numLayers, ['ffn', 'denseLayers'], 'the model has layers');
      const moe = m.ffn.moe;
      if (moe) {
        over(
          moe.expertsPerToken,
          moe.routedExperts,
          ['ffn', 'moe', 'expertsPerToken'],
          'routed experts',
        );
        over(moe.hashLayers, m.numLayers, ['ffn', 'moe', 'hashLayers'], 'the model has layers');
      }
      const a = m.attention;
      if (a.kind === 'gqa') {
        over(a.numKvHeads, a.numHeads, ['attention', 'numKvHeads'], 'attention heads');
        if (a.slidingWindow)
          over(
            a.slidingWindow.layers,
            m.numLayers,
            ['attention', 'slidingWindow', 'layers'],
            'the model has layers',
          );
      }
      if (a.kind === 'v4-hybrid')
        over(
          a.compressRatios.length,
          m.numLayers + (m.mtp?.layers ?? 0),
          ['attention', 'compressRatios'],
          'main and MTP layers',
        );
    });
}

export const ModelSpec = z.lazy(modelSchema);

export type ModelSpec = z.infer<typeof ModelSpec>;
export type AttentionSpec = ModelSpec['attention'];
export type IndexerSpec = Extract<AttentionSpec, { kind: 'v4-hybrid' }>['indexer'];
/** What a catalog file or a user writes: defaults not yet applied. */
export type ModelSpecInput = z.input<typeof ModelSpec>;

/** Attention kind of each main layer, derived from the spec. */
export type LayerAttentionKind = 'full' | 'sliding' | 'csa' | 'hca' | 'window';

export function layerAttentionKinds(model: ModelSpec, includeMtp = false): LayerAttentionKind[] {
  const a = model.attention;
  const total = model.numLayers + (includeMtp ? (model.mtp?.layers ?? 0) : 0);
  if (a.kind === 'v4-hybrid') {
    return Array.from({ length: total }, (_, i) => {
      const r = a.compressRatios[i] ?? 0;
      return r === 4 ? 'csa' : r === 128 ? 'hca' : 'window';
    });
  }
  const sliding = a.kind === 'gqa' ? (a.slidingWindow?.layers ?? 0) : 0;
  // gpt-oss alternates sliding/full starting with sliding; counts are what matter here.
  return Array.from({ length: total }, (_, i) =>
    i < model.numLayers && i < 2 * sliding && i % 2 === 0 ? 'sliding' : 'full',
  );
}

/** Cross-field checks zod cannot express per field. Returns human-readable problems. */
export function modelSpecProblems(model: ModelSpec): string[] {
  const problems: string[] = [];
  const a = model.attention;
  if (a.kind === 'v4-hybrid') {
    const need = model.numLayers + (model.mtp?.layers ?? 0);
    if (a.compressRatios.length !== need)
      problems.push(
        `compressRatios has ${a.compressRatios.length} entries; need ${need} (layers + MTP layers)`,
      );
  }
  if (a.kind === 'gqa' && a.numHeads % a.numKvHeads !== 0)
    problems.push(`numHeads ${a.numHeads} is not a multiple of numKvHeads ${a.numKvHeads}`);
  if (a.kind === 'gqa' && (a.slidingWindow?.layers ?? 0) * 2 > model.numLayers)
    problems.push('more sliding-window layers than alternate layers');
  if (model.ffn.denseLayers > model.numLayers)
    problems.push(`denseLayers ${model.ffn.denseLayers} exceeds numLayers ${model.numLayers}`);
  if (!model.ffn.moe && model.ffn.denseLayers !== model.numLayers)
    problems.push('a model without MoE must have every layer dense (denseLayers = numLayers)');
  if (model.ffn.denseLayers > 0 && model.ffn.denseIntermediate === 0)
    problems.push('dense layers need denseIntermediate > 0');
  const moe = model.ffn.moe;
  if (moe && moe.expertsPerToken > moe.routedExperts)
    problems.push(
      `expertsPerToken ${moe.expertsPerToken} exceeds routedExperts ${moe.routedExperts}`,
    );
  return problems;
}
