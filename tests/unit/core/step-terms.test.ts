import { describe, expect, it } from 'vitest';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { stepTime } from '../../../src/core/perf/step';
import type { StepLoad } from '../../../src/core/perf/step-types';
import {
  ALL_REDUCE_BYTES_PER_VALUE,
  epLayerSeconds,
  ringAllReduceBytes,
} from '../../../src/core/perf/terms/comms';
import { stepEnv } from '../../../src/core/perf/terms/env';
import { expertsTouched } from '../../../src/core/perf/terms/experts';
import { stepContext } from '../../../src/core/prepare';
import type { Parallelism, ScenarioInput } from '../../../src/core/scenario/schema';
import { preparedOf } from './fixtures';

const scenario = (
  parallelism: Parallelism,
  gpus: number,
  hardware = 'h200-sxm',
): ScenarioInput => ({
  model: 'deepseek-r1',
  hardware,
  gpus,
  framework: 'vllm',
  precision: { weights: 'fp8', kvCache: 'fp8' },
  parallelism,
  workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 64 },
});

const decode = (seqs: number, instanceTokens = seqs): StepLoad => ({
  decodeSeqsPerRank: seqs,
  tokensPerSeq: 1,
  decodeContextTokens: 1536,
  prefillTokensPerRank: 0,
  promptTokens: 0,
  instanceTokens,
  draftTokens: 0,
});

/** A step on the rooflines (no tables), with or without notes. */
function step(s: ScenarioInput, load: StepLoad) {
  const p = preparedOf(s);
  const ctx = { ...stepContext(p, CALIBRATION, p.decodeLayout), kernels: null };
  const notes: Parameters<typeof stepTime>[2] = [];
  return { ctx, time: stepTime(ctx, load, notes), notes: notes! };
}

describe('TP all-reduce', () => {
  it('moves 2(g−1)/g of the BF16 message per GPU (ring)', () => {
    expect(ringAllReduceBytes(1_000_000, 8)).toBe(
      (2 * 7 * 1_000_000 * ALL_REDUCE_BYTES_PER_VALUE) / 8,
    );
    expect(ringAllReduceBytes(1_000_000, 1)).toBe(0);
  });

  it('is charged to TP communication only, twice per layer less the EP-combined MoE layers', () => {
    const tp8 = step(scenario({ tp: 8, ep: 1, pp: 1, dpAttention: false }, 8), decode(16));
    expect(tp8.time.breakdownMs.tpComms).toBeGreaterThan(0);
    expect(tp8.time.breakdownMs.epComms).toBe(0);
    expect(tp8.notes.find((n) => n.op === 'tpComms')!.what).toBe('122 TP all-reduces');
    // Four attention-DP ranks of TP 2: 61 layers, 58 of them MoE, whose combine replaces the
    // second all-reduce.
    const dp = step(scenario({ tp: 2, ep: 8, pp: 1, dpAttention: true }, 8), decode(16, 64));
    expect(dp.notes.find((n) => n.op === 'tpComms')!.what).toBe('64 TP all-reduces');
    const tp1 = step(scenario({ tp: 1, ep: 1, pp: 1, dpAttention: false }, 8), decode(16));
    expect(tp1.time.breakdownMs.tpComms).toBe(0);
  });
});

describe('expert parallelism under TP attention', () => {
  it('exchanges no tokens: every rank holds every token, and the TP all-reduce sums the experts', () => {
    const tpOnly = step(scenario({ tp: 8, ep: 1, pp: 1, dpAttention: false }, 8), decode(16));
    const ep = step(scenario({ tp: 8, ep: 8, pp: 1, dpAttention: false }, 8), decode(16));
    expect(ep.time.breakdownMs.epComms).toBe(0);
    expect(ep.notes.some((n) => n.op === 'epComms')).toBe(false);
    expect(ep.notes.find((n) => n.op === 'tpComms')!.what).toBe(
      '122 TP all-reduces (58 of them also sum the EP experts)',
    );
    expect(ep.time.breakdownMs.tpComms).toBe(tpOnly.time.breakdownMs.tpComms);
  });

  it('still dispatches when the experts sit on GPUs outside the TP group', () => {
    const wide = step(scenario({ tp: 4, ep: 8, pp: 1, dpAttention: false }, 8), decode(16));
    expect(wide.time.breakdownMs.epComms).toBeGreaterThan(0);
  });
});

describe('EP dispatch and combine', () => {
  it('sends one copy per remote node across nodes, not one per expert', () => {
    // 16 GPUs over two 8-GPU nodes: k = 8 experts, but at most one NIC copy per token.
    const { ctx } = step(
      scenario({ tp: 1, ep: 16, pp: 1, dpAttention: true }, 16),
      decode(16, 256),
    );
    const env = stepEnv(ctx, decode(16, 256));
    const oneNode = stepEnv(
      {
        ...ctx,
        hardware: { ...ctx.hardware, scaleUp: { ...ctx.hardware.scaleUp, domainGpus: 16 } },
      },
      decode(16, 256),
    );
    // 10,000 tokens a GPU: the bytes, not the fitted per-collective latency, decide.
    const across = epLayerSeconds(env, 10_000, 8);
    const within = epLayerSeconds(oneNode, 10_000, 8);
    // The NIC is slower than NVLink, so crossing nodes costs more, but far less than 8 NIC copies.
    const nic = ((ctx.hardware.scaleOut.bitsPerSecPerGpu ?? 0) / 8) * env.eff.link;
    const eightCopies = (10_000 * 8 * ctx.model.hiddenSize * 3) / nic;
    expect(across).toBeGreaterThan(within);
    expect(across).toBeLessThan(eightCopies / 4);
  });

  it('is charged to EP communication, and only what computation cannot hide', () => {
    const s = scenario({ tp: 1, ep: 8, pp: 1, dpAttention: true }, 8);
    const { time, notes } = step(s, decode(64, 512));
    expect(time.breakdownMs.epComms).toBeGreaterThan(0);
    expect(notes.find((n) => n.op === 'epComms')!.what).toMatch(/exposed/);
  });
});

describe('pipeline hand-off', () => {
  it('costs nothing without PP and grows with the number of stage boundaries', () => {
    const at = (pp: number) =>
      step(scenario({ tp: 8, ep: 8, pp, dpAttention: false }, 8 * pp), decode(16)).time.breakdownMs
        .ppComms;
    expect(at(1)).toBe(0);
    expect(at(2)).toBeGreaterThan(0);
    expect(at(4)).toBeCloseTo(3 * at(2), 9);
  });
});

describe('routed experts touched', () => {
  it('is E(1−(1−k/E)^M) under uniform routing and never more than E', () => {
    expect(expertsTouched(256, 8, 1, 0.25)).toBeCloseTo(8, 9);
    expect(expertsTouched(256, 8, 10, 0.25)).toBeCloseTo(256 * (1 - (1 - 8 / 256) ** 10), 9);
    for (const m of [1, 10, 100, 10_000]) {
      expect(expertsTouched(256, 8, m, 0.4)).toBeLessThanOrEqual(256);
      expect(expertsTouched(256, 8, m + 1, 0.4)).toBeGreaterThanOrEqual(
        expertsTouched(256, 8, m, 0.4),
      );
    }
    // Skewed routing concentrates tokens on fewer experts.
    expect(expertsTouched(256, 8, 32, 0.4)).toBeLessThan(expertsTouched(256, 8, 32, 0.25));
  });
});

describe('draft passes', () => {
  it('cost d sequential passes of one layer of the step', () => {
    const s = scenario({ tp: 8, ep: 1, pp: 1, dpAttention: false }, 8);
    const without = step(s, decode(16)).time.breakdownMs;
    const with3 = step(s, { ...decode(16), draftTokens: 3 }).time.breakdownMs;
    const with1 = step(s, { ...decode(16), draftTokens: 1 }).time.breakdownMs;
    expect(without.draft).toBe(0);
    expect(with3.draft).toBeCloseTo(3 * with1.draft, 9);
    const layer = (without.attention + without.indexer + without.moe + without.dense) / 61;
    expect(with1.draft).toBeGreaterThan(layer);
  });

  it('pass a prompt chunk through the draft layer once, however many tokens are drafted', () => {
    const s = scenario({ tp: 8, ep: 1, pp: 1, dpAttention: false }, 8);
    const prompt: StepLoad = { ...decode(0), prefillTokensPerRank: 4096, promptTokens: 4096 };
    const one = step(s, { ...prompt, draftTokens: 1 });
    const three = step(s, { ...prompt, draftTokens: 3 });
    expect(three.time.breakdownMs.draft).toBeCloseTo(one.time.breakdownMs.draft, 9);
    expect(three.notes.find((n) => n.op === 'draft')!.what).toBe('one draft pass of one layer');
    // Beside decoding sequences, the chunk's share of the layer still passes once.
    const mixed = (d: number) =>
      step(s, { ...prompt, decodeSeqsPerRank: 16, tokensPerSeq: 1 + d, draftTokens: d }).time
        .breakdownMs.draft;
    expect(mixed(3)).toBeLessThan(3 * mixed(1));
  });
});

describe('the step total', () => {
  it('is the sum of its parts, each noted once per term', () => {
    const { time, notes } = step(
      scenario({ tp: 4, ep: 8, pp: 2, dpAttention: false }, 8),
      decode(32),
    );
    const sum = Object.values(time.breakdownMs).reduce((a, b) => a + b, 0);
    expect(time.totalMs).toBeCloseTo(sum, 9);
    const noted = notes.reduce((a, n) => a + n.ms, 0);
    expect(noted).toBeCloseTo(time.totalMs, 6);
  });
});
