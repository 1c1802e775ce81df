import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enginesFor } from '../../../src/core/framework';
import { COMPARED_METRICS } from '../../../src/core/compare';
import { contextCurves } from '../../../src/core/context-curves';
import { plan } from '../../../src/core/plan';
import { resolveUsdPerGpuHour } from '../../../src/core/price';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import type { SweepQuery } from '../../../src/core/sweep';
import { runSweep } from '../../../src/core/sweep';
import { anyPlanOf, catalog, planOf } from './fixtures';

const codes = (s: ScenarioInput) => anyPlanOf(s).warnings.map((w) => w.code);

describe('one cost definition: every path gives the same $/M for the same deployment', () => {
  it('the sweep, Compare and the context explorer price a deployment as the Planner does', () => {
    const flash = {
      model: 'deepseek-v4-flash',
      series: [{ hardware: 'b200', weights: 'native' as const, framework: 'sglang' as const }],
      inputTokens: 4096,
      outputTokens: 256,
      disaggregated: false,
      speculative: false,
    } satisfies SweepQuery;
    const point = runSweep(flash, catalog).points.find(
      (p) =>
        p.scenario.gpus === 8 &&
        p.scenario.parallelism?.dpAttention &&
        p.scenario.workload.concurrency === 8,
    )!;
    const p = planOf(point.scenario);
    expect(point.usdPerMillionOutputTokens).toBeCloseTo(p.cost.usdPerMillionOutputTokens!, 9);
    expect(point.usdPerMillionInputTokens).toBeCloseTo(p.cost.usdPerMillionInputTokens!, 9);
    // Compare shows the plan's own figures.
    const usdOut = COMPARED_METRICS.find((m) => m.key === 'usdOut')!;
    expect(usdOut.value(p)).toBeCloseTo(p.cost.usdPerMillionOutputTokens!, 9);
    // The context explorer's point at the same scenario: 4,352 tokens of context.
    const curve = contextCurves(
      {
        models: ['deepseek-v4-flash'],
        hardware: 'b200',
        gpus: 8,
        kvCache: 'fp8',
        concurrency: 8,
        outputTokens: 256,
      },
      catalog,
    )[0]!;
    const at4k = curve.points.find((x) => x.contextTokens === 4096)!;
    const same = planOf({
      ...point.scenario,
      workload: { inputTokens: 4096 - 256, outputTokens: 256, concurrency: 8 },
    });
    expect(at4k.usdPerMillionOutputTokens).toBeCloseTo(same.cost.usdPerMillionOutputTokens!, 9);
    expect(at4k.usdPerRequest).toBeCloseTo(
      (3840 * same.cost.usdPerMillionInputTokens! + 256 * same.cost.usdPerMillionOutputTokens!) /
        1e6,
      12,
    );
  });
  it('output pays for decode and input for prefill: together they are all the GPU time', () => {
    const p = planOf(DEFAULT_SCENARIO);
    const { inputTokens, outputTokens } = DEFAULT_SCENARIO.workload;
    const perRequest =
      (inputTokens * p.cost.usdPerMillionInputTokens! +
        outputTokens * p.cost.usdPerMillionOutputTokens!) /
      1e6;
    const gpuSecondsPerRequest = DEFAULT_SCENARIO.gpus / p.throughput.requestsPerSec;
    expect(perRequest).toBeCloseTo((p.cost.usdPerGpuHour! * gpuSecondsPerRequest) / 3600, 9);
  });
});

describe('the price follows the hardware unless the user set their own', () => {
  it('the default carries a tier: H200 is priced at its own tier, not B200’s dollars', () => {
    const h200 = catalog.hardware.get('h200-sxm')!;
    const b200 = catalog.hardware.get('b200')!;
    const onH200 = { ...DEFAULT_SCENARIO, hardware: 'h200-sxm' };
    expect(resolveUsdPerGpuHour(onH200, h200)).toBe(h200.usdPerGpuHour.rental3yr);
    expect(resolveUsdPerGpuHour(DEFAULT_SCENARIO, b200)).toBe(b200.usdPerGpuHour.rental3yr);
    expect(h200.usdPerGpuHour.rental3yr).not.toBe(b200.usdPerGpuHour.rental3yr);
    const own = { ...onH200, pricing: { usdPerGpuHour: 1.23 } };
    expect(resolveUsdPerGpuHour(own, h200)).toBe(1.23);
  });
});

describe('no figures for a deployment that cannot run', () => {
  it('V4-Pro on 8×H100: no latency, throughput, cost or energy; the reason and a fix instead', () => {
    const p = anyPlanOf({ ...DEFAULT_SCENARIO, hardware: 'h100-sxm' });
    expect(p.runs).toBe(false);
    expect(p.memory.fits).toBe(false);
    expect(p.serving).toBeNull();
    for (const group of [p.latency, p.throughput, p.cost, p.energy])
      for (const v of Object.values(group)) expect(v).toBeNull();
    expect(p.memory.reason).toMatch(/weights alone need/);
    const fix = p.memory.fewestGpus!;
    expect(fix.gpus).toBeGreaterThan(8);
    expect(anyPlanOf({ ...DEFAULT_SCENARIO, hardware: 'h100-sxm', ...fix }).runs).toBe(true);
  });
  it('an engine reserve that leaves no room assumes the memory flag, and says so', () => {
    // DeepSeek-V3 FP8 on 4×B200 TP4 with SGLang (a published run): SGLang's automatic reserve
    // leaves no room for one 9K sequence beside 157 GiB of weights; --mem-fraction-static does.
    const s: ScenarioInput = {
      model: 'deepseek-v3',
      hardware: 'b200',
      gpus: 4,
      precision: { weights: 'fp8', kvCache: 'fp8' },
      framework: 'sglang',
      parallelism: { tp: 4, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 4 },
    };
    const p = anyPlanOf(s);
    expect(p.runs).toBe(true);
    expect(p.memory.assumedMemoryUtilization).toBe(0.95);
    expect(p.warnings.map((w) => w.code)).toContain('memory-flag-assumed');
    // A flag the user set is theirs: no other is tried.
    expect(anyPlanOf({ ...s, memoryUtilization: 0.8 }).runs).toBe(false);
  });
});

describe('queues are not throughput', () => {
  it('warns when TTFT measures a queue (past a minute)', () => {
    expect(
      codes({
        ...DEFAULT_SCENARIO,
        workload: { inputTokens: 131072, outputTokens: 1024, concurrency: 256 },
      }),
    ).toContain('ttft-beyond-bound');
    expect(codes(DEFAULT_SCENARIO)).not.toContain('ttft-beyond-bound');
  });
  it('warns when the prefill pool is the bottleneck of a disaggregated deployment', () => {
    const s: ScenarioInput = {
      ...DEFAULT_SCENARIO,
      gpus: 64,
      parallelism: undefined,
      disaggregation: {
        prefill: { gpus: 8, tp: 8, ep: 8, pp: 1, dpAttention: false },
        decode: { gpus: 56, tp: 1, ep: 56, pp: 1, dpAttention: true },
      },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 2048 },
    };
    expect(planOf(s).serving.limitedBy).toBe('prefill');
    expect(codes(s)).toContain('prefill-pool-bottleneck');
  });
});

describe('how far to trust the figures', () => {
  it('says when no measured kernel table prices the deployment, and only then', () => {
    const mi355x = { ...DEFAULT_SCENARIO, hardware: 'mi355x' };
    const w = anyPlanOf(mi355x).warnings.find((x) => x.code === 'priced-on-rooflines');
    expect(w?.message).toContain('AMD Instinct MI355X');
    expect(codes(DEFAULT_SCENARIO)).not.toContain('priced-on-rooflines');
  });
});

describe('attention-DP that leaves one attention rank', () => {
  it('says so where TP spans the instance, and tells how the engines spell DP 8', () => {
    const tp8dp: ScenarioInput = {
      ...DEFAULT_SCENARIO,
      parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: true },
    };
    const w = anyPlanOf(tp8dp).warnings.find((x) => x.code === 'attention-dp-one-rank');
    expect(w?.message).toContain('8 GPUs at TP 8 leave one');
    expect(w?.message).toContain('is TP 1 with EP 8 here');
    // TP 1 over EP 8 (the default) runs 8 attention ranks; TP 2 over EP 8 runs 4.
    expect(codes(DEFAULT_SCENARIO)).not.toContain('attention-dp-one-rank');
    expect(
      codes({ ...tp8dp, parallelism: { tp: 2, ep: 8, pp: 1, dpAttention: true } }),
    ).not.toContain('attention-dp-one-rank');
  });
});

describe('V4 prefill split by TP', () => {
  it('says when its measured attention modules do not split across TP ranks, with their figures', () => {
    const tp8: ScenarioInput = {
      ...DEFAULT_SCENARIO,
      parallelism: { tp: 8, ep: 1, pp: 1, dpAttention: false },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 1 },
    };
    const w = anyPlanOf(tp8).warnings.find((x) => x.code === 'v4-prefill-tp-repeats');
    // SGLang 0.5.14 on B200: one 8K prompt's CSA and HCA modules at TP 8 against TP 1.
    expect(w?.message).toMatch(
      /^Prefill at TP 8: one 8,192-token prompt's attention runs [1-3]\.\d× faster than at TP 1 on 8× the GPUs \(measured, SGLang 0\.5\.\d+, NVIDIA B200/,
    );
    // Attention-DP prefills each prompt on one rank; V3's latent attention splits by heads.
    expect(codes(DEFAULT_SCENARIO)).not.toContain('v4-prefill-tp-repeats');
    expect(
      codes({ ...tp8, model: 'deepseek-v3', precision: { weights: 'nvfp4', kvCache: 'fp8' } }),
    ).not.toContain('v4-prefill-tp-repeats');
    // A GPU without measured modules says nothing it cannot show.
    expect(codes({ ...tp8, hardware: 'mi355x' })).not.toContain('v4-prefill-tp-repeats');
  });
});

describe('idle replicas add capacity, never per-user speed', () => {
  it('one user on 16 GPUs of TP8 instances is no faster than on 8', () => {
    const at = (gpus: number) =>
      planOf({
        ...DEFAULT_SCENARIO,
        gpus,
        parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
        workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 1 },
      });
    expect(at(16).throughput.tokPerSecPerUser).toBeCloseTo(at(8).throughput.tokPerSecPerUser, 9);
    expect(at(16).latency.ttftMs).toBeCloseTo(at(8).latency.ttftMs, 9);
  });
});

describe('TPOT is decode only', () => {
  it('a 1M-token prompt with one output token: TPOT is a decode step, its prefill is in TTFT', () => {
    const at = (out: number) =>
      planOf({
        model: 'deepseek-v4-flash',
        hardware: 'b200',
        gpus: 8,
        precision: { weights: 'native', kvCache: 'fp8' },
        framework: 'sglang',
        parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
        workload: { inputTokens: 2 ** 20 - out, outputTokens: out, concurrency: 1 },
      });
    const one = at(1);
    expect(one.latency.tpotMs).toBeLessThan(one.latency.ttftMs / 100);
    // One more output token changes the decode step, not by a prefill's worth.
    expect(at(2).latency.tpotMs / one.latency.tpotMs).toBeCloseTo(1, 1);
  });
});

const models = [...catalog.models.keys()];
const hardware = [...catalog.hardware.values()];

/** Any plannable scenario of the catalog: model, GPU and one of its engines, a layout that tiles
 * the GPUs, aggregated or disaggregated, any workload and arrivals. */
const scenario: fc.Arbitrary<ScenarioInput> = fc
  .record({
    model: fc.constantFrom(...models),
    hw: fc.constantFrom(...hardware),
    fw: fc.nat(3),
    log2Gpus: fc.integer({ min: 0, max: 6 }),
    tpShift: fc.nat(3),
    wide: fc.boolean(),
    dis: fc.boolean(),
    inputTokens: fc.integer({ min: 1, max: 262_144 }),
    outputTokens: fc.integer({ min: 1, max: 16_384 }),
    concurrency: fc.integer({ min: 1, max: 8192 }),
    protocol: fc.constantFrom('closed-loop', 'offline', 'poisson'),
    rate: fc.double({ min: 0.01, max: 100, noNaN: true }),
    mtp: fc.boolean(),
  })
  .map((r) => {
    const gpus = 2 ** r.log2Gpus;
    const engines = enginesFor(r.hw);
    const tp = Math.min(gpus, 2 ** r.tpShift);
    const layout = r.wide
      ? { tp: 1, ep: gpus, pp: 1, dpAttention: true }
      : { tp, ep: tp, pp: 1, dpAttention: false };
    const half = Math.max(1, gpus / 2);
    return {
      model: r.model,
      hardware: r.hw.id,
      gpus,
      precision: { weights: 'native', kvCache: 'fp8' },
      framework: engines[r.fw % engines.length]!,
      ...(r.dis && gpus >= 2
        ? {
            disaggregation: {
              prefill: { gpus: half, tp: half, ep: half, pp: 1, dpAttention: false },
              decode: { gpus: half, tp: 1, ep: half, pp: 1, dpAttention: true },
            },
          }
        : { parallelism: layout }),
      workload: {
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        concurrency: r.concurrency,
        protocol: r.protocol,
        ...(r.protocol === 'poisson' ? { requestsPerSec: r.rate } : {}),
      },
      ...(r.mtp ? { speculative: { draftTokens: 1, acceptanceLength: 1.8 } } : {}),
    } as ScenarioInput;
  });

describe('no figure is ever NaN, infinite or negative', () => {
  it('every plannable scenario: figures finite and non-negative, no step part below zero', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = plan(s, catalog);
        if (!r.ok || !r.plan.runs) return;
        const p = r.plan;
        const figures = {
          ...p.latency,
          ...p.throughput,
          ...p.energy,
          usdPerMillionOutputTokens: p.cost.usdPerMillionOutputTokens,
          usdPerMillionInputTokens: p.cost.usdPerMillionInputTokens,
        };
        for (const [k, v] of Object.entries(figures))
          if (typeof v === 'number') expect(Number.isFinite(v) && v >= 0, `${k} = ${v}`).toBe(true);
        for (const step of [p.serving.decodeStepMs, p.serving.prefillStepMs])
          for (const [op, ms] of Object.entries(step ?? {}))
            expect(Number.isFinite(ms) && ms >= 0, `${op} = ${ms} ms`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('corner cases the property test found', () => {
  it('one-token prompts beside thousands of decoding sequences never give a negative TTFT', () => {
    const p = planOf({
      model: 'deepseek-v4-pro',
      hardware: 'gb300-nvl72',
      gpus: 32,
      precision: { weights: 'native', kvCache: 'fp8' },
      framework: 'trtllm',
      parallelism: { tp: 1, ep: 32, pp: 1, dpAttention: true },
      workload: { inputTokens: 1, outputTokens: 1, concurrency: 8177, protocol: 'closed-loop' },
      speculative: { draftTokens: 1, acceptanceLength: 1.8 },
    });
    expect(p.latency.ttftMs).toBeGreaterThan(0);
  });
});

describe('prompts stalling an attention-DP decode step', () => {
  // DeepSeek-V4-Pro on 8×B200, attention-DP 8, 8K prompts and 1K outputs (SGLang's cookbook shape).
  const dp8 = (concurrency: number): ScenarioInput => ({
    ...DEFAULT_SCENARIO,
    parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
    workload: { inputTokens: 8192, outputTokens: 1024, concurrency },
  });

  it('warns where prompt chunks take a third of the step or more, naming the share and the spread measured', () => {
    const p = anyPlanOf(dp8(256));
    const w = p.warnings.find((x) => x.code === 'prompts-stall-dp-decode');
    expect(w?.message).toMatch(/^Prompts stall decoding: \d+% of each [\d.]+ ms decode step/);
    expect(w?.message).toContain('all 8 attention-DP ranks');
    expect(w?.message).toContain('0.5–1.4× the TPOT');
  });

  it('stays quiet at one request per rank, at one attention rank, and with disaggregated prefill', () => {
    expect(codes(dp8(8))).not.toContain('prompts-stall-dp-decode');
    expect(
      codes({ ...dp8(256), parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false } }),
    ).not.toContain('prompts-stall-dp-decode');
    expect(
      codes({
        ...dp8(256),
        gpus: 16,
        parallelism: undefined,
        disaggregation: {
          prefill: { gpus: 8, tp: 1, ep: 8, pp: 1, dpAttention: true },
          decode: { gpus: 8, tp: 1, ep: 8, pp: 1, dpAttention: true },
        },
      }),
    ).not.toContain('prompts-stall-dp-decode');
  });
});
