import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import type { SimulationResult } from '../../../src/core/sim/simulate';
import { simulate } from '../../../src/core/sim/simulate';
import { MinHeap } from '../../../src/core/sim/min-heap';
import { TieredLru } from '../../../src/core/sim/tiered-lru';
import { percentiles } from '../../../src/core/sim/stats';
import { CALIBRATION, PRIOR } from '../../../src/core/perf/calibration';
import { plan } from '../../../src/core/plan';
import { catalog, planOf } from './fixtures';

const sim = (s: ScenarioInput, requests = 4000, seed = 1): SimulationResult => {
  const r = simulate(s, catalog, { requests, seed });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.result;
};

/** One attention rank per instance: the plan's prompt-arrival averages and the simulation's
 * lockstep ranks describe the same thing. */
const tp8 = (framework: 'sglang' | 'vllm' | 'trtllm', concurrency: number): ScenarioInput => ({
  ...DEFAULT_SCENARIO,
  framework,
  parallelism: { tp: 8, ep: 8, pp: 1, dpAttention: false },
  workload: { inputTokens: 8192, outputTokens: 1024, concurrency },
});

const within = (actual: number, expected: number, share: number) =>
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(share);

/** The plan with the prior share of closed-loop requests arriving with their wave (the opening
 * wave of ten). The committed share is fitted to published runs, whose lengths vary and whose
 * waves stay partly together; a simulated loop of fixed lengths makes its own arrivals. */
const plannedAtPriorWaves = (s: ScenarioInput) => {
  const r = plan(s, catalog, {
    ...CALIBRATION,
    closedLoopBurstShare: PRIOR.closedLoopBurstShare,
  });
  if (!r.ok || !r.plan.runs) throw new Error('expected a running plan');
  return r.plan;
};

describe('request-level simulation', () => {
  it('with fixed lengths at steady state, its means agree with plan() within 5%', () => {
    for (const fw of ['sglang', 'vllm', 'trtllm'] as const)
      for (const c of [16, 128]) {
        const s = tp8(fw, c);
        const p = plannedAtPriorWaves(s);
        const r = sim(s);
        within(r.tpotMs.mean, p.latency.tpotMs, 0.05);
        within(r.requestsPerSec, p.throughput.requestsPerSec, 0.05);
        within(r.e2eMs.mean, (c / p.throughput.requestsPerSec) * 1000, 0.05);
      }
  });

  it('under Poisson arrivals below capacity, its mean TTFT agrees with plan() within 5%', () => {
    const s: ScenarioInput = {
      ...tp8('vllm', 256),
      workload: {
        inputTokens: 8192,
        outputTokens: 1024,
        concurrency: 256,
        protocol: 'poisson',
        requestsPerSec: 0.5,
      },
    };
    const p = planOf(s);
    const r = sim(s, 6000);
    within(r.ttftMs.mean, p.latency.ttftMs, 0.05);
    within(r.requestsPerSec, 0.5, 0.05);
  });

  it('percentiles are ordered (p50 ≤ p90 ≤ p99) for any mix, load and seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (c, spread, seed) => {
          const r = sim(
            {
              ...DEFAULT_SCENARIO,
              model: 'deepseek-v4-flash',
              workload: {
                inputTokens: 2048,
                outputTokens: 256,
                concurrency: c,
                inputTokensSpread: spread,
                outputTokensSpread: spread,
              },
            },
            300,
            seed,
          );
          for (const q of [r.ttftMs, r.tpotMs, r.e2eMs]) {
            expect(q.p50).toBeLessThanOrEqual(q.p90);
            expect(q.p90).toBeLessThanOrEqual(q.p99);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('a length mix spreads the latencies a fixed length does not', () => {
    const fixed = sim(tp8('sglang', 64));
    const mixed = sim({
      ...tp8('sglang', 64),
      workload: { ...tp8('sglang', 64).workload, outputTokensSpread: 1 },
    });
    expect(mixed.e2eMs.p99 / mixed.e2eMs.p50).toBeGreaterThan(
      2 * (fixed.e2eMs.p99 / fixed.e2eMs.p50 - 1) + 1,
    );
  });

  it('the same seed gives the same run', () => {
    const a = sim(DEFAULT_SCENARIO, 1000, 7);
    const b = sim(DEFAULT_SCENARIO, 1000, 7);
    expect(b.ttftMs).toEqual(a.ttftMs);
  });

  it('agent sessions find their previous turn in the cache, more so with host DRAM', () => {
    const agent = (hostDramGiB: number): ScenarioInput => ({
      ...DEFAULT_SCENARIO,
      parallelism: undefined,
      workload: {
        inputTokens: 1,
        outputTokens: 1,
        concurrency: 'max',
        sessions: {
          turns: 20,
          tokensAddedPerTurn: 2000,
          outputTokensPerTurn: 500,
          thinkSeconds: 30,
        },
        prefixCache: { hbm: true, hostDramGiB },
      },
    });
    const hbm = sim(agent(0), 3000);
    const dram = sim(agent(256), 3000);
    expect(dram.prefixCacheHitRate).toBeGreaterThan(hbm.prefixCacheHitRate);
    expect(dram.prefixCacheHitRateByTier.dram).toBeGreaterThan(0);
    // At most everything but each session's first turn and each turn's new tokens.
    expect(dram.prefixCacheHitRate).toBeLessThan(1);
    expect(dram.ttftMs.p90).toBeLessThan(hbm.ttftMs.p90);
  });

  it('a disaggregated deployment simulates through its prefill pool and the KV transfer', () => {
    const s: ScenarioInput = {
      ...DEFAULT_SCENARIO,
      gpus: 16,
      parallelism: undefined,
      disaggregation: {
        prefill: { gpus: 8, tp: 8, ep: 8, pp: 1, dpAttention: false },
        decode: { gpus: 8, tp: 1, ep: 8, pp: 1, dpAttention: true },
      },
    };
    const r = sim(s, 3000);
    expect(r.mode).toBe('disaggregated');
    expect(r.ttftMs.p50).toBeGreaterThan(0);
    within(r.tpotMs.mean, planOf(s).latency.tpotMs, 0.25);
  });

  it('rejects a scenario that does not fit, with a reason', () => {
    const r = simulate(
      { ...DEFAULT_SCENARIO, gpus: 1, parallelism: { tp: 1, ep: 1, pp: 1, dpAttention: false } },
      catalog,
    );
    expect(r.ok).toBe(false);
  });
});

describe('simulation parts', () => {
  it('a min-heap pops in key order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 })), (keys) => {
        const h = new MinHeap<number>();
        for (const k of keys) h.push(k, k);
        const out: number[] = [];
        while (h.size > 0) out.push(h.pop()!);
        // Ties pop in no particular order: +0 and −0 are one key (x + 0 makes −0 plain 0).
        expect(out.map((x) => x + 0)).toEqual([...keys].sort((a, b) => a - b).map((x) => x + 0));
      }),
    );
  });

  it('a tiered LRU evicts the least recent context down a tier, and off the last', () => {
    const c = new TieredLru([
      { tier: 'hbm', capacityTokens: 100 },
      { tier: 'dram', capacityTokens: 100 },
    ]);
    c.put(1, 60);
    c.put(2, 60); // 1 moves to DRAM
    c.put(3, 60); // 2 moves to DRAM, 1 falls off
    expect(c.take(3)).toEqual({ tokens: 60, tier: 'hbm' });
    expect(c.take(2)).toEqual({ tokens: 60, tier: 'dram' });
    expect(c.take(1)).toBeNull();
  });

  it('percentiles take the nearest rank', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(v)).toEqual({ mean: 50.5, p50: 50, p90: 90, p99: 99 });
  });
});
