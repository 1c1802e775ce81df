import { describe, expect, it } from 'vitest';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { stepTime } from '../../../src/core/perf/step';
import { addSteps, nonNegative, scaleStep, totalOf } from '../../../src/core/perf/step-arithmetic';
import { memoStepTime } from '../../../src/core/perf/step-memo';
import type { StepBreakdown, StepLoad } from '../../../src/core/perf/step-types';
import { STEP_OPS } from '../../../src/core/perf/step-types';
import { stepContext } from '../../../src/core/prepare';
import { preparedOf } from './fixtures';

const p = preparedOf({
  model: 'deepseek-v4-pro',
  hardware: 'b200',
  gpus: 8,
  framework: 'sglang',
  precision: { weights: 'native', kvCache: 'fp8' },
  parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
  workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 64 },
});
const ctx = stepContext(p, CALIBRATION, p.decodeLayout);

const decode = (seqs: number): StepLoad => ({
  decodeSeqsPerRank: seqs,
  tokensPerSeq: 1,
  decodeContextTokens: 8704,
  prefillTokensPerRank: 0,
  promptTokens: 8192,
  instanceTokens: seqs * 8,
  draftTokens: 0,
});

describe('a remembered step', () => {
  it('is the step priced afresh, for each of more loads than the memo keeps', () => {
    const loads = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 1, 89, 2].map(decode);
    for (const load of loads) expect(memoStepTime(ctx, load)).toEqual(stepTime(ctx, load));
  });

  it('tells loads apart by every field: a prompt chunk is not the decode step beside it', () => {
    const d = memoStepTime(ctx, decode(16));
    const withChunk = memoStepTime(ctx, { ...decode(16), prefillTokensPerRank: 2048 });
    const moreDrafts = memoStepTime(ctx, { ...decode(16), tokensPerSeq: 4, draftTokens: 3 });
    expect(withChunk.totalMs).toBeGreaterThan(d.totalMs);
    expect(moreDrafts.totalMs).toBeGreaterThan(d.totalMs);
  });
});

describe('a step context carried from one plan to the next', () => {
  it('is the same while only the workload changes, and another for another layout or format', () => {
    const again = preparedOf({
      ...p.scenario,
      workload: { ...p.scenario.workload, concurrency: 9 },
    });
    expect(stepContext(again, CALIBRATION, again.decodeLayout)).toBe(ctx);
    const tp8 = preparedOf({
      ...p.scenario,
      parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
    });
    expect(stepContext(tp8, CALIBRATION, tp8.decodeLayout)).not.toBe(ctx);
    const bf16 = preparedOf({ ...p.scenario, precision: { weights: 'native', kvCache: 'bf16' } });
    const other = stepContext(bf16, CALIBRATION, bf16.decodeLayout);
    expect(other).not.toBe(ctx);
    expect(other.kvFormat.kv).toBe('bf16');
  });

  it('is the same too for an engine that prices its MoE from another engine’s table', () => {
    for (const framework of ['trtllm', 'sglang'] as const) {
      const r1 = preparedOf({
        ...p.scenario,
        model: 'deepseek-r1',
        framework,
        precision: { weights: 'nvfp4', kvCache: 'fp8' },
      });
      expect(r1.moeStandIn).not.toBeNull();
      const again = preparedOf({
        ...r1.scenario,
        workload: { ...r1.scenario.workload, concurrency: 9 },
      });
      expect(stepContext(again, CALIBRATION, again.decodeLayout)).toBe(
        stepContext(r1, CALIBRATION, r1.decodeLayout),
      );
    }
  });

  it('keeps a prefill pool’s own accelerator in its layout', () => {
    const dis = preparedOf({
      ...p.scenario,
      parallelism: undefined,
      gpus: 16,
      disaggregation: {
        prefill: { gpus: 8, tp: 8, ep: 1, dpAttention: false, hardware: 'h200-sxm' },
        decode: { gpus: 8, tp: 1, ep: 8, dpAttention: true },
      },
    });
    expect(dis.prefillLayout).toMatchObject({ gpus: 8, tp: 8, hardware: 'h200-sxm' });
    expect(stepContext(dis, CALIBRATION, dis.prefillLayout!).hardware.id).toBe('h200-sxm');
  });
});

describe('step arithmetic', () => {
  const a = stepTime(ctx, decode(64));
  const b = stepTime(ctx, { ...decode(64), prefillTokensPerRank: 4096 });

  it('a total is the sum of every operation of the breakdown', () => {
    const ones = Object.fromEntries(STEP_OPS.map((op, i) => [op, 2 ** i])) as StepBreakdown;
    expect(totalOf(ones)).toBe(2 ** STEP_OPS.length - 1);
    expect(totalOf(a.breakdownMs)).toBeCloseTo(a.totalMs, 9);
  });

  it('adds, scales and clamps op by op, and keeps the total the sum of its parts', () => {
    const sum = addSteps(a, b, 0.5);
    const half = scaleStep(b, 0.5);
    const less = nonNegative(addSteps(a, b, -1));
    for (const op of STEP_OPS) {
      expect(sum.breakdownMs[op]).toBeCloseTo(a.breakdownMs[op] + 0.5 * b.breakdownMs[op], 9);
      expect(half.breakdownMs[op]).toBeCloseTo(0.5 * b.breakdownMs[op], 9);
      expect(less.breakdownMs[op]).toBe(Math.max(0, a.breakdownMs[op] - b.breakdownMs[op]));
    }
    expect(sum.totalMs).toBeCloseTo(totalOf(sum.breakdownMs), 9);
    expect(less.totalMs).toBe(totalOf(less.breakdownMs));
  });
});
