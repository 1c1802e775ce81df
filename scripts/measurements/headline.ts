/**
 * The rows of reference/measurements-public.csv turned into Scenarios (design §2) with the metrics
 * they report. Source URL, date and confidence come from the CSV itself (build.ts joins them by id).
 * Conventions: InferenceX/Dynamo "tput_per_gpu" is total (input + output) tokens/s over all GPUs;
 * trtllm-bench "tps/gpu" is output tokens/s per GPU; TPOT is the mean time per output token.
 * Assumptions made where a row leaves a condition open are written in `assume`.
 */
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

/** DeepSeek MTP acceptance when a row does not state it: 1 draft ≈ 1.8 (V3 report: 85-90% of
 * second tokens accepted); 3 drafts = 2.37 (the only published figure, reference row M14). */
const MTP1 = { draftTokens: 1, acceptanceLength: 1.8 };
const MTP3 = { draftTokens: 3, acceptanceLength: 2.37 };
const MTP1_NOTE = 'MTP acceptance length not stated: 1.8 assumed for 1 draft token';
const MTP3_NOTE = 'MTP acceptance length not stated: 2.37 assumed for 3 draft tokens (row M14)';
const OFFLINE =
  'offline "max" run: concurrency = what fits in memory, capped at 384 per attention rank (the max_batch stated in row M20)';

type Par = { tp: number; ep: number; pp?: number; dpAttention: boolean };
const par = (tp: number, ep: number, dpAttention = false, pp = 1): Par => ({
  tp,
  ep,
  pp,
  dpAttention,
});
const pool = (gpus: number, p: Par) => ({ gpus, ...p });

function agg(
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

function dis(
  base: ScenarioInput,
  prefill: { gpus: number } & Par,
  decode: { gpus: number } & Par,
): ScenarioInput {
  const rest = { ...base };
  delete rest.parallelism;
  return { ...rest, gpus: prefill.gpus + decode.gpus, disaggregation: { prefill, decode } };
}

const v3h100 = agg(
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
const r1gb200 = (weights: 'native' | 'nvfp4', kv: 'bf16' | 'fp8', c: number) =>
  agg('deepseek-r1', 'gb200-nvl72', 56, weights, kv, 'sglang', par(1, 1), 2000, 100, c);
const k2 = agg('kimi-k2', 'h200-sxm', 128, 'native', 'bf16', 'sglang', par(1, 1), 2000, 100, 46080);
const v4gb = (hw: string, c: number) =>
  agg('deepseek-v4-pro', hw, 16, 'native', 'fp8', 'vllm', par(1, 1), 8192, 1024, c);
const r1dyn = (hw: string, c: number) =>
  ({
    ...agg('deepseek-r1', hw, 36, 'nvfp4', 'fp8', 'trtllm', par(1, 1), 1024, 1024, c),
    speculative: MTP3,
  }) as ScenarioInput;
const cook = (
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
const v3h100Pools = dis(v3h100, pool(32, par(1, 32, true)), pool(72, par(1, 72, true)));
const k2Pools = dis(k2, pool(32, par(1, 32, true)), pool(96, par(1, 96, true)));

export const CURATED: CuratedRow[] = [
  {
    id: 'M03',
    scenario: v3h100Pools,
    metrics: { prefillTokPerSecPerGpu: 6817.9 },
    assume: 'decode pool of the companion decode test (72 GPUs); output length 100',
  },
  {
    id: 'M04',
    scenario: {
      ...v3h100Pools,
      maxBatchPerRank: 256,
    },
    metrics: { decodeTokPerSecPerGpu: 2785.3 },
    assume: '256 sequences per decode GPU; output length 100 (decode-only test at 2K input)',
  },
  {
    id: 'M06',
    scenario: {
      ...dis(
        r1gb200('nvfp4', 'fp8', 1408 * 48),
        pool(8, par(1, 8, true)),
        pool(48, par(1, 48, true)),
      ),
      maxBatchPerRank: 1408,
    },
    metrics: { decodeTokPerSecPerGpu: 13386 },
    assume: 'batch 1,408 read as per decode GPU; output length 100',
  },
  {
    id: 'M09',
    scenario: dis(
      r1gb200('native', 'bf16', 4096),
      pool(4, par(1, 4, true)),
      pool(48, par(1, 48, true)),
    ),
    metrics: { prefillTokPerSecPerGpu: 18471 },
    assume: 'prefill instance of 4 GPUs measured alone; decode pool of the same study',
  },
  {
    id: 'M10',
    scenario: k2Pools,
    metrics: { prefillTokPerSecPerGpu: 7000 },
    assume: 'native FP8 weights, BF16 KV (not stated)',
  },
  {
    id: 'M11',
    scenario: {
      ...k2Pools,
      maxBatchPerRank: 480,
    },
    metrics: { decodeTokPerSecPerGpu: 3000 },
    assume: 'batch 480 read as per decode GPU; native FP8 weights, BF16 KV',
  },
  {
    id: 'M17',
    scenario: agg('deepseek-r1', 'b200', 8, 'nvfp4', 'bf16', 'trtllm', par(8, 2), 1024, 2048, 1),
    metrics: { tokPerSecPerUser: 111 },
    assume: "the row's stated figure without MTP (111 tok/s/user); MoE TP4xEP2 as tp 8, ep 2",
  },
  {
    id: 'M18',
    scenario: {
      ...agg('deepseek-r1', 'b200', 8, 'nvfp4', 'fp8', 'trtllm', par(8, 2), 1024, 2048, 1),
      speculative: MTP3,
    },
    metrics: { tokPerSecPerUser: 274.7 },
    assume: MTP3_NOTE,
  },
  {
    id: 'M20',
    scenario: agg(
      'deepseek-r1',
      'b200',
      8,
      'nvfp4',
      'bf16',
      'trtllm',
      par(1, 8, true),
      1024,
      2048,
      3072,
    ),
    metrics: { outputTokPerSecPerGpu: 4548, totalTokPerSecPerGpu: 6822, tokPerSecPerUser: 11.93 },
  },
  {
    id: 'M21',
    scenario: {
      ...agg('deepseek-r1', 'h200-sxm', 8, 'native', 'fp8', 'trtllm', par(8, 4), 1024, 2048, 1),
      speculative: MTP3,
    },
    metrics: { tokPerSecPerUser: 158.1 },
    assume: MTP3_NOTE,
  },
  {
    id: 'M24',
    scenario: {
      ...agg('deepseek-v3.2', 'b200', 4, 'nvfp4', 'fp8', 'trtllm', par(4, 1), 8192, 1024, 1),
      speculative: MTP3,
    },
    metrics: { tokPerSecPerUser: 312.1, ttftMs: 426 },
    assume: MTP3_NOTE,
  },
  {
    id: 'M25',
    scenario: {
      ...agg(
        'deepseek-v3.2',
        'b200',
        8,
        'nvfp4',
        'fp8',
        'trtllm',
        par(1, 8, true),
        8192,
        1024,
        256,
      ),
      speculative: MTP1,
    },
    metrics: {
      outputTokPerSecPerGpu: 1077.3,
      totalTokPerSecPerGpu: 9695.5,
      tokPerSecPerUser: 11.26,
      ttftMs: 19538,
    },
    assume: MTP1_NOTE,
  },
  {
    id: 'M27',
    scenario: agg(
      'deepseek-r1',
      'b200',
      4,
      'nvfp4',
      'fp8',
      'trtllm',
      par(1, 4, true),
      1024,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 6430 },
    offlineMax: true,
    assume: OFFLINE,
  },
  {
    id: 'M28',
    scenario: agg(
      'deepseek-r1',
      'gb200-nvl72',
      4,
      'nvfp4',
      'fp8',
      'trtllm',
      par(1, 4, true),
      1024,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 6924 },
    offlineMax: true,
    assume: OFFLINE,
  },
  {
    id: 'M30',
    scenario: agg(
      'deepseek-r1',
      'b200',
      4,
      'nvfp4',
      'fp8',
      'trtllm',
      par(1, 4, true),
      8192,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 1168 },
    offlineMax: true,
    assume: OFFLINE,
  },
  {
    id: 'M31',
    scenario: agg(
      'gpt-oss-120b',
      'b200',
      2,
      'native',
      'fp8',
      'trtllm',
      par(1, 2, true),
      1024,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 25870 },
    offlineMax: true,
    assume: OFFLINE,
  },
  {
    id: 'M32',
    scenario: agg(
      'gpt-oss-120b',
      'h200-sxm',
      1,
      'fp8',
      'bf16',
      'trtllm',
      par(1, 1),
      1024,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 6798 },
    offlineMax: true,
    assume: `${OFFLINE}; FP8 weights as the table header states; KV "auto" = the model's BF16`,
  },
  {
    id: 'M32b',
    scenario: agg(
      'gpt-oss-120b',
      'h200-sxm',
      1,
      'fp8',
      'bf16',
      'trtllm',
      par(1, 1),
      8192,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 1828 },
    offlineMax: true,
    assume: `${OFFLINE}; the row's 8192/1024 figure; FP8 weights as the table header states; KV "auto" = the model's BF16`,
  },
  {
    id: 'M34',
    scenario: agg(
      'qwen3-235b-a22b',
      'h200-sxm',
      4,
      'fp8',
      'bf16',
      'trtllm',
      par(1, 4, true),
      1024,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 3268 },
    offlineMax: true,
    assume: `${OFFLINE}; KV not stated: TensorRT-LLM's default (auto) is the checkpoint's BF16, as Qwen's FP8 checkpoint carries no KV-cache quantisation`,
  },
  {
    id: 'M35',
    scenario: agg(
      'qwen3-235b-a22b',
      'h100-sxm',
      8,
      'fp8',
      'bf16',
      'trtllm',
      par(1, 8, true),
      1024,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 1935 },
    offlineMax: true,
    assume: `${OFFLINE}; KV not stated: TensorRT-LLM's default (auto) is the checkpoint's BF16, as Qwen's FP8 checkpoint carries no KV-cache quantisation`,
  },
  {
    id: 'M36',
    scenario: agg(
      'qwen3-235b-a22b',
      'rtx-pro-6000',
      4,
      'nvfp4',
      'fp8',
      'trtllm',
      par(1, 4, true, 2),
      1024,
      1024,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 1732 },
    offlineMax: true,
    assume: `${OFFLINE}; DEP2 x PP2 as ep 4 over 2 stages`,
  },
  {
    id: 'M37',
    scenario: agg(
      'llama-3.1-405b',
      'b200',
      4,
      'nvfp4',
      'fp8',
      'trtllm',
      par(4, 1),
      1000,
      1000,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 1302.3 },
    offlineMax: true,
    assume: OFFLINE,
  },
  {
    id: 'M39',
    scenario: agg(
      'llama-3.1-405b',
      'rtx-pro-6000',
      8,
      'nvfp4',
      'fp8',
      'trtllm',
      par(1, 1, false, 8),
      1000,
      1000,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 296.1 },
    offlineMax: true,
    assume: OFFLINE,
  },
  {
    id: 'M40',
    scenario: agg(
      'qwen3-235b-a22b',
      'b200',
      8,
      'nvfp4',
      'fp8',
      'trtllm',
      par(8, 8),
      1000,
      1000,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 5298.9 },
    offlineMax: true,
    assume: `${OFFLINE}; EP 8 for "EP per MoE defaults"`,
  },
  {
    id: 'M41',
    scenario: agg(
      'qwen3-235b-a22b',
      'rtx-pro-6000',
      8,
      'nvfp4',
      'fp8',
      'trtllm',
      par(2, 1, false, 4),
      1000,
      1000,
      'max',
    ),
    metrics: { outputTokPerSecPerGpu: 1337.1 },
    offlineMax: true,
    assume: OFFLINE,
  },
  {
    id: 'M58',
    scenario: agg(
      'deepseek-v3.2',
      'gb300-nvl72',
      2,
      'nvfp4',
      'fp8',
      'vllm',
      par(2, 1),
      2048,
      1,
      64,
    ),
    metrics: { totalTokPerSecPerGpu: 7360 },
    assume: 'prefill-only run expressed as 2K in / 1 out',
  },
  {
    id: 'M60',
    scenario: agg(
      'deepseek-r1',
      'gb300-nvl72',
      2,
      'nvfp4',
      'fp8',
      'vllm',
      par(1, 2, true),
      2048,
      1,
      256,
    ),
    metrics: { totalTokPerSecPerGpu: 22476 },
    assume: 'prefill-only run expressed as 2K in / 1 out',
  },
  {
    id: 'M64',
    scenario: dis(v4gb('gb200-nvl72', 1), pool(8, par(8, 1)), pool(8, par(8, 1))),
    metrics: { totalTokPerSecPerGpu: 32.8, tpotMs: 13.26 },
  },
  {
    id: 'M65',
    scenario: dis(v4gb('gb200-nvl72', 1024), pool(8, par(8, 1)), pool(8, par(1, 8, true))),
    metrics: { totalTokPerSecPerGpu: 6036.2, tpotMs: 46.42 },
  },
  {
    id: 'M67',
    scenario: dis(v4gb('gb300-nvl72', 18), pool(4, par(4, 1)), pool(68, par(4, 1))),
    metrics: { totalTokPerSecPerGpu: 138.8, tpotMs: 13.58 },
    assume: 'decode "EP1" on 68 GPUs read as 17 TP4 instances',
  },
  {
    id: 'M70',
    scenario: dis(r1dyn('gb200-nvl72', 4), pool(4, par(4, 4)), pool(32, par(8, 8))),
    metrics: { totalTokPerSecPerGpu: 60.7, tokPerSecPerUser: 286.4 },
    assume: `${MTP3_NOTE}; decode EP8 at low concurrency as TP8 EP8`,
  },
  {
    id: 'M71',
    scenario: dis(r1dyn('gb200-nvl72', 180), pool(4, par(4, 4)), pool(32, par(1, 32, true))),
    metrics: { totalTokPerSecPerGpu: 1149.1, tokPerSecPerUser: 164.37 },
    assume: MTP3_NOTE,
  },
  {
    id: 'M73',
    scenario: {
      ...dis(r1dyn('gb200-nvl72', 16130), pool(12, par(4, 4)), pool(20, par(1, 4, true))),
      gpus: 32,
    },
    metrics: { totalTokPerSecPerGpu: 14659.4, tokPerSecPerUser: 17.82 },
    assume: `${MTP3_NOTE}; "12P TP12" read as three TP4 prefill instances`,
  },
  {
    id: 'M74',
    scenario: dis(r1dyn('b200', 6), pool(4, par(4, 4)), pool(40, par(8, 8))),
    metrics: { totalTokPerSecPerGpu: 49.3, tokPerSecPerUser: 309.17 },
    assume: MTP3_NOTE,
  },
  {
    id: 'M76',
    scenario: dis(r1dyn('b200', 10860), pool(12, par(4, 4)), pool(20, par(1, 4, true))),
    metrics: { totalTokPerSecPerGpu: 12515.7, tokPerSecPerUser: 21.34 },
    assume: `${MTP3_NOTE}; "12P TP12" read as three TP4 prefill instances`,
  },
  {
    id: 'M77',
    scenario: agg('kimi-k2', 'h200-sxm', 8, 'mxfp4', 'fp8', 'vllm', par(8, 1), 8192, 1024, 4),
    metrics: { totalTokPerSecPerGpu: 384.4, tpotMs: 10.97 },
    assume: 'Kimi K2.5 INT4 modelled as Kimi K2 with 4-bit group-scaled experts',
  },
  {
    id: 'M78',
    scenario: agg('kimi-k2', 'h200-sxm', 8, 'mxfp4', 'fp8', 'vllm', par(8, 1), 8192, 1024, 64),
    metrics: { totalTokPerSecPerGpu: 1174.5, tpotMs: 59.98 },
    assume: 'Kimi K2.5 INT4 modelled as Kimi K2 with 4-bit group-scaled experts',
  },
  {
    id: 'M79',
    scenario: agg('kimi-k2', 'b200', 8, 'mxfp4', 'fp8', 'vllm', par(8, 1), 8192, 1024, 64),
    metrics: { totalTokPerSecPerGpu: 1790.7, tpotMs: 38.45 },
    assume: 'Kimi K2.5 INT4 modelled as Kimi K2 with 4-bit group-scaled experts',
  },
  {
    id: 'M81',
    scenario: agg('kimi-k2', 'b200', 8, 'nvfp4', 'fp8', 'vllm', par(8, 1), 8192, 1024, 4),
    metrics: { totalTokPerSecPerGpu: 532, tpotMs: 7.97 },
    assume: 'Kimi K2.5 modelled as Kimi K2',
  },
  {
    id: 'M82',
    scenario: agg(
      'deepseek-v4-pro',
      'mi355x',
      8,
      'native',
      'fp8',
      'sglang',
      par(8, 1),
      8192,
      1024,
      1,
    ),
    metrics: { totalTokPerSecPerGpu: 59.2, tpotMs: 17.52 },
  },
  {
    id: 'M83',
    scenario: agg(
      'deepseek-v4-pro',
      'mi355x',
      8,
      'native',
      'fp8',
      'sglang',
      par(1, 8, true),
      8192,
      1024,
      64,
    ),
    metrics: { totalTokPerSecPerGpu: 959.6, tpotMs: 59.56 },
    assume: '"DP attention at high concurrency" as attention-DP 8 with EP 8',
  },
  {
    id: 'M98',
    scenario: agg('deepseek-v3', 'mi300x', 8, 'native', 'bf16', 'sglang', par(8, 1), 1024, 1024, 1),
    metrics: { e2eLatencyMs: 17348 },
  },
  {
    id: 'C01',
    scenario: cook('deepseek-v4-pro', 'b200', 8, par(8, 1), 1, MTP3),
    metrics: { totalTokPerSecPerGpu: 214, tpotMs: 4.26, ttftMs: 333 },
    assume: MTP3_NOTE,
  },
  {
    id: 'C02',
    scenario: cook('deepseek-v4-pro', 'b200', 8, par(1, 8, true), 16, MTP1),
    metrics: { totalTokPerSecPerGpu: 1259, tpotMs: 9.95 },
    assume: `${MTP1_NOTE} (balanced recipe: DP-attention + DeepEP, MTP 1-1-2)`,
  },
  {
    id: 'C03',
    scenario: cook('deepseek-v4-pro', 'b200', 8, par(1, 8, true), 4096),
    metrics: { totalTokPerSecPerGpu: 4148, tpotMs: 43.1 },
  },
  {
    id: 'C04',
    scenario: cook('deepseek-v4-pro', 'b300', 8, par(8, 1), 1, MTP3),
    metrics: { totalTokPerSecPerGpu: 229, tpotMs: 4.12 },
    assume: MTP3_NOTE,
  },
  {
    id: 'C05',
    scenario: cook('deepseek-v4-pro', 'b300', 8, par(1, 8, true), 4096),
    metrics: { totalTokPerSecPerGpu: 4435, tpotMs: 42.7 },
  },
  {
    id: 'C06',
    scenario: cook('deepseek-v4-pro', 'gb300-nvl72', 4, par(4, 1), 1, MTP3),
    metrics: { totalTokPerSecPerGpu: 411, tpotMs: 4.47 },
    assume: MTP3_NOTE,
  },
  {
    id: 'C07',
    scenario: cook('deepseek-v4-pro', 'gb300-nvl72', 4, par(1, 4, true), 64, MTP1),
    metrics: { totalTokPerSecPerGpu: 2403, tpotMs: 51.4 },
    assume: MTP1_NOTE,
  },
  {
    id: 'C08',
    scenario: cook('deepseek-v4-pro', 'h200-sxm', 8, par(8, 1), 1, MTP3),
    metrics: { totalTokPerSecPerGpu: 171, tpotMs: 5.64 },
    assume: MTP3_NOTE,
  },
  {
    id: 'C09',
    scenario: cook('deepseek-v4-flash', 'b200', 4, par(4, 1), 1, MTP3),
    metrics: { totalTokPerSecPerGpu: 575, tpotMs: 2.88 },
    assume: MTP3_NOTE,
  },
  {
    id: 'C10',
    scenario: cook('deepseek-v4-flash', 'b200', 4, par(1, 4, true), 16, MTP1),
    metrics: { totalTokPerSecPerGpu: 4767, tpotMs: 5.44 },
    assume: MTP1_NOTE,
  },
  {
    id: 'C11',
    scenario: cook('deepseek-v4-flash', 'b300', 4, par(1, 4, true), 4096),
    metrics: { totalTokPerSecPerGpu: 10379, tpotMs: 60.3 },
  },
  {
    id: 'C12',
    scenario: cook('deepseek-v4-flash', 'h200-sxm', 4, par(4, 1), 1, MTP3, 'fp8'),
    metrics: { totalTokPerSecPerGpu: 631, tpotMs: 3.28 },
    assume: MTP3_NOTE,
  },
];

export const SKIPPED: Array<{ id: string; reason: string }> = [
  {
    id: 'M01',
    reason:
      'production traffic mix with on-disk KV-cache hits: no fixed input/output lengths or concurrency',
  },
  { id: 'M02', reason: 'production prefill including cache hits: no fixed input length' },
  { id: 'M05', reason: 'decode batch size not stated' },
  {
    id: 'M07',
    reason: 'prefill with CPU weight offload over NVLink-C2C, which the model does not represent',
  },
  { id: 'M08', reason: 'decode batch size not stated' },
  ...['M12', 'M13', 'M14', 'M15', 'M16'].map((id) => ({
    id,
    reason: 'GPU count and concurrency of the peak point not stated',
  })),
  { id: 'M23', reason: '[B] lower bound ("> 30,000 tok/s"), layout not stated' },
  { id: 'M26', reason: '[B] Pareto peak; GPU count and concurrency not given' },
  ...['M42', 'M43', 'M44', 'M45', 'M46', 'M47', 'M48', 'M49', 'M50', 'M51', 'M52', 'M53'].map(
    (id) => ({
      id,
      reason: 'MLPerf: variable-length dataset and submitter-chosen layout not stated',
    }),
  ),
  { id: 'M54', reason: 'MLPerf open division, layout not stated, variable lengths' },
  { id: 'M55', reason: 'MLPerf open division, layout not stated, variable lengths' },
  { id: 'M56', reason: 'prefill with CPU weight offload, which the model does not represent' },
  { id: 'M57', reason: 'decode batch size not stated' },
  { id: 'M59', reason: '[B] concurrency not stated' },
  { id: 'M61', reason: '[B] concurrency not stated' },
  { id: 'M63', reason: 'EAGLE acceptance and output length of the context sweep not stated' },
  ...[
    'M85',
    'M86',
    'M87',
    'M88',
    'M89',
    'M90',
    'M91',
    'M92',
    'M93',
    'M94',
    'M95',
    'M96',
    'M97',
  ].map((id) => ({ id, reason: '[B] best configuration: GPU count and layout not stated' })),
  {
    id: 'M99',
    reason:
      'MTP acceptance of the 2-step / 3-draft setting not stated (M98 covers the same setup without MTP)',
  },
];
