import { describe, expect, it } from 'vitest';
import { kernelPricer } from '../../../src/core/kernels/pricer';
import { NODE_EP_RANKS } from '../../../src/core/kernels/schema';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { launchFloor } from '../../../src/core/perf/launch-floor';
import { modelCosts } from '../../../src/core/perf/model-costs';
import { stepPricing } from '../../../src/core/perf/step-pricing';
import type { StepLoad } from '../../../src/core/perf/step-types';
import { stepContext } from '../../../src/core/prepare';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { planOf, preparedOf } from './fixtures';

/** DeepSeek-R1 in FP8 under SGLang on `ep` GB200 GPUs: attention-DP with EP over all of them. */
const r1Dep = (ep: number, hardware = 'gb200-nvl72'): ScenarioInput => ({
  model: 'deepseek-r1',
  hardware,
  gpus: ep,
  framework: 'sglang',
  precision: { weights: 'fp8', kvCache: 'fp8' },
  parallelism: { tp: 1, ep, pp: 1, dpAttention: true },
  workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 16 * ep },
});

/** The busiest rank's routed experts (ms) in a decode step of `perRank` sequences a rank. */
function routedMs(ep: number, perRank: number): number {
  const p = preparedOf(r1Dep(ep));
  const ctx = stepContext(p, CALIBRATION, p.decodeLayout);
  const load: StepLoad = {
    decodeSeqsPerRank: perRank,
    tokensPerSeq: 1,
    decodeContextTokens: 1536,
    prefillTokensPerRank: 0,
    promptTokens: 1024,
    instanceTokens: perRank * ep,
    draftTokens: 0,
  };
  return stepPricing(ctx, load).find((l) => l.what === 'routed experts')!.ms;
}

describe('wide expert parallelism balances its experts', () => {
  it('within a node the routed experts come from the measured table of skewed routing', () => {
    const routed = planOf(r1Dep(NODE_EP_RANKS)).serving.decodePricing.find(
      (l) => l.what === 'routed experts',
    )!;
    expect(routed.basis).toBe('kernel');
    expect(routed.source).toMatch(/\|1\|8\|power_law_1\.01/);
  });

  it('past a node they are priced at the busiest rank’s share times the fitted imbalance, and Show the math says why', () => {
    const routed = planOf(r1Dep(32)).serving.decodePricing.find(
      (l) => l.what === 'routed experts',
    )!;
    expect(routed.basis).toBe('roofline');
    expect(routed.source).toMatch(
      /^wide EP 32 balances its experts \(tables time skewed routing\); busiest rank \d\.\d\d× the mean \(fitted\); roofline at/,
    );
    expect(routed.source).toMatch(/plus the launch latency of its fused-MoE kernel per layer/);
  });

  it('at the same sequences per rank, more EP ranks never make the busiest rank’s experts slower', () => {
    // Each rank holds fewer experts as EP grows and, balanced, takes the same share of the
    // picks. The power-law tables broke this past a node, their busiest rank's share growing
    // with the ranks: SGLang's R1 FP8 routed experts on GB200 at 64 sequences a rank took 16.5,
    // 17.8 and 25 ms at EP 8, 16 and 32, 3.3 ms at EP 48 (no table) and 44 ms at EP 64.
    for (const perRank of [8, 64, 256]) {
      const ms = [8, 16, 32, 48, 64, 72].map((ep) => routedMs(ep, perRank));
      for (let i = 1; i < ms.length; i++) expect(ms[i]!).toBeLessThanOrEqual(ms[i - 1]! * 1.001);
    }
  });

  it('a GPU without tables still pays its fused MoE’s launch at wide EP', () => {
    // The MI355X borrows the B200's kernel latencies; no table prices EP 16, so the engine's
    // fastest measured fused MoE stands in for each MoE layer's launch.
    const p = preparedOf(r1Dep(16, 'mi355x'));
    const ctx = stepContext(p, CALIBRATION, p.decodeLayout);
    const ref = ctx.reference!;
    const floorMs = (moeEp: number) =>
      launchFloor(ref, ctx.model, ctx.weights, ctx.kvFormat, { tp: 1, moeTp: 1, moeEp })!.otherMs;
    const pricer = (moeEp: number) =>
      kernelPricer(ref.frameworks[0]!, ctx.model, ref.hardware, ctx.weights, ctx.kvFormat, {
        tp: 1,
        moeTp: 1,
        moeEp,
      });
    expect(pricer(16).moe(1)).toBeNull();
    const withoutMoeMs = floorMs(8) - pricer(8).moe(1)!.fixedMs;
    const moeLayers = modelCosts(ctx.model, ctx.weights).moeLayers;
    expect(floorMs(16) - withoutMoeMs).toBeCloseTo(
      (moeLayers * pricer(16).launchUs.moe!) / 1000,
      6,
    );
    expect(pricer(16).launchUs.moe!).toBeGreaterThan(5);
  });
});
