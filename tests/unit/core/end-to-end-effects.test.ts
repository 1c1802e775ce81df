import { describe, expect, it } from 'vitest';
import { prefillBudget } from '../../../src/core/framework';
import { atArrivalRate, slotQueueMs } from '../../../src/core/protocol';
import { headPadding } from '../../../src/core/perf/terms/attention';
import { expectedMaxChunks } from '../../../src/core/serving';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO, Scenario } from '../../../src/core/scenario/schema';
import { explain } from '../../../src/core/explain';
import { plan } from '../../../src/core/plan';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { cloneCalibration, launchParameter } from '../../../src/core/validation/parameters';
import { catalog, planOf } from './fixtures';

const hw = (id: string) => catalog.hardware.get(id)!;
const model = (id: string) => catalog.models.get(id)!;
const workload = (w: Partial<ScenarioInput['workload']>): ScenarioInput => ({
  ...DEFAULT_SCENARIO,
  workload: { ...DEFAULT_SCENARIO.workload, ...w },
});

describe('attention-DP ranks step together', () => {
  it('one rank runs exactly its own prompt chunks per step', () => {
    for (const own of [0, 0.2, 1, 2.5]) expect(expectedMaxChunks(own, 9, 1)).toBeCloseTo(own, 12);
  });

  it('the busiest of several ranks runs at least as many chunks as one, and at most one more than the most loaded', () => {
    for (const ranks of [2, 8, 32])
      for (const lambda of [0.01, 0.3, 0.9, 1.5]) {
        const m = expectedMaxChunks(lambda, lambda, ranks);
        expect(m).toBeGreaterThanOrEqual(lambda - 1e-12);
        expect(m).toBeLessThanOrEqual(Math.floor(lambda) + 1);
        expect(m).toBeGreaterThanOrEqual(expectedMaxChunks(lambda, lambda, ranks - 1) - 1e-12);
      }
  });

  it('under prefill load, a step of eight SGLang attention-DP ranks lasts longer than its decode alone', () => {
    // V4-Pro at 8K prompts: any rank's prefill step holds up all eight.
    const p = planOf(workload({ concurrency: 256 }));
    const decodeMs = Object.values(p.serving.decodeStepMs).reduce((a, b) => a + b, 0);
    const decodeOnly = p.serving.decodePricing.reduce((a, l) => a + l.ms, 0);
    expect(decodeMs).toBeCloseTo(p.latency.stepMs, 6);
    expect(p.latency.stepMs).toBeGreaterThan(decodeOnly * 1.05);
  });
});

describe('documented running-request limits', () => {
  it('SGLang runs at most 256 DeepSeek-V4 requests per server unless told otherwise; the rest queue', () => {
    const p = planOf(workload({ concurrency: 4096 }));
    expect(p.throughput.runningSequences).toBe(256);
    const set = planOf({ ...workload({ concurrency: 4096 }), maxBatchPerRank: 64 });
    expect(set.throughput.runningSequences).toBe(512);
  });

  it('vLLM admits its --max-num-seqs default: 1,024 per rank on a 141 GiB H200, 256 on a 48 GiB L40S', () => {
    // Short requests, so KV memory holds more than either limit.
    const gptOss = (hardware: string, gpus: number): ScenarioInput => ({
      ...DEFAULT_SCENARIO,
      model: 'gpt-oss-120b',
      hardware,
      gpus,
      framework: 'vllm',
      precision: { weights: 'native', kvCache: 'fp8' },
      parallelism: { tp: gpus, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: 256, outputTokens: 256, concurrency: 4096 },
    });
    expect(planOf(gptOss('h200-sxm', 1)).throughput.runningSequences).toBe(1024);
    expect(planOf(gptOss('l40s', 4)).throughput.runningSequences).toBe(256);
    const set = planOf({ ...gptOss('h200-sxm', 1), maxBatchPerRank: 300 });
    expect(set.throughput.runningSequences).toBe(300);
  });

  const engineLimit = (p: ReturnType<typeof planOf>) =>
    p.warnings.find((w) => w.code === 'engine-running-limit');

  it('says so when the engine, not KV memory, keeps requests waiting, and names whose limit it is', () => {
    const held = planOf(workload({ concurrency: 512 }));
    expect(held.memory.maxConcurrency).toBeGreaterThan(512);
    expect(engineLimit(held)?.message).toMatch(
      /SGLang.*--max-running-requests 256.*256 of the 512/,
    );
    const set = planOf({ ...workload({ concurrency: 512 }), maxBatchPerRank: 16 });
    expect(engineLimit(set)?.message).toMatch(
      /limit set here \(16 per attention rank\).*128 of the 512/,
    );
  });

  it('where both hold requests back, the engine limit is named beside the KV cache', () => {
    // R1 at 1K/1K, 8,192 in flight: the KV cache holds ~4,900, SGLang's fitted limit 4,096.
    const r1 = planOf({
      ...workload({ concurrency: 8192, inputTokens: 1000, outputTokens: 1000 }),
      model: 'deepseek-r1',
    });
    expect(r1.memory.maxConcurrency).toBeGreaterThan(r1.throughput.runningSequences);
    const codes = r1.warnings.map((w) => w.code);
    expect(codes).toContain('engine-running-limit');
    expect(codes).toContain('requests-queue');
  });

  it('stays silent below the limit, and leaves a KV-bound queue to the memory warning', () => {
    expect(engineLimit(planOf(workload({ concurrency: 128 })))).toBeUndefined();
    const long = planOf(workload({ concurrency: 4096, inputTokens: 500_000 }));
    expect(long.memory.maxConcurrency).toBeLessThan(256);
    expect(long.warnings.map((w) => w.code)).toContain('requests-queue');
    expect(engineLimit(long)).toBeUndefined();
  });
});

describe('framework prefill budgets (engines.md §4.3)', () => {
  it('SGLang keys the chunk to GPU memory and divides it among DP-attention ranks', () => {
    expect(prefillBudget('sglang', hw('h100-sxm'), 1).tokensPerRank).toBe(8192);
    expect(prefillBudget('sglang', hw('b200'), 1).tokensPerRank).toBe(16384);
    expect(prefillBudget('sglang', hw('b200'), 8).tokensPerRank).toBe(2048);
  });

  it('SGLang still batches whole short prompts up to --max-prefill-tokens per rank', () => {
    expect(prefillBudget('sglang', hw('gb200-nvl72'), 4).batchTokensPerRank).toBe(16384);
  });

  it('a disaggregated SGLang prefill pool (DP4, 4,096-token chunks) runs eight 2,000-token prompts per rank and step', () => {
    const pool = (inputTokens: number): ScenarioInput => ({
      ...DEFAULT_SCENARIO,
      model: 'deepseek-r1',
      hardware: 'gb200-nvl72',
      gpus: 52,
      parallelism: undefined,
      disaggregation: {
        prefill: { gpus: 4, tp: 1, ep: 4, pp: 1, dpAttention: true },
        decode: { gpus: 48, tp: 1, ep: 48, pp: 1, dpAttention: true },
      },
      workload: { inputTokens, outputTokens: 100, concurrency: 4096 },
    });
    const p = planOf(pool(2000));
    const stepMs = Object.values(p.serving.prefillStepMs!).reduce((a, b) => a + b, 0);
    // One rank per GPU: input tokens/s per GPU = 8 × 2,000 tokens per step.
    expect(p.throughput.prefillTokPerSecPerPrefillGpu).toBeCloseTo((8 * 2000 * 1000) / stepMs, 6);
  });

  it('vLLM and TensorRT-LLM budget 8,192 tokens per rank on large GPUs', () => {
    expect(prefillBudget('vllm', hw('h200-sxm'), 8).tokensPerRank).toBe(8192);
    expect(prefillBudget('trtllm', hw('b200'), 8).tokensPerRank).toBe(8192);
  });
});

describe('narrow TP shards of latent attention pad heads to the kernel tile', () => {
  it('V4-Pro at TP8 (16 heads per rank) computes 64: four times the work', () => {
    const m = model('deepseek-v4-pro');
    expect(m.attention.numHeads / 8).toBe(16);
    expect(headPadding(m, 8)).toBe(4);
    expect(headPadding(m, 1)).toBe(1);
  });

  it('grouped-query attention does not pad', () => {
    expect(headPadding(model('qwen3-235b-a22b'), 8)).toBe(1);
  });
});

/** V4-Pro on 8 prefill + 8 decode B200s, both pools DP8 EP8. */
const DISAGGREGATED: ScenarioInput = {
  ...DEFAULT_SCENARIO,
  gpus: 16,
  parallelism: undefined,
  disaggregation: {
    prefill: { gpus: 8, tp: 1, ep: 8, pp: 1, dpAttention: true },
    decode: { gpus: 8, tp: 1, ep: 8, pp: 1, dpAttention: true },
  },
};

describe('disaggregated TTFT = prefill queue + prefill + KV transfer + first decode step', () => {
  const dis: ScenarioInput = {
    ...DISAGGREGATED,
    workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 4 },
  };

  it('names the transfer, and the first token waits for it and for one decode step', () => {
    const p = planOf(dis);
    expect(p.serving.kvTransferMs).toBeGreaterThan(0);
    expect(p.latency.ttftMs).toBeGreaterThan(p.serving.kvTransferMs! + p.latency.stepMs);
  });

  it('a longer prompt moves more KV', () => {
    const short = planOf(dis).serving.kvTransferMs!;
    const long = planOf({ ...dis, workload: { ...dis.workload, inputTokens: 65536 } }).serving
      .kvTransferMs!;
    expect(long).toBeGreaterThan(short);
  });
});

describe('the benchmark protocol', () => {
  it('defaults to the closed loop public benchmarks run', () => {
    expect(Scenario.parse(DEFAULT_SCENARIO).workload.protocol).toBe('closed-loop');
  });

  it('Poisson arrivals need a rate', () => {
    expect(Scenario.safeParse(workload({ protocol: 'poisson' })).success).toBe(false);
    expect(Scenario.safeParse(workload({ protocol: 'poisson', requestsPerSec: 2 })).success).toBe(
      true,
    );
  });

  it('submitting every request at once (offline) never gives a shorter TTFT than a closed loop of as many users, when all of them can run', () => {
    for (const c of [8, 64, 256]) {
      const closed = planOf(workload({ concurrency: c }));
      const offline = planOf(workload({ concurrency: c, protocol: 'offline' }));
      expect(offline.latency.ttftMs).toBeGreaterThanOrEqual(closed.latency.ttftMs - 1e-9);
    }
  });

  it('one TP group does the same work whether its prompts arrive in waves or staggered, when each prompt fills steps of its own: the wave moves prefill out of TPOT into TTFT, not the throughput', () => {
    const tp8 = { tp: 8, ep: 8, pp: 1, dpAttention: false };
    // 32K-token prompts: past SGLang's 16K chunk on B200, so a wave's prompts never share a step.
    const long = { inputTokens: 32768 };
    for (const c of [8, 64, 256]) {
      const closed = planOf({ ...workload({ ...long, concurrency: c }), parallelism: tp8 });
      const offline = planOf({
        ...workload({ ...long, concurrency: c, protocol: 'offline' }),
        parallelism: tp8,
      });
      expect(offline.serving.promptsPerWaveStep).toBe(1);
      expect(offline.throughput.outputTokPerSecPerGpu).toBeCloseTo(
        closed.throughput.outputTokPerSecPerGpu,
        6,
      );
      expect(offline.latency.tpotMs).toBeLessThanOrEqual(closed.latency.tpotMs + 1e-9);
    }
  });

  it('attention-DP ranks whose prompts arrive in one wave prefill together, so an offline run serves at least as fast as a staggered closed loop', () => {
    for (const c of [16, 64, 256]) {
      const closed = planOf(workload({ concurrency: c }));
      const offline = planOf(workload({ concurrency: c, protocol: 'offline' }));
      expect(offline.throughput.outputTokPerSecPerGpu).toBeGreaterThanOrEqual(
        closed.throughput.outputTokPerSecPerGpu * (1 - 1e-9),
      );
    }
  });

  it('an open loop runs as many requests as its rate sustains: more arrivals, more in flight, slower tokens', () => {
    const slow = planOf(workload({ concurrency: 512, protocol: 'poisson', requestsPerSec: 0.5 }));
    const fast = planOf(workload({ concurrency: 512, protocol: 'poisson', requestsPerSec: 2 }));
    expect(slow.throughput.requestsPerSec).toBeCloseTo(0.5, 2);
    expect(fast.throughput.requestsPerSec).toBeCloseTo(2, 2);
    expect(fast.throughput.runningSequences).toBeGreaterThan(slow.throughput.runningSequences);
    expect(fast.latency.tpotMs).toBeGreaterThanOrEqual(slow.latency.tpotMs);
    expect(slow.serving.overloaded).toBe(false);
  });

  it('arrivals beyond what the deployment completes are flagged, not priced as a steady state', () => {
    const p = planOf(workload({ concurrency: 64, protocol: 'poisson', requestsPerSec: 1e5 }));
    expect(p.serving.overloaded).toBe(true);
    expect(p.warnings.map((w) => w.code)).toContain('arrivals-exceed-capacity');
  });

  it('an open loop below capacity does not queue for slots; offline queues less on average than a closed loop', () => {
    expect(slotQueueMs('poisson', 100, 10, 5)).toBe(0);
    expect(slotQueueMs('offline', 100, 10, 5)).toBeLessThan(slotQueueMs('closed-loop', 100, 10, 5));
    expect(slotQueueMs('closed-loop', 10, 10, 5)).toBe(0);
  });

  it('the arrival-rate search finds the concurrency whose completion rate matches', () => {
    // Completion rate of a toy deployment: c / (1 + c/100) requests/s.
    const r = atArrivalRate((c) => ({ requestsPerSec: c / (1 + c / 100) }), 20, 1000);
    expect(r.overloaded).toBe(false);
    expect(r.concurrency).toBeCloseTo(25, 1);
  });
});

describe('frameworks run only on their vendor’s GPUs', () => {
  const on = (hardware: string, framework: ScenarioInput['framework']): ScenarioInput => ({
    ...DEFAULT_SCENARIO,
    hardware,
    framework,
  });

  it('TensorRT-LLM on an AMD GPU and ATOM on an NVIDIA GPU are invalid scenarios', () => {
    const amd = plan(on('mi355x', 'trtllm'), catalog);
    expect(amd.ok).toBe(false);
    if (!amd.ok) expect(amd.errors.join()).toMatch(/does not run on/);
    expect(plan(on('b200', 'atom'), catalog).ok).toBe(false);
  });

  it('ATOM plans on MI355X, with its 16K-token prefill budget', () => {
    const p = planOf(on('mi355x', 'atom'));
    expect(p.latency.tpotMs).toBeGreaterThan(0);
    expect(prefillBudget('atom', hw('mi355x'), 8).tokensPerRank).toBe(16384);
  });

  it('AMD GPUs, priced without kernel tables of their own, launch kernels slower than the NVIDIA GPU whose tables stand in (fitted on the AMD rows)', () => {
    expect(CALIBRATION.generations.cdna3.launch).toBeGreaterThan(1);
    expect(CALIBRATION.generations.cdna4.launch).toBeGreaterThan(1);
  });

  it('every AMD generation launches through one runtime: one fitted factor for all of them', () => {
    expect(CALIBRATION.generations.cdna3.launch).toBe(CALIBRATION.generations.cdna4.launch);
    const rocm = launchParameter('rocm');
    const c = cloneCalibration(CALIBRATION);
    rocm.set(c, 2.5);
    expect([c.generations.cdna3.launch, c.generations.cdna4.launch]).toEqual([2.5, 2.5]);
    expect(c.generations.hopper.launch).toBe(CALIBRATION.generations.hopper.launch);
  });
});

describe('pipeline stages hand their hidden states over a link', () => {
  const llama = (hardware: string): ScenarioInput => ({
    ...DEFAULT_SCENARIO,
    model: 'llama-3.1-405b',
    hardware,
    gpus: 16,
    precision: { weights: 'fp8', kvCache: 'fp8' },
    parallelism: { tp: 8, ep: 1, pp: 2, dpAttention: false },
    workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 256 },
  });
  const handoffMs = (s: ScenarioInput) =>
    planOf(s).serving.decodePricing.find((l) => l.what.includes('pipeline-stage hand-off'))!.ms;

  it('across two 8-GPU nodes (the NIC) the hand-off takes longer than inside one NVLink rack', () => {
    expect(handoffMs(llama('h100-sxm'))).toBeGreaterThan(handoffMs(llama('gb200-nvl72')));
  });

  it('without pipeline stages there is no hand-off', () => {
    const flat = planOf({
      ...llama('h100-sxm'),
      gpus: 8,
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
    });
    expect(flat.serving.decodePricing.some((l) => l.what.includes('hand-off'))).toBe(false);
  });
});

describe('show the math for TTFT', () => {
  it('names the arrivals, and for disaggregated serving the KV transfer and the first decode step', () => {
    const dis = planOf(DISAGGREGATED);
    const labels = explain(dis, 'ttft').inputs.map((i) => i.label);
    expect(labels).toEqual(
      expect.arrayContaining(['arrivals', 'KV transfer to the decode pool', 'first decode step']),
    );
    const agg = explain(planOf(DEFAULT_SCENARIO), 'ttft').inputs.map((i) => i.label);
    expect(agg).not.toContain('KV transfer to the decode pool');
  });
});
