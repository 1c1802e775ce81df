import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import type { DemandInput } from '../../../src/core/capacity/demand';
import { Demand, peakRequestsPerSec } from '../../../src/core/capacity/demand';
import { fleetDay } from '../../../src/core/capacity/day';
import { commandText, launchCommands } from '../../../src/core/capacity/launch';
import { parseDemand, recommend } from '../../../src/core/capacity/recommend';
import { searchCapacity } from '../../../src/core/capacity/search';
import { plan } from '../../../src/core/plan';
import { resolveUsdPerGpuHour } from '../../../src/core/price';
import { Scenario } from '../../../src/core/scenario/schema';
import { SANE_TTFT_MS } from '../../../src/core/serving';
import { sweepGroups } from '../../../src/core/sweep';

const catalog = loadCatalogFromDisk();
const CHAT: DemandInput = {
  model: 'deepseek-v4-flash',
  hardware: ['b200', 'h200-sxm'],
  workload: { inputTokens: 4096, outputTokens: 512 },
  sla: { ttftMs: 3000, tokPerSecPerUser: 40 },
  demand: { requestsPerSec: 20 },
};
const demand = (d: DemandInput) => Demand.parse(d);

describe('the capacity search', () => {
  it('every recommendation, planned again, meets the SLA and serves the peak', () => {
    const d = demand(CHAT);
    const r = recommend(d, catalog);
    expect(r.recommendations.length).toBeGreaterThan(5);
    for (const rec of r.recommendations) {
      const p = plan(rec.scenario, catalog);
      expect(p.ok && p.plan.runs).toBe(true);
      if (!p.ok || !p.plan.runs) continue;
      expect(p.plan.latency.ttftMs).toBeLessThanOrEqual(3000);
      expect(p.plan.throughput.tokPerSecPerUser).toBeGreaterThanOrEqual(40);
      expect(rec.replicas * p.plan.throughput.requestsPerSec).toBeGreaterThanOrEqual(20);
      // The figures it shows are plan()'s.
      expect(p.plan.throughput.requestsPerSec).toBeCloseTo(rec.requestsPerSecPerReplica, 9);
      expect(p.plan.cost.usdPerMillionOutputTokens).toBeCloseTo(rec.usdPerMillionOutputTokens!, 9);
      expect(rec.gpus).toBe(rec.replicas * rec.scenario.gpus);
    }
    // Cheapest first.
    const costs = r.recommendations.map((x) => x.usdPerHour!);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
  });

  it('on a small space, the first recommendation is the cheapest fleet a brute force finds', () => {
    const d = demand({
      ...CHAT,
      hardware: ['h200-sxm'],
      frameworks: ['vllm'],
      disaggregation: false,
      speculative: false,
    });
    const peak = peakRequestsPerSec(d);
    let cheapest = Infinity;
    for (const g of sweepGroups(
      {
        model: d.model,
        series: [{ hardware: 'h200-sxm', weights: 'native', framework: 'vllm' }],
        inputTokens: 4096,
        outputTokens: 512,
        disaggregated: false,
        speculative: false,
        resolution: 'capacity',
      },
      catalog,
    ))
      for (const c of g.concurrencies) {
        const s = {
          ...g.base,
          pricing: d.pricing,
          workload: { ...g.base.workload, concurrency: c },
        };
        const p = plan(s, catalog);
        if (!p.ok || !p.plan.runs) continue;
        const { latency, throughput } = p.plan;
        if (latency.ttftMs > 3000 || throughput.tokPerSecPerUser < 40) continue;
        if (p.plan.memory.sequencesPerGpu === 0 || c > p.plan.memory.maxConcurrency) continue;
        const price = resolveUsdPerGpuHour(Scenario.parse(s), catalog.hardware.get('h200-sxm')!)!;
        cheapest = Math.min(
          cheapest,
          Math.ceil(peak / throughput.requestsPerSec - 1e-9) * g.base.gpus * price,
        );
      }
    const first = searchCapacity(d, catalog).recommendations[0]!;
    expect(Number.isFinite(cheapest)).toBe(true);
    expect(first.usdPerHour).toBeCloseTo(cheapest, 6);
  });

  it('a stricter SLA or more demand never costs less', () => {
    const base = searchCapacity(demand(CHAT), catalog).recommendations[0]!.usdPerHour!;
    const stricter = searchCapacity(
      demand({ ...CHAT, sla: { ttftMs: 1500, tokPerSecPerUser: 60 } }),
      catalog,
    ).recommendations[0]!.usdPerHour!;
    const busier = searchCapacity(demand({ ...CHAT, demand: { requestsPerSec: 35 } }), catalog)
      .recommendations[0]!.usdPerHour!;
    expect(stricter).toBeGreaterThanOrEqual(base);
    expect(busier).toBeGreaterThanOrEqual(base);
  });

  it('never recommends a fleet whose TTFT is past a minute, even without a TTFT bound', () => {
    const r = searchCapacity(demand({ ...CHAT, sla: {} }), catalog);
    expect(r.recommendations.every((x) => x.ttftMs <= SANE_TTFT_MS)).toBe(true);
  });

  it('tokens per day and a profile give the peak: the busiest hour carries its share', () => {
    const profile = Array.from({ length: 24 }, (_, h) => (h < 12 ? 0.5 : 1));
    const d = demand({
      ...CHAT,
      demand: { tokensPerDay: 4608 * 3600 * 18, hourlyProfile: profile },
    });
    // 18 peak-hours' worth of requests at 1 request/s: 12 hours at 0.5 and 12 at the peak.
    expect(peakRequestsPerSec(d)).toBeCloseTo(1, 9);
  });

  it('counts power at the facility (all-in kW) by default, or at the GPUs’ TDP', () => {
    const facility = searchCapacity(demand(CHAT), catalog).recommendations[0]!;
    const tdp = searchCapacity(demand({ ...CHAT, power: 'tdp' }), catalog).recommendations[0]!;
    const hw = catalog.hardware.get(tdp.scenario.hardware)!;
    expect(tdp.powerBasis).toBe('TDP');
    expect(tdp.megawatts).toBeCloseTo((tdp.gpus * hw.tdpWatts) / 1e6, 9);
    const fhw = catalog.hardware.get(facility.scenario.hardware)!;
    expect(facility.megawatts).toBeCloseTo(
      (facility.gpus * (fhw.allInKwPerGpu !== null ? fhw.allInKwPerGpu * 1000 : fhw.tdpWatts)) /
        1e6,
      9,
    );
  });

  it('refuses a bad demand with a reason', () => {
    expect(parseDemand({ ...CHAT, model: 'nope' }, catalog)).toMatchObject({ ok: false });
    const both = parseDemand({ ...CHAT, demand: { requestsPerSec: 1, tokensPerDay: 1 } }, catalog);
    expect(!both.ok && both.errors[0]).toMatch(/not both/);
    const short = parseDemand(
      { ...CHAT, demand: { requestsPerSec: 1, hourlyProfile: [1] } },
      catalog,
    );
    expect(!short.ok && short.errors[0]).toMatch(/hourlyProfile/);
  });
});

describe('the fleet over a day', () => {
  it('scales replicas with the load, never above the peak fleet, and costs no more than it', () => {
    const d = demand({
      ...CHAT,
      demand: {
        requestsPerSec: 20,
        hourlyProfile: Array.from({ length: 24 }, (_, h) => (h < 8 ? 0.2 : 1)),
      },
    });
    // A fleet of several replicas, so the night needs fewer.
    const best = searchCapacity(d, catalog).recommendations.find((x) => x.replicas >= 3)!;
    const day = fleetDay(d, best);
    expect(day.hours).toHaveLength(24);
    for (const h of day.hours) {
      expect(h.replicas).toBeLessThanOrEqual(best.replicas);
      expect(h.utilisation).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(day.hours[12]!.replicas).toBe(best.replicas);
    expect(day.scaling.usdPerDay!).toBeLessThan(day.fixed.usdPerDay!);
    expect(day.fixed.usdPerDay!).toBeCloseTo(best.usdPerHour! * 24, 6);
    // Output tokens: 8 hours at 4 requests/s and 16 at 20, 512 tokens each.
    expect(day.outputTokensPerDay).toBeCloseTo((8 * 4 + 16 * 20) * 3600 * 512, 0);
    expect(day.api?.usdPerDay).toBeGreaterThan(0);
  });
});

describe('launch commands', () => {
  const flash = catalog.models.get('deepseek-v4-flash')!;
  const layout = (over: object) =>
    Scenario.parse({
      model: 'deepseek-v4-flash',
      hardware: 'b200',
      gpus: 8,
      framework: 'sglang',
      parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true },
      workload: { inputTokens: 4096, outputTokens: 512, concurrency: 256 },
      speculative: { draftTokens: 1, acceptanceLength: 1.8 },
      ...over,
    });

  it('SGLang: attention-DP over the TP group, EP, FP8 KV, EAGLE/MTP, the running limit', () => {
    const l = launchCommands(layout({}), flash)!;
    expect(l.commands.map(commandText)).toEqual([
      [
        'python -m sglang.launch_server',
        '--model-path deepseek-ai/DeepSeek-V4-Flash',
        '--tp-size 8',
        '--dp-size 8',
        '--enable-dp-attention',
        '--ep-size 8',
        '--kv-cache-dtype fp8_e4m3',
        '--speculative-algorithm EAGLE',
        '--speculative-num-steps 1',
        '--speculative-eagle-topk 1',
        '--speculative-num-draft-tokens 2',
        '--max-running-requests 256',
      ].join(' \\\n  '),
    ]);
  });

  it('vLLM: data-parallel attention with expert parallelism, per-engine sequence limit', () => {
    const l = launchCommands(layout({ framework: 'vllm' }), flash)!;
    const text = commandText(l.commands[0]!);
    expect(text).toContain('--data-parallel-size 8');
    expect(text).toContain('--enable-expert-parallel');
    expect(text).toContain('--max-num-seqs 32');
    expect(text).toContain(`--speculative-config '{"method":"mtp","num_speculative_tokens":1}'`);
  });

  it('TensorRT-LLM: sizes as flags, attention-DP and MTP in the extra options file', () => {
    const l = launchCommands(layout({ framework: 'trtllm' }), flash)!;
    const c = l.commands[0]!;
    expect(c.file?.text).toBe(
      'enable_attention_dp: true\nkv_cache_config:\n  dtype: fp8\nspeculative_config:\n  decoding_type: MTP\n  max_draft_len: 1\n',
    );
    expect(commandText(c)).toContain('--max_batch_size 32');
  });

  it('disaggregated pools get a prefill and a decode worker each', () => {
    const s = layout({
      gpus: 24,
      parallelism: undefined,
      disaggregation: {
        prefill: { gpus: 8, tp: 8, ep: 8, pp: 1, dpAttention: false },
        decode: { gpus: 16, tp: 1, ep: 16, pp: 1, dpAttention: true },
      },
    });
    const l = launchCommands(s, flash)!;
    expect(l.commands.map((c) => [c.role, c.instances, c.gpus])).toEqual([
      ['prefill', 1, 8],
      ['decode', 1, 16],
    ]);
    expect(commandText(l.commands[0]!)).toContain('--disaggregation-mode prefill');
    expect(commandText(l.commands[0]!)).not.toContain('--speculative');
    expect(l.notes.join(' ')).toMatch(/router/);
  });

  it('writes only flags the engines document (../shared/reference/engines.md)', () => {
    const doc = join(process.cwd(), '../shared/reference/engines.md');
    const engines = existsSync(doc) ? readFileSync(doc, 'utf8') : null;
    const flags = new Set<string>();
    for (const framework of ['sglang', 'vllm', 'trtllm', 'atom'] as const)
      for (const over of [
        {},
        { parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false } },
        { parallelism: { tp: 4, ep: 1, pp: 2, dpAttention: false } },
        {
          gpus: 24,
          parallelism: undefined,
          disaggregation: {
            prefill: { gpus: 8, tp: 8, ep: 8, pp: 1, dpAttention: false },
            decode: { gpus: 16, tp: 1, ep: 16, pp: 1, dpAttention: true },
          },
        },
      ]) {
        const l = launchCommands(layout({ framework, ...over }), flash)!;
        for (const c of l.commands) {
          for (const p of c.parts)
            for (const m of p.text.matchAll(/(?:^|\s)(--?[a-z][\w-]*)/g)) flags.add(m[1]!);
          for (const m of c.file?.text.matchAll(/^\s*(\w+):/gm) ?? []) flags.add(m[1]!);
        }
      }
    expect(flags.size).toBeGreaterThan(30);
    if (engines) for (const f of flags) expect(engines, f).toContain(f);
  });
});
