/**
 * The rows of reference/measurements-public.csv turned into Scenarios (design §2) with the metrics
 * they report. Source URL, date and confidence come from the CSV itself (build.ts joins them by id).
 * Conventions: InferenceX/Dynamo "tput_per_gpu" is total (input + output) tokens/s over all GPUs;
 * trtllm-bench "tps/gpu" is output tokens/s per GPU; TPOT is the mean time per output token.
 * Assumptions made where a row leaves a condition open are written in `assume`.
 */
import {
  DEFAULT_SPECULATIVE,
  defaultAcceptanceLength,
} from '../../src/core/scenario/mtp-acceptance';
import type { ScenarioInput } from '../../src/core/scenario/schema';
import type { Metric } from '../../src/core/validation/measurements';

export interface CuratedRow {
  id: string;
  scenario: ScenarioInput;
  metrics: Partial<Record<Metric, number>>;
  /** Offline "max" throughput runs: concurrency is what fits, capped per attention rank. */
  offlineMax?: boolean;
  assume?: string;
}

/** DeepSeek MTP acceptance when a row does not state it: the app's defaults
 * (src/core/scenario/mtp-acceptance.ts): 1 draft ≈ 1.8 (V3 report: 85-90% of second tokens
 * accepted); 3 drafts = 2.37 (the only published figure, reference row M14). */
export const MTP1 = DEFAULT_SPECULATIVE;
export const MTP3 = { draftTokens: 3, acceptanceLength: defaultAcceptanceLength(3) };
export const MTP1_NOTE = `MTP acceptance length not stated: ${MTP1.acceptanceLength} assumed for 1 draft token`;
export const MTP3_NOTE = `MTP acceptance length not stated: ${MTP3.acceptanceLength} assumed for 3 draft tokens (row M14)`;
export const OFFLINE =
  'offline "max" run: concurrency = what fits in memory, capped at 384 per attention rank (the max_batch stated in row M20)';

export type Par = { tp: number; ep: number; pp?: number; dpAttention: boolean };
export const par = (tp: number, ep: number, dpAttention = false, pp = 1): Par => ({
  tp,
  ep,
  pp,
  dpAttention,
});
export const pool = (gpus: number, p: Par) => ({ gpus, ...p });

export function agg(
  model: string,
  hardware: string,
  gpus: number,
  weights: 'native' | 'nvfp4' | 'mxfp4' | 'fp8' | 'bf16',
  kvCache: 'bf16' | 'fp8',
  framework: 'trtllm' | 'sglang' | 'vllm' | 'generic',
  p: Par,
  isl: number,
  osl: number,
  concurrency: number | 'max',
): ScenarioInput {
  return {
    model,
    hardware,
    gpus,
    precision: { weights, kvCache },
    framework,
    parallelism: { pp: 1, ...p },
    workload: { inputTokens: isl, outputTokens: osl, concurrency },
  };
}

export function dis(
  base: ScenarioInput,
  prefill: { gpus: number } & Par,
  decode: { gpus: number } & Par,
): ScenarioInput {
  const rest = { ...base };
  delete rest.parallelism;
  return { ...rest, gpus: prefill.gpus + decode.gpus, disaggregation: { prefill, decode } };
}

export const v3h100 = agg(
  'deepseek-v3',
  'h100-sxm',
  104,
  'native',
  'bf16',
  'sglang',
  par(1, 1),
  2000,
  100,
  18432,
);
export const r1gb200 = (weights: 'native' | 'nvfp4', kv: 'bf16' | 'fp8', c: number) =>
  agg('deepseek-r1', 'gb200-nvl72', 56, weights, kv, 'sglang', par(1, 1), 2000, 100, c);
export const k2 = agg(
  'kimi-k2',
  'h200-sxm',
  128,
  'native',
  'bf16',
  'sglang',
  par(1, 1),
  2000,
  100,
  46080,
);
export const v4gb = (hw: string, c: number) =>
  agg('deepseek-v4-pro', hw, 16, 'native', 'fp8', 'vllm', par(1, 1), 8192, 1024, c);
export const r1dyn = (hw: string, c: number) =>
  ({
    ...agg('deepseek-r1', hw, 36, 'nvfp4', 'fp8', 'trtllm', par(1, 1), 1024, 1024, c),
    speculative: MTP3,
  }) as ScenarioInput;
export const cook = (
  model: string,
  hw: string,
  gpus: number,
  p: Par,
  c: number,
  spec?: typeof MTP1,
  weights: 'native' | 'fp8' = 'native',
): ScenarioInput => ({
  ...agg(model, hw, gpus, weights, 'fp8', 'sglang', p, 8192, 1024, c),
  ...(spec ? { speculative: spec } : {}),
});

// LMSYS large-scale EP studies: one deployment each, measured prefill-only and decode-only.
export const v3h100Pools = dis(v3h100, pool(32, par(1, 32, true)), pool(72, par(1, 72, true)));
export const k2Pools = dis(k2, pool(32, par(1, 32, true)), pool(96, par(1, 96, true)));
