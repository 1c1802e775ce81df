import type { HardwareSpec } from './hardware/schema';
import type { ModelSpec } from './model/schema';
import type { Framework } from './scenario/schema';
import { FRAMEWORKS } from './scenario/schema';

/** How a sentence names each engine ("SGLang, native weights"; "measured kernel table (vLLM …)"). */
export const FRAMEWORK_NAMES: Record<Framework, string> = {
  trtllm: 'TensorRT-LLM',
  sglang: 'SGLang',
  vllm: 'vLLM',
  atom: 'ATOM',
  generic: 'a generic engine',
};

export interface FrameworkScheduling {
  /** Chunked prefill runs inside decode batches (mixed) rather than in steps of its own. */
  mixedPrefill: boolean;
  /** With attention-DP, new prompts are held until every rank can start one in the same step
   * (TensorRT-LLM's attention_dp_config balance); otherwise each rank prefills when its own
   * prompt arrives and the others wait for it. */
  alignsDpPrefill: boolean;
  /** With attention-DP, every rank's batch is padded to the busiest rank's token count before
   * the MoE (vLLM's num_tokens_across_dp; idle ranks run dummy batches), so a step's experts see
   * ranks × the busiest rank's tokens. */
  padsDpTokens: boolean;
  /** Chunked prefill is on by default: a step's prompt budget is filled, the last prompt split
   * across steps (TensorRT-LLM's enable_chunked_prefill defaults to off: whole prompts only). */
  splitsPrompts: boolean;
  /** Where ranks exchange tokens, the engine can dispatch them with DeepEP, so each rank's
   * grouped GEMMs (DeepGEMM, which no table times) run only the tokens routed to its experts,
   * rather than gather every token to every rank's fused MoE, the kernel its MoE table times
   * (SGLang's --moe-a2a-backend deepep against none). The faster is priced, as a tuned
   * deployment picks; the table bounds the DeepEP path from above. */
  offersDeepEp: boolean;
  source: string;
}

/**
 * How each framework schedules prompts beside running decodes: vLLM V1 and TensorRT-LLM's
 * in-flight batching mix prefill chunks into decode steps; SGLang runs prefill (extend) batches
 * as steps of their own unless --enable-mixed-chunk is set (off by default).
 */
export const FRAMEWORK_SCHEDULING: Record<Framework, FrameworkScheduling> = {
  // vLLM's default --all2all-backend (allgather_reducescatter) gathers every token to every
  // rank's MoE, as its table times; TensorRT-LLM's tables time its own per-rank all-to-all MoE.
  vllm: {
    mixedPrefill: true,
    alignsDpPrefill: false,
    padsDpTokens: true,
    splitsPrompts: true,
    offersDeepEp: false,
    source:
      'https://docs.vllm.ai/en/latest/configuration/optimization.html; dummy batches: https://docs.vllm.ai/en/latest/serving/data_parallel_deployment.html',
  },
  trtllm: {
    mixedPrefill: true,
    alignsDpPrefill: true,
    padsDpTokens: false,
    splitsPrompts: false,
    offersDeepEp: false,
    source:
      'https://nvidia.github.io/TensorRT-LLM/advanced/gpt-attention.html; attention_dp_config: https://github.com/NVIDIA/TensorRT-LLM/blob/3699edadb4b70e080755915318844059ce1e4518/examples/models/core/deepseek_v4/README.md',
  },
  sglang: {
    mixedPrefill: false,
    alignsDpPrefill: false,
    padsDpTokens: false,
    splitsPrompts: true,
    offersDeepEp: true,
    source:
      'https://docs.sglang.ai/advanced_features/server_arguments.html (--moe-a2a-backend deepep, --moe-runner-backend deep_gemm)',
  },
  atom: {
    mixedPrefill: true,
    alignsDpPrefill: false,
    padsDpTokens: false,
    splitsPrompts: true,
    offersDeepEp: false,
    source:
      'https://github.com/ROCm/ATOM/blob/ffdf3bb5ddf8a15a64d521a2eeb3bc7438f9ac21/atom/model_engine/arg_utils.py (--enable_chunked_prefill True)',
  },
  generic: {
    mixedPrefill: true,
    alignsDpPrefill: false,
    padsDpTokens: false,
    splitsPrompts: true,
    offersDeepEp: false,
    source: 'assumed',
  },
};

/** SGLang's chunked_prefill_size by GPU memory (engines.md §4.3). */
export function sglangChunkTokens(gib: number): number {
  return gib < 35 ? 2048 : gib < 60 ? 4096 : gib < 160 ? 8192 : 16384;
}

export interface PrefillBudget {
  /** Prompt tokens one attention rank runs in a step (the chunked-prefill budget). */
  tokensPerRank: number;
  /** Tokens of whole prompts one rank batches into a prefill step (SGLang's
   * --max-prefill-tokens; the other engines' step budget, as above). */
  batchTokensPerRank: number;
  /** The flag and default that set it. */
  flag: string;
  source: string;
}

/**
 * Prompt tokens each framework schedules per step and attention rank, as it defaults on this GPU
 * (../shared/reference/engines.md §4.3). SGLang keys chunked_prefill_size to GPU memory (8,192
 * below 160 GiB, 16,384 from it) and, with DP attention, divides it by the DP size, while whole
 * prompts shorter than a chunk batch up to --max-prefill-tokens (16,384) per rank; vLLM's API
 * server budgets max_num_batched_tokens = 8,192 on GPUs of 70 GiB or more (2,048 below);
 * TensorRT-LLM max_num_tokens = 8,192 per rank (ADP limits are per rank).
 */
export function prefillBudget(
  framework: Framework,
  hw: HardwareSpec,
  attentionDpRanks: number,
): PrefillBudget {
  const gib = hw.memoryGiB;
  switch (framework) {
    case 'sglang': {
      const size = sglangChunkTokens(gib);
      return {
        tokensPerRank: Math.max(1, Math.floor(size / Math.max(1, attentionDpRanks))),
        batchTokensPerRank: 16384,
        flag: `--chunked-prefill-size ${size}${attentionDpRanks > 1 ? ` ÷ ${attentionDpRanks} DP-attention ranks` : ''}, --max-prefill-tokens 16384`,
        source:
          'https://github.com/sgl-project/sglang/blob/001067fffe33427bee0ed2f007fb7551a1d76b44/python/sglang/srt/server_args.py',
      };
    }
    case 'vllm':
      return {
        tokensPerRank: gib >= 70 ? 8192 : 2048,
        batchTokensPerRank: gib >= 70 ? 8192 : 2048,
        flag: `--max-num-batched-tokens ${gib >= 70 ? 8192 : 2048}`,
        source:
          'https://github.com/vllm-project/vllm/blob/99d7eb5d6a512cfcc5a2b104f24ebf2d6cda772b/vllm/engine/arg_utils.py',
      };
    case 'trtllm':
      return {
        tokensPerRank: 8192,
        batchTokensPerRank: 8192,
        flag: 'max_num_tokens 8192',
        source:
          'https://github.com/NVIDIA/TensorRT-LLM/blob/0004396720054fd8e205cbf616f21f0b57c6b412/tensorrt_llm/llmapi/llm_args.py',
      };
    case 'atom':
      return {
        tokensPerRank: 16384,
        batchTokensPerRank: 16384,
        flag: '--max-num-batched-tokens 16384',
        source:
          'https://github.com/ROCm/ATOM/blob/ffdf3bb5ddf8a15a64d521a2eeb3bc7438f9ac21/atom/model_engine/arg_utils.py',
      };
    case 'generic':
      return {
        tokensPerRank: 8192,
        batchTokensPerRank: 8192,
        flag: 'assumed 8192',
        source: 'assumed',
      };
  }
}

/**
 * The GPU vendors each framework runs on: TensorRT-LLM only on NVIDIA, AMD's ATOM only on ROCm
 * (MI300X/MI355X), SGLang and vLLM on both (../shared/reference/engines.md §0-1).
 */
export const FRAMEWORK_VENDORS: Record<Framework, ReadonlyArray<HardwareSpec['vendor']>> = {
  trtllm: ['nvidia'],
  atom: ['amd'],
  sglang: ['nvidia', 'amd', 'other'],
  vllm: ['nvidia', 'amd', 'other'],
  generic: ['nvidia', 'amd', 'other'],
};

/** Whether the framework runs on this hardware's vendor. */
export const runsOn = (framework: Framework, hw: HardwareSpec): boolean =>
  FRAMEWORK_VENDORS[framework].includes(hw.vendor);

/** The named serving engines that run on this hardware (the generic framework aside). */
export const enginesFor = (hw: HardwareSpec): Framework[] =>
  FRAMEWORKS.filter((f) => f !== 'generic' && runsOn(f, hw));

/**
 * Running requests one attention rank admits by the engine's own default, where the engine
 * documents one that recipes rarely change: vLLM's --max-num-seqs, 1,024 on GPUs of 70 GiB or
 * more and 256 below (engines.md §5.1, VL-ARGS), per engine core, so per attention-DP rank; ATOM's
 * --max-num-seqs, 512 (AT-ARGS). Null elsewhere: TensorRT-LLM's recipes set their own
 * max_batch_size (the 2,048 default is rarely what runs) and SGLang derives its limit at runtime,
 * so theirs is fitted.
 */
const DOCUMENTED_SEQS_PER_RANK: Partial<Record<Framework, (hw: HardwareSpec) => number>> = {
  vllm: (hw) => (hw.memoryGiB >= 70 ? 1024 : 256),
  atom: () => 512,
};

export function documentedSeqsPerRank(framework: Framework, hw: HardwareSpec): number | null {
  return DOCUMENTED_SEQS_PER_RANK[framework]?.(hw) ?? null;
}

/** Whether the engine documents its running-request limit per rank (so none is fitted). */
export const documentsSeqsPerRank = (framework: Framework): boolean =>
  DOCUMENTED_SEQS_PER_RANK[framework] !== undefined;

/**
 * A framework's documented limit on running requests per server instance for this model, where
 * one is documented: SGLang sets --max-running-requests to 256 for DeepSeek-V4 when unset, shared
 * by the instance's attention-DP ranks (engines.md §5.1, SG-V4HOOK:
 * https://github.com/sgl-project/sglang/blob/006cbb6607dd5ddf92c316198a55a06a486704c8/python/sglang/srt/arg_groups/deepseek_v4_hook.py).
 * Null elsewhere: the limit per rank applies (documentedSeqsPerRank, else the fitted one).
 */
export function documentedRunningLimit(framework: Framework, model: ModelSpec): number | null {
  if (framework === 'sglang' && model.attention.kind === 'v4-hybrid') return 256;
  return null;
}
