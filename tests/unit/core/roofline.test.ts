import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import { decodeFlopsPerToken, perKindTerms, prefillFlops } from '../../../src/core/model/flops';
import { kvEntryBytes, kvReadBytesPerSequence } from '../../../src/core/perf/attention-reads';
import { plan } from '../../../src/core/plan';
import type { PhaseRoofline } from '../../../src/core/roofline';
import { operatorRoofline } from '../../../src/core/roofline';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import { SHORT_PROMPT_WAVE } from '../../fixtures/scenarios';

const catalog = loadCatalogFromDisk();
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

const SCENARIOS: Array<[string, ScenarioInput]> = [
  ['V4-Pro on 8×B200, SGLang (measured kernel tables)', DEFAULT_SCENARIO],
  [
    'V4-Flash on 8×H200, vLLM with MTP (prompt chunks mixed into decode steps)',
    {
      model: 'deepseek-v4-flash',
      hardware: 'h200-sxm',
      gpus: 8,
      framework: 'vllm',
      parallelism: { tp: 8, ep: 8 },
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 32 },
      speculative: { draftTokens: 1, acceptanceLength: 1.8 },
    },
  ],
  [
    'V4-Pro on 8×MI355X (rooflines only)',
    { ...DEFAULT_SCENARIO, hardware: 'mi355x', framework: 'sglang' },
  ],
  [
    'V3 disaggregated on 24×B200, TensorRT-LLM',
    {
      model: 'deepseek-v3',
      hardware: 'b200',
      gpus: 24,
      framework: 'trtllm',
      disaggregation: {
        prefill: { gpus: 8, tp: 8, ep: 8 },
        decode: { gpus: 16, tp: 1, ep: 16, dpAttention: true },
      },
      workload: { inputTokens: 4096, outputTokens: 1024, concurrency: 256 },
    },
  ],
  [
    'gpt-oss-120b on 1×B200, TensorRT-LLM offline (a wave of short prompts shares steps)',
    SHORT_PROMPT_WAVE,
  ],
];

function roofline(s: ScenarioInput) {
  const r = operatorRoofline(s, catalog);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.roofline;
}

describe('the per-operator roofline', () => {
  for (const [name, s] of SCENARIOS)
    it(`adds up to the Planner's step times: ${name}`, () => {
      const p = plan(s, catalog);
      if (!p.ok || !p.plan.runs) throw new Error('the scenario should run');
      const r = roofline(s);
      const planDecodeMs = sum(Object.values(p.plan.serving.decodeStepMs));
      const planPrefillMs = sum(Object.values(p.plan.serving.prefillStepMs!));
      for (const ph of [r.decode, r.prefill!])
        expect(sum(ph.rows.map((x) => x.ms))).toBeCloseTo(ph.totalMs, 9);
      expect(r.prefill!.totalMs).toBeCloseTo(planPrefillMs, 6);
      const waveMs = r.wave ? r.mix.wave * r.wave.totalMs : 0;
      expect(
        r.mix.decodeOnly * r.decode.totalMs + r.mix.prefill * r.prefill!.totalMs + waveMs,
      ).toBeCloseTo(planDecodeMs, 6);
    });

  it('splits V4 attention by CSA and HCA layers and its experts by hash and learned routing', () => {
    const layers = (ph: PhaseRoofline, what: RegExp) =>
      ph.rows.filter((r) => what.test(r.what)).map((r) => r.layers);
    const v4 = roofline(DEFAULT_SCENARIO);
    expect(layers(v4.decode, /^attention (module|core)/)).toEqual([
      'CSA layers (30)',
      'HCA layers (31)',
    ]);
    expect(layers(v4.decode, /routed experts/)).toEqual([
      'hash-routed MoE layers (3)',
      'learned-router MoE layers (58)',
    ]);
    const v3 = roofline({ ...DEFAULT_SCENARIO, model: 'deepseek-v3' });
    expect(new Set(layers(v3.decode, /^attention (module|core)/))).toEqual(
      new Set(['full-attention layers (61)']),
    );
  });

  it('calls an operation compute-bound only when its FLOPs take longer than its bytes at the peaks', () => {
    for (const [, s] of SCENARIOS) {
      const r = roofline(s);
      for (const ph of [r.decode, r.prefill!])
        for (const row of ph.rows) {
          if (row.intensity !== null) expect(row.intensity).toBeCloseTo(row.flops! / row.bytes!, 9);
          if (row.bound === 'compute')
            expect(row.flops! / row.peakFlopsPerSec!).toBeGreaterThanOrEqual(
              row.bytes! / ph.roofs.memBytesPerSec,
            );
          if (row.bound === 'memory' && row.peakFlopsPerSec)
            expect(row.flops! / row.peakFlopsPerSec).toBeLessThanOrEqual(
              row.bytes! / ph.roofs.memBytesPerSec,
            );
        }
    }
  });

  it('a prefill step reuses each expert weight over more tokens than a decode step', () => {
    const r = roofline(DEFAULT_SCENARIO);
    const experts = (ph: PhaseRoofline) => ph.rows.find((x) => x.what === 'routed experts')!;
    expect(experts(r.prefill!).intensity!).toBeGreaterThan(10 * experts(r.decode).intensity!);
  });

  it('its per-kind attention work sums to the whole model’s FLOPs and KV reads', () => {
    for (const id of ['deepseek-v4-pro', 'deepseek-v4-flash', 'deepseek-v3.2', 'deepseek-v3']) {
      const model = catalog.models.get(id)!;
      const f = { kv: 'fp8' as const, indexer: 'fp8' as const };
      const { entry, indexerKey } = kvEntryBytes(model, f);
      for (const n of [100, 8192, 1_000_000]) {
        const kinds = perKindTerms(model);
        const flops = sum(kinds.map(([l, t]) => l * t.flopsPerEntry * t.attended(n)));
        const idx = sum(kinds.map(([l, t]) => l * t.indexerFlopsPerKey * t.keys(n)));
        const bytes = sum(kinds.map(([l, t]) => l * entry * t.attended(n)));
        const keyBytes = sum(kinds.map(([l, t]) => l * indexerKey * t.keys(n)));
        const whole = decodeFlopsPerToken(model, n);
        const reads = kvReadBytesPerSequence(model, n, f);
        expect(flops).toBeCloseTo(whole.attentionFlops, 0);
        expect(idx).toBeCloseTo(whole.indexerFlops, 0);
        expect(bytes).toBeCloseTo(reads.attentionBytes, 0);
        expect(keyBytes).toBeCloseTo(reads.indexerBytes, 0);
        const pf = prefillFlops(model, n);
        expect(
          sum(kinds.map(([l, t]) => l * t.prefillFlopsPerEntry * t.attendedSum(n))),
        ).toBeCloseTo(pf.attentionFlops, 0);
      }
    }
  });

  it('refuses a deployment that cannot run', () => {
    const r = operatorRoofline({ ...DEFAULT_SCENARIO, hardware: 'h100-sxm' }, catalog);
    expect(r.ok).toBe(false);
  });
});
