import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../src/core/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario/schema';
import { GIB } from '../../../src/core/hardware/schema';
import type { TierSpec } from '../../../src/core/workload/prefix-cache';
import { prefixCachePlan } from '../../../src/core/workload/prefix-cache';
import { turnInputTokens, workloadShape } from '../../../src/core/workload/shape';
import { catalog, planOf } from './fixtures';

const session = { turns: 50, tokensAddedPerTurn: 2000, outputTokensPerTurn: 500, thinkSeconds: 30 };
const agent = (
  model: string,
  prefixCache: NonNullable<ScenarioInput['workload']['prefixCache']>,
): ScenarioInput => ({
  ...DEFAULT_SCENARIO,
  model,
  parallelism: undefined,
  workload: {
    inputTokens: 8192,
    outputTokens: 1024,
    concurrency: 'max',
    sessions: session,
    prefixCache,
  },
});

describe('workload shape', () => {
  it('a session turn’s prompt is the previous turn’s context plus what the turn adds', () => {
    const s = { ...session, thinkSeconds: 0 };
    for (const k of [2, 10, 50])
      expect(turnInputTokens(s, 100, k)).toBe(
        turnInputTokens(s, 100, k - 1) + s.outputTokensPerTurn + s.tokensAddedPerTurn,
      );
  });

  it('the mean request of a session is the mean of its turns', () => {
    const shape = workloadShape({
      inputTokens: 1,
      outputTokens: 1,
      concurrency: 1,
      protocol: 'closed-loop',
      sharedPrefixTokens: 1000,
      sessions: session,
    });
    const turns = Array.from({ length: 50 }, (_, i) => turnInputTokens(session, 1000, i + 1));
    expect(shape.inputTokens).toBeCloseTo(turns.reduce((a, b) => a + b) / 50, 6);
    expect(shape.maxContextTokens).toBe(turns[49]! + 500);
    expect(shape.sessionPrefixTokens).toBeCloseTo(shape.inputTokens - 1000 - 2000, 6);
  });

  it('fixed-length requests without a shared prefix have nothing to reuse', () => {
    const p = planOf(DEFAULT_SCENARIO);
    expect(p.serving.prefixCache).toBeNull();
    expect(p.cost.usdPerMillionInputCacheHit).toBeNull();
  });
});

const tier = (t: TierSpec['tier'], gib: number, gbps: number): TierSpec => ({
  tier: t,
  bytesPerGpu: gib * GIB,
  readBytesPerSecPerGpu: t === 'hbm' ? Infinity : gbps * 1e9,
  basis: 'test',
  assumed: false,
});

const inputs = (hbm: number, dram: number, nvme: number) => ({
  shape: workloadShape({
    inputTokens: 1,
    outputTokens: 1,
    concurrency: 1,
    protocol: 'closed-loop' as const,
    sharedPrefixTokens: 20_000,
    sessions: session,
  }),
  tiers: [tier('hbm', hbm, 0), tier('dram', dram, 63), tier('nvme', nvme, 7.9)],
  kvBytesPerTokenPerGpu: 6_000,
  requestsPerGpu: 16,
  requestSeconds: 20,
  rankGpus: 1,
  recomputeGpuSecondsPerToken: 1e-4,
});

describe('prefix cache', () => {
  it('more cache capacity in any tier never lowers the hit rate', () => {
    const gib = fc.double({ min: 0, max: 400, noNaN: true });
    fc.assert(
      fc.property(gib, gib, gib, gib, fc.integer({ min: 0, max: 2 }), (h, d, n, more, which) => {
        const base = prefixCachePlan(inputs(h, d, n))!;
        const grown = prefixCachePlan(
          inputs(
            h + (which === 0 ? more : 0),
            d + (which === 1 ? more : 0),
            n + (which === 2 ? more : 0),
          ),
        )!;
        expect(grown.hitRate).toBeGreaterThanOrEqual(base.hitRate - 1e-12);
      }),
    );
  });

  it('a cache never serves more than the reusable part of the prompts', () => {
    const p = prefixCachePlan(inputs(1e6, 1e6, 1e6))!;
    const shape = inputs(0, 0, 0).shape;
    expect(p.hitTokensPerRequest).toBeCloseTo(
      shape.sharedPrefixTokens + shape.sessionPrefixTokens,
      6,
    );
    expect(p.hitRate).toBeLessThan(1);
  });

  it('a tier slower to read than prefilling is recomputed, not read', () => {
    const slow = { ...inputs(0, 0, 1e6), recomputeGpuSecondsPerToken: 1e-9 };
    const p = prefixCachePlan(slow)!;
    expect(p.hitRateByTier.nvme).toBe(0);
    expect(p.recomputedTiers).toContain('nvme');
  });

  it('host DRAM raises V4-Pro’s hit rate and lowers its TTFT; a hit never costs more than a miss', () => {
    const hbmOnly = planOf(agent('deepseek-v4-pro', { hbm: true }));
    const withDram = planOf(agent('deepseek-v4-pro', { hbm: true, hostDramGiB: 256 }));
    expect(withDram.serving.prefixCache!.hitRate).toBeGreaterThan(
      hbmOnly.serving.prefixCache!.hitRate,
    );
    expect(withDram.latency.ttftMs).toBeLessThan(hbmOnly.latency.ttftMs);
    for (const p of [hbmOnly, withDram])
      expect(p.cost.usdPerMillionInputCacheHit!).toBeLessThanOrEqual(
        p.cost.usdPerMillionInputCacheMiss!,
      );
  });

  it('a prefix cache never lengthens TTFT nor lowers the rate against prefilling prompts whole', () => {
    for (const m of ['deepseek-v4-pro', 'deepseek-v3.2', 'qwen3-235b-a22b'])
      for (const cache of [{ hbm: true }, { hbm: true, hostDramGiB: 64, nvmeGiB: 1000 }]) {
        const p = planOf(agent(m, cache));
        const w = p.serving.withoutCache!;
        expect(p.latency.ttftMs).toBeLessThanOrEqual(w.ttftMs * (1 + 1e-9));
        expect(p.throughput.requestsPerSec).toBeGreaterThanOrEqual(w.requestsPerSec * (1 - 1e-9));
      }
  });

  it('V4’s compressed KV keeps a smaller working set than V3.2’s or a GQA model’s', () => {
    const ws = (m: string) =>
      planOf(agent(m, { hbm: true, hostDramGiB: 256 })).serving.prefixCache!.workingSetBytesPerGpu /
      planOf(agent(m, { hbm: true, hostDramGiB: 256 })).serving.prefixCache!.liveSessionsPerGpu;
    expect(ws('deepseek-v4-pro') * 4).toBeLessThan(ws('deepseek-v3.2'));
    expect(ws('deepseek-v4-pro') * 4).toBeLessThan(ws('qwen3-235b-a22b'));
  });

  it('the catalog gives the DGX hosts’ DRAM and NVMe per GPU', () => {
    const h100 = catalog.hardware.get('h100-sxm')!.host!;
    expect(h100.dramGiBPerGpu).toBe(256);
    expect(h100.nvmeGiBPerGpu).toBe(3576);
    expect(catalog.hardware.get('h800-sxm')!.host).toBeUndefined();
  });
});
