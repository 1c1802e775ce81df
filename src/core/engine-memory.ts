import { documentedRunningLimit, sglangChunkTokens } from './framework';
import type { HardwareSpec } from './hardware/schema';
import { memoryBytes } from './hardware/schema';
import type { ModelSpec } from './model/schema';
import { kindCounts } from './model/kv';
import type { Layout } from './scenario/layout';
import type { Framework } from './scenario/schema';

/**
 * What each serving engine does with GPU memory beyond the weights and the KV arithmetic of
 * model/kv.ts (../shared/reference/engines.md §4.2, §5): how much it keeps out of the KV pool
 * (activations, CUDA graphs, workspace), the per-request state it keeps beside the KV, and how it
 * splits the pool. Pure; the figures come with the flag and source that set them.
 */

const MIB = 2 ** 20;

const SGLANG_SERVER_ARGS =
  'https://github.com/sgl-project/sglang/blob/001067fffe33427bee0ed2f007fb7551a1d76b44/python/sglang/srt/server_args.py';
/** SGLang's DeepSeek-V4 memory pool, the source of the compressor-state layout. */
export const COMPRESSOR_STATE_SOURCE =
  'https://github.com/sgl-project/sglang/blob/007bddd4a95b44d3c8cd22c8a24d0ee1455955fd/python/sglang/srt/mem_cache/deepseek_v4_memory_pool.py';
const VLLM_CACHE =
  'https://github.com/vllm-project/vllm/blob/002f10e0cfa1373a19a0d2756598a34b700d20e5/vllm/config/cache.py';
const TRTLLM_ARGS =
  'https://github.com/NVIDIA/TensorRT-LLM/blob/0004396720054fd8e205cbf616f21f0b57c6b412/tensorrt_llm/llmapi/llm_args.py';
const ATOM_ARGS =
  'https://github.com/ROCm/ATOM/blob/ffdf3bb5ddf8a15a64d521a2eeb3bc7438f9ac21/atom/model_engine/arg_utils.py';

/**
 * The largest share of GPU memory a published recipe gives weights and KV (vLLM's DeepSeek-V4
 * Hopper example, --gpu-memory-utilization 0.95): what a deployment can have with its engine's
 * memory flag set, when the engine's automatic reserve leaves no room.
 */
export const MOST_MEMORY_UTILIZATION = 0.95;

/** A pool's role: an aggregated server, or one side of a disaggregated deployment. */
export type PoolRole = 'aggregated' | 'prefill' | 'decode';

export interface EngineReserve {
  /** Bytes per GPU the engine keeps out of the weights and the KV pool. */
  bytesPerGpu: number;
  /** The flag and default (or formula) behind it, then the source, separated by "; ". */
  basis: string;
}

/** The engine's memory knob: a share of capacity, or (TensorRT-LLM) of what the weights leave. */
export function engineReserve(
  framework: Framework,
  model: ModelSpec,
  hw: HardwareSpec,
  layout: Layout,
  role: PoolRole,
  weightsBytesPerGpu: number,
  /** The scenario's own memoryUtilization (the engine's flag, set by the user), if any. */
  memoryUtilization: number | undefined,
  draftTokens: number,
): EngineReserve {
  const capacity = memoryBytes(hw);
  if (memoryUtilization !== undefined)
    return {
      bytesPerGpu: capacity * (1 - memoryUtilization),
      basis: `memory utilisation ${memoryUtilization} (scenario)`,
    };
  switch (framework) {
    case 'sglang':
      return sglangReserve(model, hw, layout, role, draftTokens);
    case 'vllm':
      return {
        bytesPerGpu: capacity * (1 - 0.92),
        basis: `--gpu-memory-utilization 0.92 (default); ${VLLM_CACHE}`,
      };
    case 'trtllm':
      // The KV pool takes free_gpu_memory_fraction of what is free once the weights are loaded.
      return {
        bytesPerGpu: 0.1 * Math.max(0, capacity - weightsBytesPerGpu),
        basis: `kv_cache_config.free_gpu_memory_fraction 0.9 of the memory the weights leave (default); ${TRTLLM_ARGS}`,
      };
    case 'atom':
      return {
        bytesPerGpu: capacity * (1 - 0.9),
        basis: `--gpu-memory-utilization 0.9 (default); ${ATOM_ARGS}`,
      };
    case 'generic':
      return { bytesPerGpu: capacity * (1 - 0.9), basis: 'memory utilisation 0.9 (assumed)' };
  }
}

/** SGLang's decode CUDA-graph batch limit by GPU memory and TP size (engines.md §4.3). */
function sglangGraphMaxBs(gib: number, tp: number): number {
  if (gib < 20) return 8;
  if (gib < 35) return tp < 4 ? 24 : 80;
  if (gib < 60) return tp < 4 ? 32 : 160;
  if (gib < 160) return tp < 4 ? 256 : 512;
  return 512;
}

/**
 * SGLang's automatic --mem-fraction-static (server_args.py, engines.md §4.2), in MiB: 512 +
 * 1.5 per activation token (the chunked-prefill size, at least 2,048; a disaggregated decode
 * server: running requests × draft tokens) + 1,024 per 8 GPUs of TP×PP + CUDA graphs (2 per
 * batch slot of the decode graphs; with DP attention 3 more per slot and DP rank, 1.5 beyond
 * that above 300 slots; 1.5 GiB of prefill graphs for MLA-style attention), at least 10 GiB on
 * GPUs above 60 GiB.
 */
function sglangReserve(
  model: ModelSpec,
  hw: HardwareSpec,
  layout: Layout,
  role: PoolRole,
  draftTokens: number,
): EngineReserve {
  const gib = hw.memoryGiB;
  const tpSize = layout.instanceGpus / layout.pp;
  const dp = layout.attentionDpRanks;
  const chunk = sglangChunkTokens(gib);
  const running = documentedRunningLimit('sglang', model) ?? 0;
  const activationTokens =
    role === 'decode' ? Math.max(running * Math.max(1, draftTokens), 2048) : Math.max(chunk, 2048);
  const maxBs = sglangGraphMaxBs(gib, tpSize);
  const dpGraphs = dp > 1 ? maxBs * dp * 3 + (maxBs > 300 ? maxBs * dp * 1.5 : 0) : 0;
  const prefillGraphs = model.attention.kind === 'gqa' ? 0 : 1536;
  let mib =
    512 +
    activationTokens * 1.5 +
    ((tpSize * layout.pp) / 8) * 1024 +
    maxBs * 2 +
    dpGraphs +
    prefillGraphs;
  if (gib > 60) mib = Math.max(mib, 10 * 1024);
  const fraction = 1 - (mib * MIB) / memoryBytes(hw);
  return {
    bytesPerGpu: mib * MIB,
    basis:
      `--mem-fraction-static auto = ${fraction.toFixed(3)}: ${(mib / 1024).toFixed(1)} GiB kept for ` +
      `${activationTokens} activation tokens, TP×PP ${tpSize * layout.pp}, CUDA graphs up to ` +
      `batch ${maxBs}${dp > 1 ? ` × ${dp} DP ranks` : ''}; ${SGLANG_SERVER_ARGS}`,
  };
}

/** FP32 state of one compressor ring: 2 × (coff·ratio) entries × (coff·d) values. */
const ring = (coff: number, ratio: number, d: number) => 2 * (coff * ratio) * (coff * d) * 4;

/**
 * Bytes of compressor state one DeepSeek-V4 request keeps beside its KV on every GPU that holds
 * its layers: per compressed layer, FP32 kv and score rings of coff·ratio rows × coff·d (CSA:
 * ratio 4 with overlap coff 2 for the 512-d entry and the indexer's key; HCA: ratio 128, coff 1),
 * as the reference implementation and SGLang's pool keep them (ring 8 / 128 rows, twice that with
 * speculative decoding in SGLang; reference/models.md §6: Pro 18.7 MB, Flash 12.2 MB). 0 for
 * other attention.
 */
export function compressorStateBytes(
  model: ModelSpec,
  framework: Framework,
  draftTokens: number,
  includeMtp: boolean,
): number {
  const a = model.attention;
  if (a.kind !== 'v4-hybrid') return 0;
  const k = kindCounts(model, includeMtp);
  const spec = framework === 'sglang' && draftTokens > 0 ? 2 : 1;
  const csa = ring(2, 4, a.headDim) + ring(2, 4, a.indexer.headDim);
  const hca = ring(1, 128, a.headDim);
  return spec * (k.csa * csa + k.hca * hca);
}

/**
 * Window entries SGLang's hybrid pool ties to each request: its SWA pool holds
 * --swa-full-tokens-ratio (0.1 for DeepSeek-V4 when unset) window tokens per full-pool token, so
 * a request of n tokens takes max(window, 0.1·n) window entries' worth of memory, not the window
 * alone. Other engines keep each request's window only. Null where it does not apply.
 */
export function swaPoolTokensPerSequence(
  model: ModelSpec,
  framework: Framework,
  contextTokens: number,
): number | null {
  const a = model.attention;
  if (framework !== 'sglang' || a.kind !== 'v4-hybrid') return null;
  return Math.max(Math.min(contextTokens, a.windowTokens), SWA_FULL_TOKENS_RATIO * contextTokens);
}

/** SGLang's --swa-full-tokens-ratio for DeepSeek-V4 when unset (model override:
 * https://github.com/sgl-project/sglang/blob/01a4a991568f810ca3a10984e2881e136212c916/python/sglang/srt/arg_groups/model_overrides/deepseek_v4.py). */
export const SWA_FULL_TOKENS_RATIO = 0.1;
