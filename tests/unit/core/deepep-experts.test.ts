import { describe, expect, it } from 'vitest';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { stepPricing } from '../../../src/core/perf/step-pricing';
import type { StepLoad } from '../../../src/core/perf/step-types';
import { stepContext } from '../../../src/core/prepare';
import type { Framework, ScenarioInput } from '../../../src/core/scenario/schema';
import { preparedOf } from './fixtures';

/** DeepSeek-R1 in FP8 on 4 GB200 GPUs, attention-DP with EP 4 (the lmsys GB200 prefill shape). */
const r1Dep4 = (framework: Framework, dpAttention = true): ScenarioInput => ({
  model: 'deepseek-r1',
  hardware: 'gb200-nvl72',
  gpus: 4,
  framework,
  precision: { weights: 'fp8', kvCache: 'fp8' },
  parallelism: dpAttention
    ? { tp: 1, ep: 4, pp: 1, dpAttention: true }
    : { tp: 4, ep: 4, pp: 1, dpAttention: false },
  workload: { inputTokens: 2048, outputTokens: 256, concurrency: 64 },
});

/** A prefill step of `perRank` prompt tokens on every rank. */
const prefill = (perRank: number, ranks: number): StepLoad => ({
  decodeSeqsPerRank: 0,
  tokensPerSeq: 1,
  decodeContextTokens: 0,
  prefillTokensPerRank: perRank,
  promptTokens: perRank,
  instanceTokens: perRank * ranks,
  draftTokens: 0,
});

function routed(s: ScenarioInput, perRank: number) {
  const p = preparedOf(s);
  const ctx = stepContext(p, CALIBRATION, p.decodeLayout);
  const ranks = p.decodeLayout.attentionDpRanks;
  return stepPricing(ctx, prefill(perRank, ranks)).find((l) => l.what === 'routed experts')!;
}

const tableMsIn = (source: string): number =>
  Number(
    /measured fused MoE over every gathered token \(([\d.,]+) ms\)/
      .exec(source)![1]!
      .replace(/,/g, ''),
  );

describe('SGLang’s attention-DP experts run on DeepEP’s own tokens where that is faster', () => {
  it('a 16K-token prefill chunk a rank prices the rank’s own routed tokens, below the table of every gathered token, and says so', () => {
    // SGLang's table times FlashInfer's TensorRT-LLM MoE, which scans every token of the instance
    // on each rank; DeepEP hands a rank only the tokens routed to its experts.
    const line = routed(r1Dep4('sglang'), 16_384);
    expect(line.basis).toBe('roofline');
    expect(line.source).toMatch(/^DeepEP hands each rank only the tokens routed to its experts/);
    expect(line.source).toMatch(/roofline at \d+% of peak FLOP\/s/);
    expect(line.ms).toBeLessThan(tableMsIn(line.source));
  });

  it('never costs more than the measured fused MoE at any chunk', () => {
    for (const perRank of [64, 512, 2048, 8192, 16_384]) {
      const line = routed(r1Dep4('sglang'), perRank);
      if (line.basis === 'roofline') expect(line.ms).toBeLessThan(tableMsIn(line.source));
      else expect(line.basis).toBe('kernel');
    }
  });

  it('vLLM at the same layout prices its table: its default all-to-all gathers every token', () => {
    const line = routed(r1Dep4('vllm'), 16_384);
    expect(line.basis).toBe('kernel');
    expect(line.source).toMatch(/^measured kernel table \(vLLM/);
  });

  it('SGLang without attention-DP, EP over the TP group itself, exchanges no tokens and prices its table', () => {
    const line = routed(r1Dep4('sglang', false), 4096);
    expect(line.basis).toBe('kernel');
    expect(line.source).toMatch(/^measured kernel table \(SGLang/);
  });
});
