import { describe, expect, it } from 'vitest';
import {
  withDisaggregation,
  withDraftTokens,
  withHardware,
  withLayout,
  withPool,
  withProtocol,
} from '../../../src/core/scenario/edit';
import { DEFAULT_SPECULATIVE } from '../../../src/core/scenario/mtp-acceptance';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import { anyPlanOf, catalog } from './fixtures';

const hw = (id: string) => catalog.hardware.get(id)!;

describe('scenario edits are pure transitions that keep a scenario plannable', () => {
  it('switching to disaggregated pools splits the GPUs and drops the aggregated layout', () => {
    const d = withDisaggregation({ ...DEFAULT_SCENARIO, gpus: 16 }, true);
    expect('parallelism' in d).toBe(false);
    expect(d.disaggregation!.prefill.gpus + d.disaggregation!.decode.gpus).toBe(d.gpus);
    expect(d.disaggregation!.decode.dpAttention).toBe(true);
    expect(anyPlanOf(d).runs).toBe(true);
    // And back: one wide-EP layout over every GPU, no pools left behind.
    const a = withDisaggregation(d, false);
    expect('disaggregation' in a).toBe(false);
    expect(a.parallelism).toEqual({ tp: 1, ep: 16, pp: 1, dpAttention: true });
    expect(withDisaggregation(DEFAULT_SCENARIO, false)).toBe(DEFAULT_SCENARIO);
  });
  it('a pool edit fills the pool and the GPU count follows the pools', () => {
    const d = withDisaggregation({ ...DEFAULT_SCENARIO, gpus: 16 }, true);
    const e = withPool(d, 'prefill', { gpus: 4, tp: 4 });
    expect(e.disaggregation!.prefill).toEqual({ gpus: 4, tp: 4, ep: 1, pp: 1, dpAttention: false });
    expect(e.gpus).toBe(4 + d.disaggregation!.decode.gpus);
    expect(withPool(DEFAULT_SCENARIO, 'decode', { gpus: 2 })).toBe(DEFAULT_SCENARIO);
  });
  it('another GPU keeps the framework where it runs, and picks one that runs where it does not', () => {
    const trt: ScenarioInput = { ...DEFAULT_SCENARIO, framework: 'trtllm' };
    expect(withHardware(trt, hw('h200-sxm')).framework).toBe('trtllm');
    const amd = withHardware(trt, hw('mi355x'));
    expect(amd.hardware).toBe('mi355x');
    expect(amd.framework).not.toBe('trtllm');
    expect(anyPlanOf(amd).runs).toBeDefined();
  });
  it('applying a layout leaves no disaggregated pools behind', () => {
    const d = withDisaggregation({ ...DEFAULT_SCENARIO, gpus: 16 }, true);
    const l = withLayout(d, 16, { tp: 8, ep: 8, pp: 2, dpAttention: false });
    expect('disaggregation' in l).toBe(false);
    expect(l.gpus).toBe(16);
  });
  it('a Poisson rate appears with Poisson arrivals and goes with any other', () => {
    const p = withProtocol(DEFAULT_SCENARIO, 'poisson');
    expect(p.workload.requestsPerSec).toBe(1);
    const c = withProtocol({ ...p, workload: { ...p.workload, requestsPerSec: 3 } }, 'closed-loop');
    expect('requestsPerSec' in c.workload).toBe(false);
    expect(
      withProtocol({ ...p, workload: { ...p.workload, requestsPerSec: 3 } }, 'poisson').workload
        .requestsPerSec,
    ).toBe(3);
  });
  it('fewer draft tokens never leave an acceptance length above 1 + drafts', () => {
    const s = { ...DEFAULT_SCENARIO, speculative: { draftTokens: 3, acceptanceLength: 2.4 } };
    expect(withDraftTokens(s, 1).speculative).toEqual({ draftTokens: 1, acceptanceLength: 2 });
    expect(withDraftTokens(s, 4).speculative!.acceptanceLength).toBe(2.4);
  });
  it('an acceptance length left at its default follows the draft count; one the user set stays', () => {
    const on = { ...DEFAULT_SCENARIO, speculative: DEFAULT_SPECULATIVE };
    expect(on.speculative.acceptanceLength).toBe(1.8);
    const three = withDraftTokens(on, 3);
    expect(three.speculative).toEqual({ draftTokens: 3, acceptanceLength: 2.37 });
    expect(withDraftTokens(three, 1).speculative).toEqual(DEFAULT_SPECULATIVE);
    const own = { ...DEFAULT_SCENARIO, speculative: { draftTokens: 1, acceptanceLength: 1.9 } };
    expect(withDraftTokens(own, 3).speculative).toEqual({ draftTokens: 3, acceptanceLength: 1.9 });
  });
});
