import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../../src/catalog/node';
import type { SweepQuery } from '../../../src/core/sweep';
import {
  paretoFrontier,
  runSweep,
  sweepConfigurations,
  sweepGroups,
} from '../../../src/core/sweep';
import { Scenario as ScenarioSchema } from '../../../src/core/scenario/schema';

const catalog = loadCatalogFromDisk();

describe('Pareto frontier (maximise both)', () => {
  it('picks the hand-checked frontier of a small case, by ascending x', () => {
    const pts = [
      { x: 1, y: 10 }, // frontier
      { x: 2, y: 8 }, // frontier
      { x: 2, y: 5 }, // dominated by (2, 8)
      { x: 3, y: 8 }, // frontier, dominates (2, 8)? no: same y, larger x -> (2,8) is dominated
      { x: 4, y: 2 }, // frontier
      { x: 0.5, y: 9 }, // dominated by (1, 10)
    ];
    expect(paretoFrontier(pts)).toEqual([0, 3, 4]);
  });
  const arb = fc.array(
    fc.record({ x: fc.integer({ min: 0, max: 50 }), y: fc.integer({ min: 0, max: 50 }) }),
    { minLength: 1, maxLength: 60 },
  );
  it('never keeps a dominated point, and every other point is dominated by one it keeps', () => {
    fc.assert(
      fc.property(arb, (pts) => {
        const f = paretoFrontier(pts);
        const dominates = (a: { x: number; y: number }, b: { x: number; y: number }) =>
          a.x >= b.x && a.y >= b.y && (a.x > b.x || a.y > b.y);
        for (const i of f) if (pts.some((p) => dominates(p, pts[i]!))) return false;
        for (const [j, p] of pts.entries())
          if (
            !f.includes(j) &&
            !f.some((i) => dominates(pts[i]!, p) || (pts[i]!.x === p.x && pts[i]!.y === p.y))
          )
            return false;
        for (let k = 1; k < f.length; k++) if (!(pts[f[k]!]!.x > pts[f[k - 1]!]!.x)) return false;
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('sweep', () => {
  const q: SweepQuery = {
    model: 'deepseek-v4-pro',
    series: [
      { hardware: 'b200', weights: 'native', framework: 'sglang' },
      { hardware: 'h200-sxm', weights: 'native', framework: 'sglang' },
    ],
    inputTokens: 8192,
    outputTokens: 1024,
    disaggregated: true,
    speculative: true,
  };
  it('enumerates GPU counts x layouts x concurrency x speculation for every series', () => {
    const n = [...sweepConfigurations(q, catalog)].length;
    expect(n).toBeGreaterThan(500);
  });
  it('keeps only configurations that fit in memory, and each series has a frontier', () => {
    const r = runSweep(q, catalog);
    expect(r.points.length).toBeGreaterThan(50);
    expect(
      r.points.every((p) => Number.isFinite(p.outputTokPerSecPerGpu) && p.tokPerSecPerUser > 0),
    ).toBe(true);
    expect(r.frontiers[0]!.length).toBeGreaterThan(2);
    // V4-Pro does not fit on 4 H200s: no 4-GPU point for that series.
    expect(r.points.some((p) => p.series === 1 && p.scenario.gpus === 4)).toBe(false);
  });
  it('has no phantom points: never fewer users than instances (idle replicas add no speed)', () => {
    const r = runSweep(q, catalog);
    for (const p of r.points) {
      const s = p.scenario;
      const d = s.disaggregation?.decode ?? s.parallelism!;
      const instanceGpus = Math.max((d.tp ?? 1) * (d.pp ?? 1), d.ep ?? 1);
      const decodeGpus = s.disaggregation?.decode.gpus ?? s.gpus;
      expect(s.workload.concurrency).toBeGreaterThanOrEqual(decodeGpus / instanceGpus);
    }
  });
  it('sweeps whole and half racks on a rack-scale NVLink domain (GB200 NVL72: 36 and 72 GPUs)', () => {
    const rack: SweepQuery = {
      ...q,
      model: 'deepseek-v4-flash',
      series: [{ hardware: 'gb200-nvl72', weights: 'native', framework: 'trtllm' }],
    };
    const gpus = new Set(runSweep(rack, catalog).points.map((p) => p.scenario.gpus));
    expect(gpus.has(36)).toBe(true);
    expect(gpus.has(72)).toBe(true);
    // An 8-GPU board has no rack sizes.
    const board = new Set(
      [...sweepConfigurations({ ...rack, series: [q.series[0]!] }, catalog)].map(
        (c) => c.scenario.gpus,
      ),
    );
    expect(board.has(36) || board.has(72)).toBe(false);
  });
  it('stops when cancelled', () => {
    expect(() => runSweep(q, catalog, { isCancelled: () => true })).toThrow('cancelled');
  });
});

/** V4-Flash at 1K in / 1K out on B200 with vLLM, aggregated, no speculative decoding. */
const FLASH_ON_B200: SweepQuery = {
  model: 'deepseek-v4-flash',
  series: [{ hardware: 'b200', weights: 'native', framework: 'vllm' }],
  inputTokens: 1024,
  outputTokens: 1024,
  disaggregated: false,
  speculative: false,
};

describe('sweep bridge fallback (no worker)', () => {
  it('runs on the main thread and honours an aborted signal', async () => {
    const { runSweepAsync } = await import('../../../src/workers/sweep-bridge');
    const q = FLASH_ON_B200;
    const r = await runSweepAsync(q, catalog, { forceMainThread: true });
    expect(r.points.length).toBeGreaterThan(0);
    const ac = new AbortController();
    ac.abort();
    await expect(
      runSweepAsync(q, catalog, { signal: ac.signal, forceMainThread: true }),
    ).rejects.toThrow('Aborted');
  });
});

describe('sweep figures agree with plan()', () => {
  it('cost per 1M output tokens and output per MW equal the Planner’s for the same scenario', async () => {
    const { plan } = await import('../../../src/core/plan');
    const r = runSweep(FLASH_ON_B200, catalog);
    for (const p of r.points.slice(0, 20)) {
      const full = plan(p.scenario, catalog);
      if (!full.ok || !full.plan.runs) throw new Error('a sweep point must run');
      // One cost definition (COST_DEFINITION): the same three $/M as the Planner.
      expect(p.usdPerMillionOutputTokens).toBeCloseTo(full.plan.cost.usdPerMillionOutputTokens!, 9);
      expect(p.usdPerMillionInputTokens).toBeCloseTo(full.plan.cost.usdPerMillionInputTokens!, 9);
      expect(p.usdPerMillionTokensBlended).toBeCloseTo(
        full.plan.cost.usdPerMillionTokensBlended!,
        9,
      );
      expect(p.outputTokPerSecPerMegawatt).toBeCloseTo(
        full.plan.energy.outputTokPerSecPerMegawatt,
        6,
      );
      expect(p.tpotMs).toBeCloseTo(full.plan.latency.tpotMs, 9);
      // The frontier's tooltip shows the same 80% ranges as the Planner.
      const same = (a: [number, number] | null, b: [number, number] | null) => {
        expect(a).not.toBeNull();
        expect(a![0]).toBeCloseTo(b![0], 6);
        expect(a![1]).toBeCloseTo(b![1], 6);
      };
      same(p.tokPerSecPerUserRange, full.plan.throughput.tokPerSecPerUserRange);
      same(p.outputTokPerSecPerGpuRange, full.plan.throughput.outputTokPerSecPerGpuRange);
      same(p.ttftMsRange, full.plan.latency.ttftMsRange);
    }
  });
});

describe('a sweep group read once by the schema', () => {
  it('is, field for field, what the schema makes of the group as written (every layout, MTP, preset)', () => {
    const q: SweepQuery = {
      model: 'deepseek-v4-pro',
      inputTokens: 8192,
      outputTokens: 1024,
      disaggregated: true,
      speculative: true,
      resolution: 'fine',
      preset: 'agent',
      series: [
        { hardware: 'gb200-nvl72', weights: 'native', framework: 'sglang' },
        { hardware: 'mi355x', weights: 'fp8', framework: 'atom' },
      ],
    };
    let groups = 0;
    for (const g of sweepGroups(q, catalog)) {
      groups++;
      expect(g.valid).toEqual(ScenarioSchema.parse(g.base));
    }
    expect(groups).toBeGreaterThan(100);
  });

  it('is none when the schema rejects the series (the sweep then has no point for it)', () => {
    const q: SweepQuery = {
      model: 'deepseek-v4-pro',
      inputTokens: 0,
      outputTokens: 1024,
      disaggregated: false,
      speculative: false,
      series: [{ hardware: 'b200', weights: 'native', framework: 'sglang' }],
    };
    for (const g of sweepGroups(q, catalog)) expect(g.valid).toBeNull();
    expect(runSweep(q, catalog).points).toHaveLength(0);
  });
});
