import type { Framework } from './scenario/schema';

export interface FrameworkMemoryPolicy {
  /** Fraction of GPU memory given to weights + KV cache; the rest is workspace and activations. */
  memoryUtilization: number;
  /** The flag that sets it, for "show the math". */
  flag: string;
  source: string;
}

/**
 * Default memory fractions of each serving framework. The remainder is reserved for activations,
 * CUDA graphs, communication buffers and allocator slack, and is shown, not hidden.
 */
export const FRAMEWORK_MEMORY: Record<Framework, FrameworkMemoryPolicy> = {
  vllm: {
    memoryUtilization: 0.9,
    flag: '--gpu-memory-utilization (default 0.9)',
    source: 'https://docs.vllm.ai/en/latest/configuration/engine_args.html',
  },
  sglang: {
    memoryUtilization: 0.88,
    flag: '--mem-fraction-static (auto; about 0.88 on 80-288 GB GPUs)',
    source: 'https://docs.sglang.ai/advanced_features/server_arguments.html',
  },
  trtllm: {
    memoryUtilization: 0.9,
    flag: 'kv_cache_config.free_gpu_memory_fraction (default 0.9)',
    source: 'https://nvidia.github.io/TensorRT-LLM/reference/memory.html',
  },
  generic: {
    memoryUtilization: 0.9,
    flag: 'assumed 0.9',
    source: 'https://docs.vllm.ai/en/latest/configuration/engine_args.html',
  },
};

export interface FrameworkScheduling {
  /** Chunked prefill runs inside decode batches (mixed) rather than in steps of its own. */
  mixedPrefill: boolean;
  source: string;
}

/**
 * How each framework schedules prompts beside running decodes: vLLM V1 and TensorRT-LLM's
 * in-flight batching mix prefill chunks into decode steps; SGLang runs prefill (extend) batches
 * as steps of their own unless --enable-mixed-chunk is set (off by default).
 */
export const FRAMEWORK_SCHEDULING: Record<Framework, FrameworkScheduling> = {
  vllm: {
    mixedPrefill: true,
    source: 'https://docs.vllm.ai/en/latest/configuration/optimization.html',
  },
  trtllm: {
    mixedPrefill: true,
    source: 'https://nvidia.github.io/TensorRT-LLM/advanced/gpt-attention.html',
  },
  sglang: {
    mixedPrefill: false,
    source: 'https://docs.sglang.ai/advanced_features/server_arguments.html',
  },
  generic: { mixedPrefill: true, source: 'assumed' },
};
