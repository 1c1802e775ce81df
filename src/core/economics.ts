import type { HardwareSpec } from './hardware/schema';
import type { ServingFigures } from './serving';
import type { PrefixCachePlan } from './workload/prefix-cache';

/**
 * DeepSeek API list prices (USD per 1M tokens) after 2026-05-31: V4-Flash cache hit 0.0028, miss
 * 0.14, output 0.28; V4-Pro 0.003625 / 0.435 / 0.87 (reference/models.md §10, pricing page quoted by
 * https://bittide.aicompass.dev/article/08f774e2-58f3-454a-8898-cb902dd78a21?locale=en).
 */
export const DEEPSEEK_API_USD_PER_M: Record<
  string,
  {
    /** Input that misses DeepSeek's context cache. */
    input: number;
    /** Input served from the context cache (a tenth of a miss's price or less). */
    inputCacheHit: number;
    output: number;
    source: string;
  }
> = {
  'deepseek-v4-pro': {
    input: 0.435,
    inputCacheHit: 0.003625,
    output: 0.87,
    source: 'https://bittide.aicompass.dev/article/08f774e2-58f3-454a-8898-cb902dd78a21?locale=en',
  },
  'deepseek-v4-flash': {
    input: 0.14,
    inputCacheHit: 0.0028,
    output: 0.28,
    source: 'https://tokenmix.ai/blog/deepseek-api-pricing',
  },
};

/**
 * The one definition of $/M tokens (design §3), named on every view that shows one: GPU time is
 * split between the phases by the share each uses; output tokens pay for decode, input tokens for
 * prefill, and the blend divides all of it by all tokens.
 */
export const COST_DEFINITION =
  '$/M output tokens: decode GPU time over output tokens; prefill time is charged to input tokens';

/** The DeepSeek API's price of a model, or null (own keys only: a custom model may be called
 * 'constructor'). */
export function deepseekApiPrice(modelId: string): (typeof DEEPSEEK_API_USD_PER_M)[string] | null {
  return Object.hasOwn(DEEPSEEK_API_USD_PER_M, modelId) ? DEEPSEEK_API_USD_PER_M[modelId]! : null;
}

export interface Economics {
  usdPerGpuHour: number | null;
  /** GPU cost of the decode share over output tokens (design §3 split by GPU time). */
  usdPerMillionOutputTokens: number | null;
  /** GPU cost of the prefill share over input tokens. */
  usdPerMillionInputTokens: number | null;
  /** All GPU cost over all tokens (input + output). */
  usdPerMillionTokensBlended: number | null;
  /** All GPU cost over output tokens only (the InferenceX convention). */
  usdPerMillionOutputTokensAllIn: number | null;
  /** With a prefix cache: the prefill share over the prompt tokens it computes (misses), and
   * loading the rest from their tier over the tokens it serves (hits; null: no cache). */
  usdPerMillionInputCacheMiss: number | null;
  usdPerMillionInputCacheHit: number | null;
  api: {
    usdPerMillionInput: number;
    usdPerMillionInputCacheHit: number;
    usdPerMillionOutput: number;
    /** What this workload's tokens would cost through the API, per GPU-hour of this deployment. */
    apiUsdPerGpuHourEquivalent: number;
    /** Self-hosting is cheaper than the API below this $/GPU-hour. */
    breakEvenUsdPerGpuHour: number;
    source: string;
  } | null;
}

export interface Energy {
  /** Power per GPU used: all-in facility kW when published, else the TDP. */
  wattsPerGpu: number;
  powerBasis: 'all-in facility' | 'TDP';
  joulesPerOutputToken: number;
  joulesPerToken: number;
  outputTokPerSecPerMegawatt: number;
  totalTokPerSecPerMegawatt: number;
}

export function economics(
  s: ServingFigures,
  inputTokens: number,
  outputTokens: number,
  usdPerGpuHour: number | null,
  modelId: string,
  /** The prefill pool's share of the cost: its share of GPU time, unless its GPUs cost more or
   * less than the decode pool's (pool-costs.ts). */
  prefillCostShare: number = s.prefillGpuTimeShare,
  cache: PrefixCachePlan | null = null,
): Economics {
  const outPerGpuHour = s.outputTokPerSecPerGpu * 3600;
  const inPerGpuHour = (s.outputTokPerSecPerGpu * inputTokens * 3600) / outputTokens;
  const perM = (usd: number, tokens: number) => (tokens > 0 ? (usd / tokens) * 1e6 : null);
  const api = deepseekApiPrice(modelId);
  const hitShare = cache?.hitRate ?? 0;
  const apiPerGpuHour = api
    ? (inPerGpuHour * ((1 - hitShare) * api.input + hitShare * api.inputCacheHit) +
        outPerGpuHour * api.output) /
      1e6
    : 0;
  const missUsd =
    usdPerGpuHour === null || !cache
      ? null
      : perM(usdPerGpuHour * prefillCostShare, inPerGpuHour * (1 - cache.hitRate));
  // A hit holds its rank's GPUs while its KV arrives (an upper bound: copies overlap compute);
  // an engine recomputes what would take longer, so a hit never costs more than a miss.
  const hitUsd =
    usdPerGpuHour === null || !cache || cache.hitTokensPerRequest <= 0
      ? null
      : Math.min(
          missUsd ?? Infinity,
          ((usdPerGpuHour / 3600) * cache.loadGpuSecondsPerRequest * 1e6) /
            cache.hitTokensPerRequest,
        );
  return {
    usdPerGpuHour,
    usdPerMillionOutputTokens:
      usdPerGpuHour === null ? null : perM(usdPerGpuHour * (1 - prefillCostShare), outPerGpuHour),
    usdPerMillionInputTokens:
      usdPerGpuHour === null ? null : perM(usdPerGpuHour * prefillCostShare, inPerGpuHour),
    usdPerMillionTokensBlended:
      usdPerGpuHour === null ? null : perM(usdPerGpuHour, outPerGpuHour + inPerGpuHour),
    usdPerMillionOutputTokensAllIn:
      usdPerGpuHour === null ? null : perM(usdPerGpuHour, outPerGpuHour),
    usdPerMillionInputCacheMiss: missUsd,
    usdPerMillionInputCacheHit: hitUsd,
    api: api
      ? {
          usdPerMillionInput: api.input,
          usdPerMillionInputCacheHit: api.inputCacheHit,
          usdPerMillionOutput: api.output,
          apiUsdPerGpuHourEquivalent: apiPerGpuHour,
          breakEvenUsdPerGpuHour: apiPerGpuHour,
          source: api.source,
        }
      : null,
  };
}

/** Power per GPU: the facility's all-in kW where the catalog has it, else the GPU's TDP. */
export function wattsPerGpu(hw: HardwareSpec): { watts: number; basis: 'all-in facility' | 'TDP' } {
  return hw.allInKwPerGpu !== null
    ? { watts: hw.allInKwPerGpu * 1000, basis: 'all-in facility' }
    : { watts: hw.tdpWatts, basis: 'TDP' };
}

export function energy(
  s: ServingFigures,
  hw: HardwareSpec,
  /** A deployment's mean watts per GPU where its pools differ (pool-costs.ts). */
  power: { watts: number; basis: 'all-in facility' | 'TDP' } = wattsPerGpu(hw),
): Energy {
  const watts = power.watts;
  const perMw = 1e6 / watts;
  return {
    wattsPerGpu: watts,
    powerBasis: power.basis,
    joulesPerOutputToken: watts / s.outputTokPerSecPerGpu,
    joulesPerToken: watts / s.totalTokPerSecPerGpu,
    outputTokPerSecPerMegawatt: s.outputTokPerSecPerGpu * perMw,
    totalTokPerSecPerMegawatt: s.totalTokPerSecPerGpu * perMw,
  };
}
