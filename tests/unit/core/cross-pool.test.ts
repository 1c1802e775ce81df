/**
 * A disaggregated deployment whose prefill pool runs on another accelerator than its decode
 * pool: each pool is timed, priced and powered as its own hardware.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { Demand } from '../../../src/core/capacity/demand';
import { searchCapacity } from '../../../src/core/capacity/search';
import { plan } from '../../../src/core/plan';
import { withPool, withPrefillHardware } from '../../../src/core/scenario/edit';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { acceleratorsOf } from '../../../src/core/scenario/schema';
import { decodeScenarioParams, encodeScenarioParams } from '../../../src/core/scenario/url-codec';

const catalog = loadCatalogFromDisk();
const onH200: ScenarioInput = {
  model: 'deepseek-v4-flash',
  hardware: 'h200-sxm',
  gpus: 24,
  framework: 'sglang',
  disaggregation: {
    prefill: { gpus: 8, tp: 8, ep: 8, pp: 1, dpAttention: false },
    decode: { gpus: 16, tp: 1, ep: 16, pp: 1, dpAttention: true },
  },
  workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 64 },
  pricing: { tier: 'rental3yr' },
};
const prefillOnB200 = withPrefillHardware(onH200, 'b200');
const running = (s: ScenarioInput) => {
  const r = plan(s, catalog);
  if (!r.ok || !r.plan.runs) throw new Error(r.ok ? String(r.plan.memory.reason) : r.errors.join());
  return r.plan;
};

describe('a prefill pool on another accelerator', () => {
  it('prefills at the speed of its own accelerator: B200 prompts are faster than H200 ones', () => {
    const same = running(onH200);
    const cross = running(prefillOnB200);
    expect(cross.prefillHardware?.id).toBe('b200');
    expect(same.prefillHardware).toBeNull();
    expect(cross.throughput.prefillTokPerSecPerPrefillGpu!).toBeGreaterThan(
      same.throughput.prefillTokPerSecPerPrefillGpu! * 1.2,
    );
    // The decode pool is the same machine either way.
    expect(cross.throughput.decodeTokPerSecPerDecodeGpu!).toBeCloseTo(
      same.throughput.decodeTokPerSecPerDecodeGpu!,
      6,
    );
    expect(cross.warnings.map((w) => w.code)).toContain('prefill-on-other-hardware');
  });

  it('costs each pool at its own price and draws each pool’s power', () => {
    const cross = running(prefillOnB200);
    const b200 = catalog.hardware.get('b200')!;
    const h200 = catalog.hardware.get('h200-sxm')!;
    const mean = (8 * b200.usdPerGpuHour.rental3yr! + 16 * h200.usdPerGpuHour.rental3yr!) / 24;
    expect(cross.cost.usdPerGpuHour).toBeCloseTo(mean, 9);
    const watts = (hw: typeof b200) => (hw.allInKwPerGpu ?? hw.tdpWatts / 1000) * 1000;
    expect(cross.energy.wattsPerGpu).toBeCloseTo((8 * watts(b200) + 16 * watts(h200)) / 24, 6);
    // Input tokens pay for the prefill pool's share of the cost, at its own price.
    const share = (8 * b200.usdPerGpuHour.rental3yr!) / (24 * mean);
    const inPerGpuHour = (cross.throughput.outputTokPerSecPerGpu * 8192 * 3600) / 1024;
    expect(cross.cost.usdPerMillionInputTokens).toBeCloseTo((mean * share * 1e6) / inPerGpuHour, 9);
  });

  it('travels in a link, survives editing its pools, and goes back to the decode accelerator', () => {
    const query = encodeScenarioParams(prefillOnB200);
    expect(new URLSearchParams(query).get('phw')).toBe('b200');
    const back = decodeScenarioParams(query, {
      models: new Set(catalog.models.keys()),
      hardware: new Set(catalog.hardware.keys()),
    });
    expect(back.scenario.disaggregation?.prefill.hardware).toBe('b200');
    const wider = withPool(prefillOnB200, 'prefill', {
      gpus: 16,
      tp: 8,
      ep: 8,
      pp: 1,
      dpAttention: false,
    });
    expect(wider.disaggregation?.prefill.hardware).toBe('b200');
    expect(acceleratorsOf(wider)).toEqual(['h200-sxm', 'b200']);
    expect(withPrefillHardware(wider, null).disaggregation?.prefill.hardware).toBeUndefined();
    expect(acceleratorsOf(withPrefillHardware(wider, 'h200-sxm'))).toEqual(['h200-sxm']);
  });

  it('an unknown prefill accelerator, or one the engine does not run on, is refused', () => {
    const unknown = plan(withPrefillHardware(onH200, 'nope'), catalog);
    expect(!unknown.ok && unknown.errors.join()).toMatch(/prefill\.hardware: unknown id "nope"/);
    const amd = plan({ ...withPrefillHardware(onH200, 'mi355x'), framework: 'trtllm' }, catalog);
    expect(!amd.ok && amd.errors.join()).toMatch(/trtllm does not run on AMD Instinct MI355X/);
  });

  it('the capacity search tries it, and its fleets reproduce with plan()', () => {
    const d = Demand.parse({
      model: 'deepseek-v4-flash',
      hardware: ['h200-sxm', 'b200'],
      workload: { inputTokens: 8192, outputTokens: 1024 },
      sla: { ttftMs: 5000, tokPerSecPerUser: 20 },
      demand: { requestsPerSec: 30 },
    });
    const cross = searchCapacity(d, catalog).recommendations.filter(
      (r) => r.scenario.disaggregation?.prefill.hardware,
    );
    expect(cross.length).toBeGreaterThan(0);
    for (const r of cross.slice(0, 5)) {
      const p = running(r.scenario);
      expect(p.throughput.requestsPerSec).toBeCloseTo(r.requestsPerSecPerReplica, 9);
      expect(p.cost.usdPerGpuHour! * r.gpus).toBeCloseTo(r.usdPerHour!, 6);
      expect(p.latency.ttftMs).toBeLessThanOrEqual(5000);
    }
  });
});
