import type { BandMetric, LoadRegime, Range, RatioBand } from './bands';
import { bandClassOf, loadOf, rangeOf, ratioBand } from './bands';
import type { Catalog } from './catalog';
import type { WeightPrecision } from './precision';
import type { Prepared, Served } from './prepare';
import { prepareValid, serve } from './prepare';
import type { Framework, Scenario, ScenarioInput } from './scenario/schema';
import { Scenario as ScenarioSchema } from './scenario/schema';
import { poolCosts } from './pool-costs';
import { CALIBRATION } from './perf/calibration';
import { economics } from './economics';
import type { WorkloadPresetId } from './workload/presets';
import { presetShape } from './workload/presets';
import { DEFAULT_SPECULATIVE, defaultAcceptanceLength } from './scenario/mtp-acceptance';

/** One line on the frontier chart: a hardware, a weight precision and a framework. */
export interface SweepSeries {
  hardware: string;
  weights: WeightPrecision;
  framework: Framework;
}

export interface SweepQuery {
  model: string;
  series: SweepSeries[];
  inputTokens: number;
  outputTokens: number;
  /** Also try disaggregated prefill/decode pools. */
  disaggregated: boolean;
  /** Also try speculative decoding (1 draft token, acceptance 1.8; 3 drafts, 2.37 on the fine grid:
   * the default acceptance lengths, scenario/mtp-acceptance.ts). */
  speculative: boolean;
  /** 'fine': more GPU counts, layouts and concurrency steps (benchmarks, deep dives);
   * 'capacity': the capacity search's grid (from 1 GPU, two steps per doubling). */
  resolution?: 'standard' | 'fine' | 'capacity';
  /** A traffic preset (core/workload/presets.ts) whose shape every point's workload takes (its
   * lengths are the query's); absent or 'fixed': fixed lengths, no reuse. */
  preset?: WorkloadPresetId;
}

export interface SweepPoint {
  series: number;
  scenario: ScenarioInput;
  tokPerSecPerUser: number;
  outputTokPerSecPerGpu: number;
  totalTokPerSecPerGpu: number;
  ttftMs: number;
  tpotMs: number;
  /** $/M output, input and blended tokens: economics() (COST_DEFINITION), as in the Planner. */
  usdPerMillionOutputTokens: number | null;
  usdPerMillionInputTokens: number | null;
  usdPerMillionTokensBlended: number | null;
  outputTokPerSecPerMegawatt: number;
  /** 80% bands of held-out measurements of comparable deployments (src/core/bands.ts). */
  tokPerSecPerUserRange: Range;
  outputTokPerSecPerGpuRange: Range;
  ttftMsRange: Range;
}

export interface SweepResult {
  points: SweepPoint[];
  /** Per series, the indices (into points) of its Pareto frontier, by ascending tok/s per user. */
  frontiers: number[][];
  configurations: number;
}

const GRID = {
  standard: {
    gpus: [4, 8, 16, 32, 64],
    stepsPerDoubling: 1,
    mtp: [DEFAULT_SPECULATIVE],
  },
  capacity: {
    gpus: [1, 2, 4, 8, 16, 32, 64],
    stepsPerDoubling: 2,
    mtp: [DEFAULT_SPECULATIVE],
  },
  fine: {
    gpus: [1, 2, 4, 8, 16, 24, 32, 48, 64, 72, 96, 128],
    stepsPerDoubling: 3,
    mtp: [DEFAULT_SPECULATIVE, { draftTokens: 3, acceptanceLength: defaultAcceptanceLength(3) }],
  },
} as const;
const MAX_CONCURRENCY = 16_384;

/** Concurrencies from 1 to the maximum, `steps` per doubling, rounded and deduplicated. */
function concurrencies(steps: number): number[] {
  const out = new Set<number>();
  for (let i = 0; 2 ** (i / steps) <= MAX_CONCURRENCY; i++) out.add(Math.round(2 ** (i / steps)));
  return [...out];
}

/**
 * The layouts tried on g GPUs: TP instances, wide EP with attention-DP, EP8 instances and
 * disaggregated pools; the fine grid adds TP4 instances, EP16 instances and a half/half split.
 */
function layoutsFor(
  g: number,
  disaggregated: boolean,
  domain: number,
  fine: boolean,
): Array<Pick<Scenario, 'parallelism' | 'disaggregation'>> {
  const out: Array<Pick<Scenario, 'parallelism' | 'disaggregation'>> = [];
  const tp = dividingTp(g, domain);
  out.push({ parallelism: { tp, ep: tp, pp: 1, dpAttention: false } });
  out.push({ parallelism: { tp: 1, ep: g, pp: 1, dpAttention: true } });
  if (g > 8 && g % 8 === 0) out.push({ parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true } });
  if (fine && g > 4 && g % 4 === 0)
    out.push({ parallelism: { tp: 4, ep: 4, pp: 1, dpAttention: false } });
  if (fine && g > 16 && g % 16 === 0)
    out.push({ parallelism: { tp: 1, ep: 16, pp: 1, dpAttention: true } });
  if (disaggregated && g >= 16 && g % 8 === 0) {
    for (const share of fine ? [4, 2] : [4]) {
      // A quarter (or half) of the GPUs prefill, rounded to whole 8-GPU nodes when it is not a
      // multiple of 4 (72 GPUs: 16 prefill, 56 decode).
      const exact = g / share;
      const p = Number.isInteger(exact) && exact % 4 === 0 ? exact : 8 * Math.round(exact / 8);
      if (p < 4 || p >= g) continue;
      const ptp = dividingTp(p, domain);
      out.push({
        disaggregation: {
          prefill: { gpus: p, tp: ptp, ep: ptp, pp: 1, dpAttention: false },
          decode: { gpus: g - p, tp: 1, ep: g - p, pp: 1, dpAttention: true },
        },
      });
    }
  }
  return out;
}

/** The widest TP up to 8 GPUs that divides g and stays in one NVLink domain (36 GPUs: TP4). */
function dividingTp(g: number, domain: number): number {
  let tp = 8;
  while (tp > 1 && (g % tp !== 0 || tp > domain)) tp /= 2;
  return tp;
}

/** GPU counts of a series: the grid's, plus half and whole racks on a rack-scale NVLink domain
 * (GB200/GB300 NVL72: 36 and 72 GPUs). */
function gpuCountsFor(grid: readonly number[], domain: number): number[] {
  const racks = domain > 8 ? [domain / 2, domain].filter(Number.isInteger) : [];
  return [...new Set([...grid, ...racks])].sort((a, b) => a - b);
}

/** One layout of one series, to be tried at every concurrency of the grid. */
export interface SweepGroup {
  series: number;
  /** The scenario at concurrency 1 (its memory does not depend on the concurrency). */
  base: ScenarioInput;
  /** The same scenario as the schema reads it (defaults filled in), null if it rejects it. */
  valid: Scenario | null;
  concurrencies: number[];
}

/**
 * A group's scenario as the schema reads it, from its series' template the schema has already
 * read (model, hardware, precision, engine, workload): a group only sets its GPUs, layout and
 * speculative decoding, every field of which it writes out, so the schema would return them as
 * they are.
 */
function validGroup(
  template: Scenario,
  gpus: number,
  layout: Pick<Scenario, 'parallelism' | 'disaggregation'>,
  spec: Scenario['speculative'],
): Scenario {
  const s: Scenario = { ...template };
  s.gpus = gpus;
  if (layout.parallelism) s.parallelism = layout.parallelism;
  if (layout.disaggregation) s.disaggregation = layout.disaggregation;
  if (spec) s.speculative = spec;
  return s;
}

export function* sweepGroups(q: SweepQuery, catalog: Catalog): Generator<SweepGroup> {
  const grid = GRID[q.resolution ?? 'standard'];
  const cs = concurrencies(grid.stepsPerDoubling);
  const model = catalog.models.get(q.model);
  for (const [i, s] of q.series.entries()) {
    const hw = catalog.hardware.get(s.hardware);
    if (!model || !hw) continue;
    // The preset's shape on this series' accelerator (its host DRAM is a cache tier).
    const shape = q.preset && q.preset !== 'fixed' ? presetShape(q.preset, hw) : {};
    const seriesBase = {
      model: q.model,
      hardware: s.hardware,
      precision: { weights: s.weights, kvCache: 'fp8' as const },
      framework: s.framework,
      workload: {
        ...shape,
        inputTokens: q.inputTokens,
        outputTokens: q.outputTokens,
        concurrency: 1,
      },
    };
    const template = ScenarioSchema.safeParse({ ...seriesBase, gpus: 1 });
    for (const g of gpuCountsFor(grid.gpus, hw.scaleUp.domainGpus)) {
      for (const layout of layoutsFor(
        g,
        q.disaggregated,
        hw.scaleUp.domainGpus,
        q.resolution === 'fine',
      )) {
        for (const spec of q.speculative && model.mtp ? [undefined, ...grid.mtp] : [undefined]) {
          const base: ScenarioInput = {
            model: seriesBase.model,
            hardware: seriesBase.hardware,
            gpus: g,
            precision: seriesBase.precision,
            framework: seriesBase.framework,
            ...layout,
            workload: seriesBase.workload,
            ...(spec ? { speculative: spec } : {}),
          };
          yield {
            series: i,
            concurrencies: cs,
            base,
            valid: template.success ? validGroup(template.data, g, layout, spec) : null,
          };
        }
      }
    }
  }
}

/** The scenario at concurrency c. Copied, then assigned: a spread literal that overrides one of
 * the spread's own fields leaves V8 on its slow path, and a sweep makes one per point. */
export function withConcurrency(s: ScenarioInput, c: number): ScenarioInput {
  const workload = { ...s.workload };
  workload.concurrency = c;
  const out = { ...s };
  out.workload = workload;
  return out;
}

/** Every configuration of the sweep, lazily (a generator keeps memory flat). */
export function* sweepConfigurations(
  q: SweepQuery,
  catalog: Catalog,
): Generator<{ series: number; scenario: ScenarioInput }> {
  for (const g of sweepGroups(q, catalog))
    for (const c of g.concurrencies)
      yield { series: g.series, scenario: withConcurrency(g.base, c) };
}

/**
 * Pareto frontier maximising both x and y: the points no other point beats on both. Returned
 * by ascending x (so by descending y).
 */
export function paretoFrontier(points: ReadonlyArray<{ x: number; y: number }>): number[] {
  const order = points
    .map((_, i) => i)
    .sort((a, b) => points[b]!.x - points[a]!.x || points[b]!.y - points[a]!.y);
  const frontier: number[] = [];
  let bestY = -Infinity;
  for (const i of order) {
    if (points[i]!.y > bestY) {
      frontier.push(i);
      bestY = points[i]!.y;
    }
  }
  return frontier.reverse();
}

export interface SweepOptions {
  /** Checked between configurations: a cancelled sweep stops and throws. */
  isCancelled?: (() => boolean) | undefined;
  onProgress?: ((done: number) => void) | undefined;
}

/**
 * A prepared layout's serving figures at each concurrency it can take: up to what its memory
 * holds, and no fewer users than instances (fewer leave replicas idle: not a deployment anyone
 * would pick, and no faster per user than one instance, replicas only add throughput).
 */
export function* servedLoads(
  p: Prepared,
  concurrencies: readonly number[],
): Generator<{ c: number; f: Served }> {
  const fewestUsers = Math.max(p.decodeLayout.instances, p.prefillLayout?.instances ?? 1);
  // One copy of the prepared layout serves every concurrency (serve keeps no reference to it).
  const at: Prepared = { ...p, workload: { ...p.workload } };
  for (const c of concurrencies) {
    if (c > p.decode.maxConcurrency) return;
    if (c < fewestUsers) continue;
    at.concurrency = c;
    at.workload.concurrency = c;
    yield { c, f: serve(at, CALIBRATION) };
  }
}

/**
 * Runs the sweep: every configuration that fits in memory becomes a point. Each layout is
 * validated and its memory planned once; only the serving model runs per concurrency.
 */
export function runSweep(q: SweepQuery, catalog: Catalog, opts: SweepOptions = {}): SweepResult {
  const points: SweepPoint[] = [];
  let n = 0;
  let nextCheck = 256;
  for (const group of sweepGroups(q, catalog)) {
    if (n >= nextCheck) {
      nextCheck = n + 256;
      if (opts.isCancelled?.()) throw new Error('cancelled');
      opts.onProgress?.(n);
    }
    const r = group.valid ? prepareValid(group.valid, catalog) : null;
    n += group.concurrencies.length;
    if (!r?.ok || !r.prepared.decode.fits || (r.prepared.prefill && !r.prepared.prefill.fits))
      continue;
    const p = r.prepared;
    const costs = poolCosts(p);
    const price = costs.usdPerGpuHour;
    const watts = costs.power.watts;
    // A group's bands differ only by load regime (four at most): looked up once each.
    const byLoad = new Map<LoadRegime, Record<BandMetric, RatioBand | null>>();
    const bandsAt = (c: number) => {
      const load = loadOf(p, c);
      let hit = byLoad.get(load);
      if (!hit) {
        const cls = bandClassOf(p, c);
        hit = {
          tpot: ratioBand({ ...cls, metric: 'tpot' }, catalog.bands),
          throughput: ratioBand({ ...cls, metric: 'throughput' }, catalog.bands),
          ttft: ratioBand({ ...cls, metric: 'ttft' }, catalog.bands),
        };
        byLoad.set(load, hit);
      }
      return hit;
    };
    for (const { c, f } of servedLoads(p, group.concurrencies)) {
      const cost = economics(
        f,
        q.inputTokens,
        q.outputTokens,
        price,
        q.model,
        costs.prefillCostShare ?? f.prefillGpuTimeShare,
      );
      const b = bandsAt(c);
      points.push({
        series: group.series,
        scenario: withConcurrency(group.base, c),
        tokPerSecPerUser: f.tokPerSecPerUser,
        outputTokPerSecPerGpu: f.outputTokPerSecPerGpu,
        totalTokPerSecPerGpu: f.totalTokPerSecPerGpu,
        ttftMs: f.ttftMs,
        tpotMs: f.tpotMs,
        usdPerMillionOutputTokens: cost.usdPerMillionOutputTokens,
        usdPerMillionInputTokens: cost.usdPerMillionInputTokens,
        usdPerMillionTokensBlended: cost.usdPerMillionTokensBlended,
        outputTokPerSecPerMegawatt: (f.outputTokPerSecPerGpu * 1e6) / watts,
        tokPerSecPerUserRange: rangeOf(f.tokPerSecPerUser, b.tpot, true),
        outputTokPerSecPerGpuRange: rangeOf(f.outputTokPerSecPerGpu, b.throughput),
        ttftMsRange: rangeOf(f.ttftMs, b.ttft),
      });
    }
  }
  return { points, frontiers: frontiersWithin(points, q.series.length), configurations: n };
}

/**
 * Per series, the indices of the Pareto frontier (tok/s per user against output tok/s per GPU)
 * among the points `keep` admits, by ascending tok/s per user: a point past a bound does not
 * hold up the frontier, the best point within it does.
 */
export function frontiersWithin(
  points: readonly SweepPoint[],
  seriesCount: number,
  keep: (p: SweepPoint) => boolean = () => true,
): number[][] {
  const bySeries: number[][] = Array.from({ length: seriesCount }, () => []);
  points.forEach((p, j) => {
    if (p.series >= 0 && p.series < seriesCount && keep(p)) bySeries[p.series]!.push(j);
  });
  return bySeries.map((idx) => {
    const front = paretoFrontier(
      idx.map((j) => ({ x: points[j]!.tokPerSecPerUser, y: points[j]!.outputTokPerSecPerGpu })),
    );
    return front.map((k) => idx[k]!);
  });
}
