import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../src/core/model/schema';
import { activationTraffic } from '../../../src/core/perf/activation-traffic';
import { CALIBRATION } from '../../../src/core/perf/calibration';
import { stepTime } from '../../../src/core/perf/step';
import { stepContext } from '../../../src/core/prepare';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { catalog, preparedOf } from './fixtures';

const model = (id: string): ModelSpec => {
  const m = catalog.models.get(id);
  if (!m) throw new Error(id);
  return m;
};

describe('element-wise activation traffic', () => {
  it('counts R1 routed copies at 3 hidden and 3 intermediate vectors of BF16 (7,168 and 2,048)', () => {
    const t = activationTraffic(model('deepseek-r1'));
    expect(t.perCopyHiddenBytes).toBe(3 * 7168 * 2);
    expect(t.perCopyIntermediateBytes).toBe(3 * 2048 * 2);
    expect(t.moeLayers).toBe(58);
  });

  it("V4's four mHC streams add (3n + 2) - 3 = 11 hidden vectors per sublayer over a plain residual", () => {
    const v4 = model('deepseek-v4-pro');
    if (v4.attention.kind !== 'v4-hybrid') throw new Error('V4 attention expected');
    const plain = { ...v4, attention: { ...v4.attention, hcMult: 1 } };
    const extra = activationTraffic(v4).perTokenBytes - activationTraffic(plain).perTokenBytes;
    expect(extra).toBe(v4.numLayers * 2 * 11 * v4.hiddenSize * 2);
  });

  it('names the mHC share (14 hidden vectors per sublayer) so a measured mHC kernel is not charged twice', () => {
    const v4 = model('deepseek-v4-pro');
    const t = activationTraffic(v4);
    expect(t.mhcPerTokenBytes).toBe(v4.numLayers * 2 * 14 * v4.hiddenSize * 2);
    expect(t.mhcPerTokenBytes).toBeLessThan(t.perTokenBytes);
    expect(activationTraffic(model('deepseek-r1')).mhcPerTokenBytes).toBe(0);
  });

  it('is not divided by TP: every GPU of the group runs the element-wise kernels over all tokens', () => {
    const s = (tp: number): ScenarioInput => ({
      model: 'deepseek-r1',
      hardware: 'h200-sxm',
      precision: { weights: 'fp8', kvCache: 'fp8' },
      framework: 'vllm',
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 1 },
      gpus: tp,
      parallelism: { tp, ep: 1, pp: 1, dpAttention: false },
    });
    const added = (tp: number) => {
      const p = preparedOf(s(tp));
      // On the roofline (no kernel tables): a measured fused-MoE kernel includes its own
      // permute, SwiGLU and combine traffic.
      const ctx = (scale: number) => ({
        ...stepContext(p, { ...CALIBRATION, activationTrafficScale: scale }, p.decodeLayout),
        kernels: null,
      });
      const load = {
        decodeSeqsPerRank: 0,
        tokensPerSeq: 1,
        decodeContextTokens: 0,
        prefillTokensPerRank: 8192,
        promptTokens: 8192,
        instanceTokens: 8192,
        draftTokens: 0,
      };
      const on = stepTime(ctx(1), load).breakdownMs;
      const off = stepTime(ctx(0), load).breakdownMs;
      return { dense: on.dense - off.dense, moe: on.moe - off.moe };
    };
    const tp8 = added(8);
    const tp16 = added(16);
    expect(tp8.dense).toBeGreaterThan(0);
    expect(tp16.dense).toBeCloseTo(tp8.dense, 9);
    // Routed copies: the hidden-sized part stays, only the intermediate part splits.
    expect(tp16.moe).toBeLessThan(tp8.moe);
    expect(tp16.moe).toBeGreaterThan(tp8.moe / 2);
  });
});
