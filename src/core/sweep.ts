import type { Catalog } from './catalog';
import type { WeightPrecision } from './precision';
import { prepare, serve } from './prepare';
import type { Framework, ScenarioInput } from './scenario/schema';
import { economics, energy } from './economics';
import { resolveUsdPerGpuHour } from './plan';
import { CALIBRATION } from './perf/calibration';

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
  /** Also try speculative decoding (1 draft token, acceptance 1.8). */
  speculative: boolean;
}

export interface SweepPoint {
  series: number;
  scenario: ScenarioInput;
  tokPerSecPerUser: number;
  outputTokPerSecPerGpu: number;
  totalTokPerSecPerGpu: number;
  ttftMs: number;
  tpotMs: number;
  usdPerMillionOutputTokens: number | null;
  outputTokPerSecPerMegawatt: number;
}

export interface SweepResult {
  points: SweepPoint[];
  /** Per series, the indices (into points) of its Pareto frontier, by ascending tok/s per user. */
  frontiers: number[][];
  configurations: number;
}

const GPU_COUNTS = [4, 8, 16, 32, 64];
const MAX_CONCURRENCY = 16_384;
const MTP = { draftTokens: 1, acceptanceLength: 1.8 };

/** The layouts tried on g GPUs: TP instances, wide EP with attention-DP, EP8 instances, and pools. */
function layoutsFor(
  g: number,
  disaggregated: boolean,
  domain: number,
): Array<Pick<ScenarioInput, 'parallelism' | 'disaggregation'>> {
  const out: Array<Pick<ScenarioInput, 'parallelism' | 'disaggregation'>> = [];
  const tp = Math.min(8, g, domain);
  out.push({ parallelism: { tp, ep: tp, pp: 1, dpAttention: false } });
  out.push({ parallelism: { tp: 1, ep: g, pp: 1, dpAttention: true } });
  if (g > 8) out.push({ parallelism: { tp: 1, ep: 8, pp: 1, dpAttention: true } });
  if (disaggregated && g >= 16) {
    const p = g / 4;
    out.push({
      disaggregation: {
        prefill: { gpus: p, tp: 8, ep: 8, pp: 1, dpAttention: false },
        decode: { gpus: g - p, tp: 1, ep: g - p, pp: 1, dpAttention: true },
      },
    });
  }
  return out;
}

/** Every configuration of the sweep, lazily (a generator keeps memory flat). */
export function* sweepConfigurations(
  q: SweepQuery,
  catalog: Catalog,
): Generator<{ series: number; scenario: ScenarioInput }> {
  const model = catalog.models.get(q.model);
  for (const [i, s] of q.series.entries()) {
    const hw = catalog.hardware.get(s.hardware);
    if (!model || !hw) continue;
    for (const g of GPU_COUNTS) {
      for (const layout of layoutsFor(g, q.disaggregated, hw.scaleUp.domainGpus)) {
        for (const spec of q.speculative && model.mtp ? [undefined, MTP] : [undefined]) {
          for (let c = 1; c <= MAX_CONCURRENCY; c *= 2) {
            yield {
              series: i,
              scenario: {
                model: q.model,
                hardware: s.hardware,
                gpus: g,
                precision: { weights: s.weights, kvCache: 'fp8' },
                framework: s.framework,
                ...layout,
                workload: {
                  inputTokens: q.inputTokens,
                  outputTokens: q.outputTokens,
                  concurrency: c,
                },
                ...(spec ? { speculative: spec } : {}),
              },
            };
          }
        }
      }
    }
  }
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
  isCancelled?: () => boolean;
  onProgress?: (done: number) => void;
}

/** Runs the sweep: every configuration that fits in memory becomes a point. */
export function runSweep(q: SweepQuery, catalog: Catalog, opts: SweepOptions = {}): SweepResult {
  const points: SweepPoint[] = [];
  let n = 0;
  for (const { series, scenario } of sweepConfigurations(q, catalog)) {
    n += 1;
    if (n % 256 === 0) {
      if (opts.isCancelled?.()) throw new Error('cancelled');
      opts.onProgress?.(n);
    }
    const r = prepare(scenario, catalog);
    if (!r.ok || !r.prepared.decode.fits || (r.prepared.prefill && !r.prepared.prefill.fits))
      continue;
    if (r.prepared.workload.concurrency > r.prepared.decode.maxConcurrency) continue;
    const p = r.prepared;
    const f = serve(p, CALIBRATION);
    const cost = economics(
      f,
      q.inputTokens,
      q.outputTokens,
      resolveUsdPerGpuHour(p.scenario, p.hardware),
      p.model.id,
    );
    points.push({
      series,
      scenario,
      tokPerSecPerUser: f.tokPerSecPerUser,
      outputTokPerSecPerGpu: f.outputTokPerSecPerGpu,
      totalTokPerSecPerGpu: f.totalTokPerSecPerGpu,
      ttftMs: f.ttftMs,
      tpotMs: f.tpotMs,
      usdPerMillionOutputTokens: cost.usdPerMillionOutputTokensAllIn,
      outputTokPerSecPerMegawatt: energy(f, p.hardware).outputTokPerSecPerMegawatt,
    });
  }
  const frontiers = q.series.map((_, i) => {
    const idx = points.flatMap((p, j) => (p.series === i ? [j] : []));
    const front = paretoFrontier(
      idx.map((j) => ({ x: points[j]!.tokPerSecPerUser, y: points[j]!.outputTokPerSecPerGpu })),
    );
    return front.map((k) => idx[k]!);
  });
  return { points, frontiers, configurations: n };
}
