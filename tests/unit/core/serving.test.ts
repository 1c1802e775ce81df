import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Calibration } from '../../../src/core/perf/calibration';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { plan } from '../../../src/core/plan';
import type { RunningPlan } from '../../../src/core/plan';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import disaggregatedExample from '../../../examples/disaggregated.json';
import { serve } from '../../../src/core/prepare';
import { catalog, planOf, preparedOf, rooflinePlanOf } from './fixtures';

const run = planOf;
const withWorkload = (s: ScenarioInput, w: Partial<ScenarioInput['workload']>): ScenarioInput => ({
  ...s,
  workload: { ...s.workload, ...w },
});

const R1_TP8: ScenarioInput = {
  ...DEFAULT_SCENARIO,
  model: 'deepseek-r1',
  framework: 'trtllm',
  precision: { weights: 'nvfp4', kvCache: 'fp8' },
  parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
};

/** V4-Pro on GB200: 8 GPUs prefill at TP 8, 16 decode at DP-attention 16 × EP 16. */
const DISAGGREGATED = disaggregatedExample as ScenarioInput;

describe('physical sanity of the serving model', () => {
  const layouts: Array<{ name: string; s: ScenarioInput }> = [
    { name: 'V4-Pro 8xB200 DP8 EP8 (sglang)', s: DEFAULT_SCENARIO },
    { name: 'R1 NVFP4 8xB200 TP8 (trtllm)', s: R1_TP8 },
    {
      name: 'Qwen3-235B FP8 8xH200 TP8 (vllm)',
      s: {
        ...DEFAULT_SCENARIO,
        model: 'qwen3-235b-a22b',
        hardware: 'h200-sxm',
        framework: 'vllm',
        precision: { weights: 'fp8', kvCache: 'fp8' },
        parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
      },
    },
    {
      name: 'Llama-405B 16xH100 TP8 PP2',
      s: {
        ...DEFAULT_SCENARIO,
        model: 'llama-3.1-405b',
        hardware: 'h100-sxm',
        gpus: 16,
        precision: { weights: 'fp8', kvCache: 'fp8' },
        parallelism: { tp: 8, ep: 1, pp: 2, dpAttention: false },
      },
    },
    { name: 'V4-Pro disaggregated GB200 8P TP8 + 16D DP16', s: DISAGGREGATED },
  ];
  for (const { name, s } of layouts) {
    it(`${name}: more concurrency never lowers throughput per GPU nor raises per-user speed or lowers TTFT (until memory runs out)`, () => {
      const max = run(withWorkload(s, { concurrency: 'max' })).memory.maxConcurrency;
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: Math.max(2, max - 1) }),
          fc.integer({ min: 1, max: 512 }),
          (c, dc) => {
            const c2 = Math.min(max, c + dc);
            const a = run(withWorkload(s, { concurrency: c }));
            const b = run(withWorkload(s, { concurrency: c2 }));
            return (
              b.throughput.outputTokPerSecPerGpu >=
                a.throughput.outputTokPerSecPerGpu * (1 - 1e-9) &&
              b.throughput.tokPerSecPerUser <= a.throughput.tokPerSecPerUser * (1 + 1e-9) &&
              b.latency.ttftMs >= a.latency.ttftMs * (1 - 1e-9)
            );
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('FP4 on Blackwell beats FP8 on the same GPUs (DeepSeek-R1, 8xB200, TP8, 64 users)', () => {
    const base = {
      ...layouts[1]!.s,
      workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 64 },
    };
    const fp4 = run(base);
    const fp8 = run({ ...base, precision: { weights: 'fp8', kvCache: 'fp8' } });
    expect(fp4.throughput.outputTokPerSecPerGpu).toBeGreaterThan(
      fp8.throughput.outputTokPerSecPerGpu,
    );
    expect(fp4.latency.tpotMs).toBeLessThan(fp8.latency.tpotMs);
  });

  it('FP4 weights on Hopper are read as FP4 but not computed faster than FP8 (no FP4 tensor cores)', () => {
    const s = {
      ...layouts[2]!.s,
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 256 },
    };
    const fp4 = run({ ...s, precision: { weights: 'nvfp4', kvCache: 'fp8' } });
    expect(fp4.warnings.map((w) => w.code)).toContain('fp4-without-fp4-tensor-cores');
    expect(fp4.memory.weightsBytesPerGpu).toBeLessThan(run(s).memory.weightsBytesPerGpu);
    // Like for like on the rooflines: a prompt step is compute-bound, and dequantised FP4 runs
    // at the BF16 rate, half FP8's; one user's decode streams weights, and FP4 streams fewer.
    const roof = (weights: 'nvfp4' | 'fp8', concurrency: number) =>
      rooflinePlanOf({
        ...s,
        precision: { weights, kvCache: 'fp8' },
        workload: { ...s.workload, concurrency },
      });
    expect(roof('nvfp4', 256).serving.prefillStepMs!.moe).toBeGreaterThan(
      roof('fp8', 256).serving.prefillStepMs!.moe,
    );
    expect(roof('nvfp4', 1).serving.decodeStepMs.moe).toBeLessThan(
      roof('fp8', 1).serving.decodeStepMs.moe,
    );
  });

  it('V4-Pro decode at 1M context is slower per token than at 4K, by far less than V3.2 would be', () => {
    // Like for like, on the rooflines: V3.2's sparse-attention module has no shipped kernel table.
    const at = (model: string, ctx: number) =>
      rooflinePlanOf({
        ...DEFAULT_SCENARIO,
        model,
        parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
        workload: { inputTokens: ctx - 256, outputTokens: 256, concurrency: 1 },
      }).latency.tpotMs;
    const v4 = at('deepseek-v4-pro', 2 ** 20) / at('deepseek-v4-pro', 4096);
    const v32 = at('deepseek-v3.2', 2 ** 20) / at('deepseek-v3.2', 4096);
    expect(v4).toBeGreaterThan(1);
    expect(v32).toBeGreaterThan(v4);
    expect(v32 - 1).toBeGreaterThan(3 * (v4 - 1));
  });

  it('MTP whose acceptance exceeds its cost raises per-user speed; one that accepts nothing lowers it', () => {
    const s = withWorkload(DEFAULT_SCENARIO, { concurrency: 8 });
    const base = run(s).throughput.tokPerSecPerUser;
    expect(
      run({ ...s, speculative: { draftTokens: 1, acceptanceLength: 1.8 } }).throughput
        .tokPerSecPerUser,
    ).toBeGreaterThan(base);
    expect(
      run({ ...s, speculative: { draftTokens: 3, acceptanceLength: 1 } }).throughput
        .tokPerSecPerUser,
    ).toBeLessThan(base);
  });

  it('disaggregated: the system rate is the smaller pool rate; per-GPU figures count every GPU', () => {
    const p = run(layouts[4]!.s);
    const out = p.throughput.outputTokPerSecPerGpu * p.scenario.gpus;
    const decodeCapacity = p.throughput.decodeTokPerSecPerDecodeGpu! * 16;
    const prefillCapacity = (p.throughput.prefillTokPerSecPerPrefillGpu! * 8 * 1024) / 8192;
    expect(out).toBeLessThanOrEqual(Math.min(decodeCapacity, prefillCapacity) * (1 + 1e-9));
  });

  it('the per-step breakdown adds up to the step time, and TPOT = step / acceptance length', () => {
    const p = run({ ...DEFAULT_SCENARIO, speculative: { draftTokens: 1, acceptanceLength: 1.7 } });
    const sum = Object.values(p.serving.decodeStepMs).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(p.latency.stepMs, 9);
    expect(p.latency.tpotMs).toBeCloseTo(p.latency.stepMs / 1.7, 9);
    expect(p.throughput.tokPerSecPerUser).toBeCloseTo(1000 / p.latency.tpotMs, 9);
  });
});

describe('economics and energy', () => {
  const p = run(DEFAULT_SCENARIO);
  const c = p.cost;
  it('$/M figures follow from $/GPU-hour and throughput (design §3)', () => {
    const outPerGpuHour = p.throughput.outputTokPerSecPerGpu * 3600;
    expect(c.usdPerMillionOutputTokensAllIn!).toBeCloseTo((2.9 / outPerGpuHour) * 1e6, 9);
    const totalPerGpuHour = p.throughput.totalTokPerSecPerGpu * 3600;
    expect(c.usdPerMillionTokensBlended!).toBeCloseTo((2.9 / totalPerGpuHour) * 1e6, 9);
    // Splitting by GPU-time share conserves the cost.
    const inPerGpuHour = totalPerGpuHour - outPerGpuHour;
    expect(
      (c.usdPerMillionOutputTokens! * outPerGpuHour + c.usdPerMillionInputTokens! * inPerGpuHour) /
        1e6,
    ).toBeCloseTo(2.9, 9);
  });
  it('compares with the DeepSeek V4-Pro API ($0.435 in / $0.87 out per M)', () => {
    expect(c.api?.usdPerMillionOutput).toBe(0.87);
    const out = p.throughput.outputTokPerSecPerGpu * 3600;
    expect(c.api!.breakEvenUsdPerGpuHour).toBeCloseTo((out * 8 * 0.435 + out * 0.87) / 1e6, 9);
  });
  it('energy uses the all-in facility kW (B200: 2.17 kW per GPU)', () => {
    expect(p.energy.wattsPerGpu).toBe(2170);
    expect(p.energy.joulesPerOutputToken).toBeCloseTo(2170 / p.throughput.outputTokPerSecPerGpu, 9);
  });
  it('a user price overrides the tier; a tier picks the catalog price', () => {
    expect(
      run({ ...DEFAULT_SCENARIO, pricing: { tier: 'hyperscalerOwning' } }).cost.usdPerGpuHour,
    ).toBe(1.95);
    expect(run({ ...DEFAULT_SCENARIO, pricing: undefined }).cost.usdPerGpuHour).toBe(2.9);
  });
});

describe('the running-request limit (maxBatchPerRank)', () => {
  const at = (concurrency: number, maxBatchPerRank?: number) =>
    run({
      ...withWorkload(DEFAULT_SCENARIO, { concurrency }),
      ...(maxBatchPerRank ? { maxBatchPerRank } : {}),
    });

  it('caps the sequences that decode at once; the rest queue, so TTFT grows and TPOT does not', () => {
    // 8 attention-DP ranks × 16 = 128 running; 512 requests in flight.
    const capped = at(512, 16);
    const atCap = at(128, 16);
    expect(capped.throughput.runningSequences).toBe(128);
    expect(capped.latency.tpotMs).toBeCloseTo(atCap.latency.tpotMs, 6);
    expect(capped.latency.ttftMs).toBeGreaterThan(2 * atCap.latency.ttftMs);
  });

  it('a higher limit lets more run: never lower throughput per GPU, never faster per user', () => {
    const low = at(1024, 32);
    const high = at(1024, 128);
    expect(high.throughput.runningSequences).toBeGreaterThan(low.throughput.runningSequences);
    expect(high.throughput.outputTokPerSecPerGpu).toBeGreaterThanOrEqual(
      low.throughput.outputTokPerSecPerGpu,
    );
    expect(high.latency.tpotMs).toBeGreaterThanOrEqual(low.latency.tpotMs);
  });
});

describe('closed-loop benchmarks send requests in waves', () => {
  const withWaves = (share: number): Calibration => ({
    ...CALIBRATION,
    closedLoopBurstShare: share,
  });
  const planAt = (s: ScenarioInput, share: number): RunningPlan => {
    const r = plan(s, catalog, withWaves(share));
    if (!r.ok || !r.plan.runs) throw new Error('expected a running plan');
    return r.plan;
  };

  it('the more requests arrive with their wave, the longer TTFT and the shorter TPOT; one TP group does the same work either way', () => {
    for (const concurrency of [16, 64, 256]) {
      const s = withWorkload(R1_TP8, { concurrency });
      const staggered = planAt(s, 0.1);
      const waves = planAt(s, 0.6);
      expect(waves.latency.ttftMs).toBeGreaterThan(staggered.latency.ttftMs);
      expect(waves.latency.tpotMs).toBeLessThan(staggered.latency.tpotMs);
      expect(waves.throughput.outputTokPerSecPerGpu).toBeCloseTo(
        staggered.throughput.outputTokPerSecPerGpu,
        6,
      );
    }
  });

  it('attention-DP ranks of a wave prefill together: SGLang decodes faster beside them than beside every rank prefilling at its own time', () => {
    const s = withWorkload(DEFAULT_SCENARIO, { concurrency: 256 });
    const staggered = planAt(s, 0);
    const waves = planAt(s, 1);
    expect(waves.latency.tpotMs).toBeLessThan(staggered.latency.tpotMs);
    expect(waves.throughput.outputTokPerSecPerGpu).toBeGreaterThan(
      staggered.throughput.outputTokPerSecPerGpu,
    );
  });

  it('an idle attention-DP rank sends no prompts: one user decodes beside none, four beside three', () => {
    // DEFAULT_SCENARIO: SGLang, 8 attention-DP ranks; a decode step stalls for any rank's prefill.
    const at = (concurrency: number) => run(withWorkload(DEFAULT_SCENARIO, { concurrency }));
    const decodeOnly = (p: RunningPlan) => p.serving.decodePricing.reduce((a, l) => a + l.ms, 0);
    const one = at(1);
    expect(one.latency.stepMs).toBeCloseTo(decodeOnly(one), 9);
    const four = at(4);
    const eight = at(8);
    expect(four.latency.stepMs).toBeGreaterThan(decodeOnly(four));
    // Each request's prompt stalls every rank: the share of stalled steps grows with the users.
    const stalled = (p: RunningPlan) => p.latency.stepMs / decodeOnly(p);
    expect(stalled(eight)).toBeGreaterThan(stalled(four));
  });

  it('a wave queues at a disaggregated prefill pool: TTFT grows with the share arriving together', () => {
    const dis = withWorkload(DISAGGREGATED, { concurrency: 32 });
    expect(planAt(dis, 0.5).latency.ttftMs).toBeGreaterThan(planAt(dis, 0.1).latency.ttftMs);
  });

  it("a wave's short prompts share steps up to the engine's token budget; longer prompts run alone", () => {
    const offline = (s: ScenarioInput, inputTokens: number) =>
      serve(
        preparedOf(withWorkload(s, { inputTokens, concurrency: 64, protocol: 'offline' })),
        CALIBRATION,
      );
    // TensorRT-LLM (max_num_tokens 8,192, no chunked prefill): whole prompts beside the 64
    // decoding tokens, 7 of 1,024.
    const trt = offline(R1_TP8, 1024);
    expect(trt.waveLoad!.prefillTokensPerRank).toBe(7 * 1024);
    expect(trt.waveLoad!.promptTokens).toBe(1024);
    expect(offline(R1_TP8, 8192).waveLoad).toBeNull();
    // vLLM fills its 8,192-token budget, splitting the last prompt.
    const vllm = offline({ ...R1_TP8, framework: 'vllm' }, 1024);
    expect(vllm.waveLoad!.prefillTokensPerRank).toBeCloseTo(8192 - 64, 6);
    // Offline, every prompt arrives with the wave: the decode steps share time with wave steps
    // only, the same per prompt as the prompts of a wave ahead of a request take.
    for (const f of [trt, vllm]) {
      expect(f.decodeStepMix.prefill).toBe(0);
      expect(f.decodeStepMix.wave).toBeGreaterThan(0);
      expect(f.waveStep!.totalMs).toBeGreaterThan(f.prefillStep!.totalMs);
    }
  });

  it('an open loop sends none in waves, an offline run all of them, a closed loop the fitted share', () => {
    const at = (protocol: 'closed-loop' | 'offline' | 'poisson') =>
      planOf(
        withWorkload(R1_TP8, { protocol, requestsPerSec: protocol === 'poisson' ? 1 : undefined }),
      ).serving.arrivingInWaves;
    expect(at('poisson')).toBe(0);
    expect(at('offline')).toBe(1);
    expect(at('closed-loop')).toBe(CALIBRATION.closedLoopBurstShare);
  });
});
