import type { TensorFormat } from '../precision';
import type { ModelSpecInput } from './schema';
import { ModelSpec, modelSpecProblems } from './schema';
import { HF_IGNORED_FIELDS } from './hf-ignored-fields';

/**
 * Hugging Face config.json -> ModelSpec for the families the catalog knows: DeepSeek-V3/R1,
 * V3.2 (DSA), V4 (CSA/HCA), Kimi K2 (DeepSeek-V3 architecture), Qwen3 MoE, Llama, gpt-oss,
 * GLM-4.5/4.6 MoE, MiniMax-M2. Nothing is guessed silently: fields the family needs but the file
 * lacks are returned as `missing` (the caller asks for them and passes them as overrides), fields
 * the importer does not know are listed in `unknown`, and every assumption is written down.
 */
export interface MissingField {
  field: string;
  description: string;
}

export interface HfImport {
  family: string;
  spec: ModelSpecInput | null;
  missing: MissingField[];
  unknown: string[];
  assumptions: string[];
  errors: string[];
}

class Reader {
  used = new Set<string>();
  missing: MissingField[] = [];
  private raw: Record<string, unknown>;
  private overrides: Record<string, number>;
  constructor(raw: Record<string, unknown>, overrides: Record<string, number>) {
    this.raw = raw;
    this.overrides = overrides;
  }
  has(key: string): boolean {
    return key in this.overrides || this.raw[key] !== undefined;
  }
  peek(key: string): unknown {
    this.used.add(key);
    return key in this.overrides ? this.overrides[key] : this.raw[key];
  }
  /** A required positive integer (or 0 when allowed). */
  int(key: string, description: string, allowZero = false): number {
    const v = this.peek(key);
    if (typeof v === 'number' && Number.isInteger(v) && (v > 0 || (allowZero && v === 0))) return v;
    this.missing.push({ field: key, description });
    return 1;
  }
  optInt(key: string): number | undefined {
    const v = this.peek(key);
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
  }
  bool(key: string): boolean | undefined {
    const v = this.peek(key);
    return typeof v === 'boolean' ? v : undefined;
  }
}

const BF16_STORAGE = {
  routedExperts: 'bf16',
  sharedExperts: 'bf16',
  denseFfn: 'bf16',
  attention: 'bf16',
  smallLinears: 'bf16',
  router: 'bf16',
  embedding: 'bf16',
  head: 'bf16',
  norms: 'bf16',
} as const;

/** DeepSeek checkpoints: attention, shared experts and dense FFN in `fp8`, routed experts in
 * `routedExperts`, everything else BF16. */
function deepseekStorage(fp8: TensorFormat, routedExperts: TensorFormat) {
  return { ...BF16_STORAGE, routedExperts, sharedExperts: fp8, denseFfn: fp8, attention: fp8 };
}

/** The lightning indexer of DeepSeek-V3.2 and V4. */
function lightningIndexer(r: Reader) {
  return {
    numHeads: r.int('index_n_heads', 'indexer heads'),
    headDim: r.int('index_head_dim', 'indexer head dimension'),
    topK: r.int('index_topk', 'indexer top-k'),
  };
}

/** Routed and shared experts of a DeepSeek MoE layer. */
function deepseekExperts(r: Reader) {
  return {
    routedExperts: r.int('n_routed_experts', 'routed experts'),
    sharedExperts: r.int('n_shared_experts', 'shared experts', true),
    expertsPerToken: r.int('num_experts_per_tok', 'experts per token'),
    expertIntermediate: r.int('moe_intermediate_size', 'expert width'),
  };
}

function linearFormat(q: unknown, assumptions: string[]): TensorFormat {
  const qc = (q ?? {}) as {
    quant_method?: string;
    fmt?: string;
    weight_block_size?: number[];
    scale_fmt?: string;
  };
  if (qc.quant_method === 'fp8') {
    const block = qc.weight_block_size;
    if (!block || block[0] !== 128 || block[1] !== 128) {
      assumptions.push('FP8 weights without 128x128 blocks are sized with one scale per tensor');
      return 'fp8';
    }
    return qc.scale_fmt === 'ue8m0' ? 'fp8-block128-ue8m0' : 'fp8-block128-f32';
  }
  if (qc.quant_method)
    assumptions.push(
      `quantization "${qc.quant_method}" applies to the experts only; other linears are sized as BF16`,
    );
  return 'bf16';
}

function detectFamily(raw: Record<string, unknown>): string | null {
  const type = String(raw.model_type ?? '');
  const arch = String((raw.architectures as unknown[] | undefined)?.[0] ?? '');
  if (type === 'deepseek_v4' || arch.startsWith('DeepseekV4')) return 'deepseek-v4';
  if (
    type === 'deepseek_v32' ||
    arch.startsWith('DeepseekV32') ||
    ('index_topk' in raw && 'kv_lora_rank' in raw)
  )
    return 'deepseek-v3.2';
  if (type === 'deepseek_v3' || type === 'kimi_k2' || arch.startsWith('DeepseekV3'))
    return 'deepseek-v3';
  if (type === 'qwen3_moe' || arch.startsWith('Qwen3Moe')) return 'qwen3-moe';
  if (type === 'llama' || arch.startsWith('Llama')) return 'llama';
  if (type === 'gpt_oss' || arch.startsWith('GptOss')) return 'gpt-oss';
  if (type === 'glm4_moe' || arch.startsWith('Glm4Moe')) return 'glm-moe';
  if (type === 'minimax_m2' || arch.startsWith('MiniMaxM2')) return 'minimax-m2';
  return null;
}

export function importHfConfig(
  raw: unknown,
  meta: { id: string; name: string; sourceUrl?: string },
  overrides: Record<string, number> = {},
): HfImport {
  const result: HfImport = {
    family: 'unknown',
    spec: null,
    missing: [],
    unknown: [],
    assumptions: [],
    errors: [],
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    result.errors.push('config.json must be a JSON object');
    return result;
  }
  const cfg = raw as Record<string, unknown>;
  const family = detectFamily(cfg);
  if (!family) {
    result.errors.push(
      `unsupported model_type "${String(cfg.model_type ?? '')}" (supported: DeepSeek-V3/V3.2/V4, Kimi K2, Qwen3 MoE, Llama, gpt-oss, GLM MoE, MiniMax-M2)`,
    );
    return result;
  }
  result.family = family;
  const r = new Reader(cfg, overrides);
  const a = result.assumptions;
  const common = {
    id: meta.id,
    name: meta.name,
    family,
    sources: [meta.sourceUrl ?? 'https://huggingface.co/'],
    notes: `Imported from a Hugging Face config.json (${family}).`,
    vocabSize: r.int('vocab_size', 'vocabulary size'),
    hiddenSize: r.int('hidden_size', 'hidden size (model dimension)'),
    numLayers: r.int('num_hidden_layers', 'number of decoder layers'),
    maxContextTokens: r.int('max_position_embeddings', 'maximum context in tokens'),
    tieWordEmbeddings: r.bool('tie_word_embeddings') ?? false,
  };
  const mtpLayers = r.optInt('num_nextn_predict_layers') ?? 0;
  let spec: ModelSpecInput;
  if (family === 'deepseek-v4') {
    const ratios = r.peek('compress_ratios');
    if (!Array.isArray(ratios) || !ratios.every((x) => x === 0 || x === 4 || x === 128))
      r.missing.push({
        field: 'compress_ratios',
        description: 'per-layer compression ratios (0, 4 or 128)',
      });
    const fp8 = linearFormat(r.peek('quantization_config'), a);
    const expertDtype = r.peek('expert_dtype');
    if (expertDtype !== 'fp4')
      a.push(
        `expert_dtype is "${String(expertDtype ?? 'absent')}": routed experts sized as FP4 + UE8M0 per 32, the published V4 format`,
      );
    spec = {
      ...common,
      attention: {
        kind: 'v4-hybrid',
        numHeads: r.int('num_attention_heads', 'attention heads'),
        headDim: r.int('head_dim', 'head dimension'),
        ropeHeadDim: r.int('qk_rope_head_dim', 'RoPE dimensions per head'),
        qLoraRank: r.int('q_lora_rank', 'query low-rank dimension'),
        oGroups: r.int('o_groups', 'output projection groups'),
        oLoraRank: r.int('o_lora_rank', 'output low-rank dimension'),
        windowTokens: r.int('sliding_window', 'raw sliding window (tokens)'),
        compressRatios: (Array.isArray(ratios) ? ratios : []) as Array<0 | 4 | 128>,
        fp8EntryBytes: 584,
        indexer: lightningIndexer(r),
        hcMult: r.int('hc_mult', 'mHC residual streams'),
      },
      ffn: {
        denseLayers: 0,
        denseIntermediate: 0,
        moe: {
          ...deepseekExperts(r),
          hashLayers: r.optInt('num_hash_layers') ?? 0,
          routerBias: true,
        },
      },
      ...(mtpLayers ? { mtp: { layers: mtpLayers } } : {}),
      storage: deepseekStorage(fp8, 'mxfp4'),
    };
    a.push(
      'FP8 KV entry of 584 B (448 FP8 + 64 BF16 RoPE dims + scales), as vLLM and SGLang store V4',
    );
  } else if (family === 'deepseek-v3' || family === 'deepseek-v3.2') {
    const fp8 = linearFormat(r.peek('quantization_config'), a);
    const dense = r.optInt('first_k_dense_replace') ?? 0;
    const indexer = family === 'deepseek-v3.2' ? lightningIndexer(r) : undefined;
    spec = {
      ...common,
      attention: {
        kind: 'mla',
        numHeads: r.int('num_attention_heads', 'attention heads'),
        qLoraRank: r.optInt('q_lora_rank') ?? 0,
        kvLoraRank: r.int('kv_lora_rank', 'KV latent dimension'),
        qkNopeHeadDim: r.int('qk_nope_head_dim', 'non-RoPE query/key dimension per head'),
        qkRopeHeadDim: r.int('qk_rope_head_dim', 'RoPE dimension per head'),
        vHeadDim: r.int('v_head_dim', 'value dimension per head'),
        ...(indexer ? { indexer, fp8EntryBytes: 656 } : {}),
      },
      ffn: {
        denseLayers: dense,
        denseIntermediate: dense ? r.int('intermediate_size', 'dense FFN width') : 0,
        moe: {
          ...deepseekExperts(r),
          routerBias: r.peek('topk_method') === 'noaux_tc',
        },
      },
      ...(mtpLayers ? { mtp: { layers: mtpLayers, ownEmbeddingAndHead: true } } : {}),
      storage: deepseekStorage(fp8, fp8),
    };
    if (mtpLayers)
      a.push('MTP modules ship their own embedding and head copies (as DeepSeek-V3 does)');
  } else {
    const heads = r.int('num_attention_heads', 'attention heads');
    const hidden = common.hiddenSize;
    const headDim = r.has('head_dim')
      ? r.int('head_dim', 'head dimension')
      : Math.floor(hidden / heads);
    if (!r.has('head_dim'))
      a.push(`head_dim not given: hidden_size / num_attention_heads = ${headDim}`);
    const kvHeads = r.has('num_key_value_heads') ? r.int('num_key_value_heads', 'KV heads') : heads;
    const bias = r.bool('attention_bias') ?? false;
    const q = r.peek('quantization_config') as { quant_method?: string } | undefined;
    const fp8 = linearFormat(family === 'gpt-oss' ? undefined : q, a);
    const attention = {
      kind: 'gqa' as const,
      numHeads: heads,
      numKvHeads: kvHeads,
      headDim,
      qkvBias: bias,
      outputBias: family === 'gpt-oss' ? bias : false,
      qkNorm: family === 'qwen3-moe' || (r.bool('use_qk_norm') ?? false),
      sinks: family === 'gpt-oss',
      ...(family === 'gpt-oss'
        ? (() => {
            const types = r.peek('layer_types');
            const sliding = Array.isArray(types)
              ? types.filter((t) => t === 'sliding_attention').length
              : Math.floor(common.numLayers / 2);
            if (!Array.isArray(types))
              a.push('layer_types not given: alternate sliding and full layers assumed');
            return {
              slidingWindow: {
                tokens: r.int('sliding_window', 'sliding window (tokens)'),
                layers: sliding,
              },
            };
          })()
        : {}),
    };
    if (family === 'llama') {
      spec = {
        ...common,
        attention,
        ffn: {
          denseLayers: common.numLayers,
          denseIntermediate: r.int('intermediate_size', 'FFN width'),
        },
        storage: { ...BF16_STORAGE, ...(fp8 !== 'bf16' ? { attention: fp8, denseFfn: fp8 } : {}) },
      };
    } else {
      const experts =
        family === 'qwen3-moe'
          ? r.int('num_experts', 'routed experts')
          : family === 'glm-moe'
            ? r.int('n_routed_experts', 'routed experts')
            : r.int('num_local_experts', 'routed experts');
      const expertWidth =
        family === 'gpt-oss' || family === 'minimax-m2'
          ? r.int('intermediate_size', 'expert width')
          : r.int('moe_intermediate_size', 'expert width');
      const dense = family === 'glm-moe' ? (r.optInt('first_k_dense_replace') ?? 0) : 0;
      spec = {
        ...common,
        attention,
        ffn: {
          denseLayers: dense,
          denseIntermediate: dense ? r.int('intermediate_size', 'dense FFN width') : 0,
          moe: {
            routedExperts: experts,
            sharedExperts:
              family === 'glm-moe' ? r.int('n_shared_experts', 'shared experts', true) : 0,
            expertsPerToken: r.int('num_experts_per_tok', 'experts per token'),
            expertIntermediate: expertWidth,
            routerBias: family === 'glm-moe' || family === 'minimax-m2' || family === 'gpt-oss',
            expertBias: family === 'gpt-oss',
          },
        },
        ...(family === 'glm-moe' && mtpLayers ? { mtp: { layers: mtpLayers } } : {}),
        storage:
          family === 'gpt-oss'
            ? { ...BF16_STORAGE, routedExperts: q?.quant_method === 'mxfp4' ? 'mxfp4' : 'bf16' }
            : {
                ...BF16_STORAGE,
                ...(fp8 !== 'bf16'
                  ? { routedExperts: fp8, sharedExperts: fp8, denseFfn: fp8, attention: fp8 }
                  : {}),
              },
      };
    }
  }
  result.missing = r.missing;
  for (const key of Object.keys(cfg))
    if (!r.used.has(key) && !HF_IGNORED_FIELDS.has(key)) result.unknown.push(key);
  if (r.missing.length) return result;
  const parsed = ModelSpec.safeParse(spec);
  if (!parsed.success) {
    result.errors.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return result;
  }
  result.errors.push(...modelSpecProblems(parsed.data));
  if (!result.errors.length) result.spec = spec;
  return result;
}
