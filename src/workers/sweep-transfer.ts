import type { ScenarioInput } from '../core/scenario/schema';
import type { SweepPoint, SweepResult } from '../core/sweep';
import { withConcurrency } from '../core/sweep';

/** A point's numbers, in the order they are packed. */
const SCALARS = [
  'tokPerSecPerUser',
  'outputTokPerSecPerGpu',
  'totalTokPerSecPerGpu',
  'ttftMs',
  'tpotMs',
  'usdPerMillionOutputTokens',
  'usdPerMillionInputTokens',
  'usdPerMillionTokensBlended',
  'outputTokPerSecPerMegawatt',
] as const satisfies readonly (keyof SweepPoint)[];
const RANGES = [
  'tokPerSecPerUserRange',
  'outputTokPerSecPerGpuRange',
  'ttftMsRange',
] as const satisfies readonly (keyof SweepPoint)[];
const WIDTH = SCALARS.length + 2 * RANGES.length;

/**
 * A sweep's result as it crosses from the worker: its numbers in typed arrays (moved, not
 * copied), and each point's scenario as the scenario of its layout plus its concurrency. A
 * structured clone of a hundred thousand small objects takes the page a third of a second; this
 * takes it a few milliseconds to rebuild.
 */
export interface PackedSweep {
  /** One scenario per run of points that differ only in their concurrency. */
  scenarios: ScenarioInput[];
  run: Uint32Array;
  concurrency: Float64Array;
  series: Int32Array;
  /** WIDTH numbers per point: the scalars, then each range's low and high. */
  values: Float64Array;
  /** Per point, bit i set where field i (SCALARS, then RANGES) is null. */
  nulls: Uint16Array;
  frontiers: number[][];
  configurations: number;
}

/** Whether two scenarios differ at most in their workload's concurrency (fields compared as
 * they are: a sweep's points of one layout share every object but their workload). */
function sameLayout(a: ScenarioInput, b: ScenarioInput): boolean {
  const ka = Object.keys(a) as (keyof ScenarioInput)[];
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (k === 'workload') {
      const wa = a.workload as Record<string, unknown>;
      const wb = b.workload as Record<string, unknown>;
      const kw = Object.keys(wa);
      if (kw.length !== Object.keys(wb).length) return false;
      for (const f of kw) if (f !== 'concurrency' && wa[f] !== wb[f]) return false;
    } else if (a[k] !== b[k]) return false;
  }
  return true;
}

export function packSweep(r: SweepResult): { packed: PackedSweep; transfer: ArrayBuffer[] } {
  const n = r.points.length;
  const scenarios: ScenarioInput[] = [];
  const run = new Uint32Array(n);
  const concurrency = new Float64Array(n);
  const series = new Int32Array(n);
  const values = new Float64Array(n * WIDTH);
  const nulls = new Uint16Array(n);
  let last: ScenarioInput | null = null;
  for (let i = 0; i < n; i++) {
    const p = r.points[i]!;
    if (!last || !sameLayout(last, p.scenario)) scenarios.push(p.scenario);
    last = p.scenario;
    run[i] = scenarios.length - 1;
    concurrency[i] = p.scenario.workload.concurrency as number;
    series[i] = p.series;
    let mask = 0;
    const at = i * WIDTH;
    for (let f = 0; f < SCALARS.length; f++) {
      const v = p[SCALARS[f]!];
      if (v === null) mask |= 1 << f;
      else values[at + f] = v;
    }
    for (let f = 0; f < RANGES.length; f++) {
      const v = p[RANGES[f]!];
      if (v === null) mask |= 1 << (SCALARS.length + f);
      else {
        values[at + SCALARS.length + 2 * f] = v[0];
        values[at + SCALARS.length + 2 * f + 1] = v[1];
      }
    }
    nulls[i] = mask;
  }
  const packed = {
    scenarios,
    run,
    concurrency,
    series,
    values,
    nulls,
    frontiers: r.frontiers,
    configurations: r.configurations,
  };
  return {
    packed,
    transfer: [run.buffer, concurrency.buffer, series.buffer, values.buffer, nulls.buffer],
  };
}

/** The result a packed sweep carried: equal to the one packed, field for field and in order. */
export function unpackSweep(p: PackedSweep): SweepResult {
  const n = p.run.length;
  const points: SweepPoint[] = new Array<SweepPoint>(n);
  for (let i = 0; i < n; i++) {
    const scenario = withConcurrency(p.scenarios[p.run[i]!]!, p.concurrency[i]!);
    const at = i * WIDTH;
    const mask = p.nulls[i]!;
    const scalar = (f: number) => (mask & (1 << f) ? null : p.values[at + f]!);
    const range = (f: number): [number, number] | null =>
      mask & (1 << (SCALARS.length + f))
        ? null
        : [p.values[at + SCALARS.length + 2 * f]!, p.values[at + SCALARS.length + 2 * f + 1]!];
    points[i] = {
      series: p.series[i]!,
      scenario,
      tokPerSecPerUser: scalar(0)!,
      outputTokPerSecPerGpu: scalar(1)!,
      totalTokPerSecPerGpu: scalar(2)!,
      ttftMs: scalar(3)!,
      tpotMs: scalar(4)!,
      usdPerMillionOutputTokens: scalar(5),
      usdPerMillionInputTokens: scalar(6),
      usdPerMillionTokensBlended: scalar(7),
      outputTokPerSecPerMegawatt: scalar(8)!,
      tokPerSecPerUserRange: range(0),
      outputTokPerSecPerGpuRange: range(1),
      ttftMsRange: range(2),
    };
  }
  return { points, frontiers: p.frontiers, configurations: p.configurations };
}
