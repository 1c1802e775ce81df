import type { Catalog } from '../catalog';
import type { Calibration, Generation } from '../perf/calibration';
import type { Prepared } from '../prepare';
import { poolHardware, prepare, serve } from '../prepare';
import type { Framework } from '../scenario/schema';
import { levenbergMarquardt } from './least-squares';
import type { MeasurementRow, Metric } from './measurements';
import { THROUGHPUT_METRICS, metricOf, resolveRowScenario } from './measurements';
import type { Parameter } from './parameters';
import {
  GLOBAL_PARAMETERS,
  cloneCalibration,
  frameworkParameters,
  fromUnconstrained,
  generationParameters,
  launchParameter,
  launchStackOf,
  toUnconstrained,
} from './parameters';

/** One measured figure, ready to be predicted many times (its scenario prepared once). */
export interface FitPoint {
  id: string;
  group: string;
  set: MeasurementRow['set'];
  metric: Metric;
  measured: number;
  prepared: Prepared;
  weight: number;
}

/** Metrics the fit uses. TTFT only at light load (see below); elsewhere it is reported only. */
export const FITTED_METRICS: readonly Metric[] = [
  ...THROUGHPUT_METRICS,
  'tpotMs',
  'tokPerSecPerUser',
  'e2eLatencyMs',
  'ttftMs',
];

/** Requests per attention rank up to which a TTFT is a prompt's own prefill, a short wave of
 * prompts ahead of it and fixed latencies. Beyond it TTFT is mostly queueing, which depends on
 * arrival patterns the sources do not describe, so it is reported, not fitted. */
export const LIGHT_LOAD_REQUESTS_PER_RANK = 4;

export function isLightLoad(p: Prepared): boolean {
  const l = p.prefillLayout ?? p.decodeLayout;
  return p.workload.concurrency <= LIGHT_LOAD_REQUESTS_PER_RANK * l.instances * l.attentionDpRanks;
}

/** Headline rows are few and carefully described: each counts as much as this many silicon points. */
export const HEADLINE_WEIGHT = 4;

export function fitPoints(
  rows: readonly MeasurementRow[],
  catalog: Catalog,
): { points: FitPoint[]; errors: string[] } {
  const points: FitPoint[] = [];
  const errors: string[] = [];
  for (const row of rows) {
    if (row.setAside) continue;
    const scenario = resolveRowScenario(row, catalog);
    const r = typeof scenario === 'string' ? null : prepare(scenario, catalog);
    if (!r || !r.ok) {
      errors.push(
        `${row.id}: ${typeof scenario === 'string' ? scenario : r && !r.ok ? r.errors.join('; ') : ''}`,
      );
      continue;
    }
    for (const [metric, measured] of Object.entries(row.metrics) as [Metric, number][]) {
      if (!FITTED_METRICS.includes(metric)) continue;
      if (metric === 'ttftMs' && !isLightLoad(r.prepared)) continue;
      points.push({
        id: row.id,
        group: row.group,
        set: row.set,
        metric,
        measured,
        prepared: r.prepared,
        weight: row.set === 'headline' ? Math.sqrt(HEADLINE_WEIGHT) : 1,
      });
    }
  }
  return { points, errors };
}

export function predictPoint(p: FitPoint, cal: Calibration): number | null {
  return metricOf(serve(p.prepared, cal), p.prepared.workload.outputTokens, p.metric);
}

/** The parameters the data can inform: generations and frameworks present in the points, and a
 * generation's launch factor only where some point runs on a GPU without its own kernel tables. */
export function parametersFor(points: readonly FitPoint[]): Parameter[] {
  const gens = new Set<Generation>();
  const borrowing = new Set<Generation>();
  const fws = new Set<Framework>();
  for (const p of points) {
    gens.add(p.prepared.hardware.generation);
    for (const layout of [p.prepared.decodeLayout, p.prepared.prefillLayout]) {
      const pool = layout && poolHardware(p.prepared, layout);
      if (pool && !pool.kernels) borrowing.add(pool.hardware.generation);
    }
    fws.add(p.prepared.scenario.framework);
  }
  const stacks = [...new Set([...borrowing].map(launchStackOf))].sort();
  return [
    ...[...gens].sort().flatMap(generationParameters),
    ...stacks.map(launchParameter),
    ...[...fws].sort().flatMap(frameworkParameters),
    ...GLOBAL_PARAMETERS,
  ];
}

export interface FitResult {
  calibration: Calibration;
  parameters: Array<{ name: string; prior: number; fitted: number }>;
  iterations: number;
  cost: number;
}

/** Cauchy weight of a log-residual: points far off the model count less (noisy rows). */
const CAUCHY_SCALE = 0.25;
const robust = (r: number) =>
  CAUCHY_SCALE * Math.sign(r) * Math.sqrt(Math.log1p((r / CAUCHY_SCALE) ** 2));

/**
 * Fits the calibration to the points: minimises Σ w·ρ(log(predicted / measured))² with a Cauchy
 * ρ, plus (z - z_prior)² / σ² for every parameter (regularisation towards the physical priors).
 */
export function fitCalibration(
  points: readonly FitPoint[],
  prior: Calibration,
  opts: {
    start?: Calibration;
    maxIterations?: number;
    /** Multiplies every prior's σ (large = weak priors); 1 by default. */
    priorScale?: number;
    onIteration?: (i: number, cost: number) => void;
  } = {},
): FitResult {
  const params = parametersFor(points);
  const z0 = Float64Array.from(params.map((p) => toUnconstrained(p, p.get(prior))));
  const start = opts.start ?? prior;
  const zStart = Float64Array.from(params.map((p) => toUnconstrained(p, p.get(start))));
  const calOf = (z: Float64Array) => {
    const c = cloneCalibration(prior);
    params.forEach((p, i) => p.set(c, fromUnconstrained(p, z[i]!)));
    return c;
  };
  const residuals = (z: Float64Array) => {
    const cal = calOf(z);
    const out = new Float64Array(points.length + params.length);
    points.forEach((p, i) => {
      const v = predictPoint(p, cal);
      out[i] =
        v && v > 0 && Number.isFinite(v)
          ? p.weight * robust(Math.log(v / p.measured))
          : p.weight * 3;
    });
    params.forEach((p, i) => {
      out[points.length + i] = (z[i]! - z0[i]!) / (p.sigma * (opts.priorScale ?? 1));
    });
    return out;
  };
  const r = levenbergMarquardt(residuals, zStart, {
    maxIterations: opts.maxIterations ?? 25,
    onIteration: opts.onIteration,
  });
  const calibration = calOf(r.z);
  return {
    calibration,
    parameters: params.map((p) => ({
      name: p.name,
      prior: p.get(prior),
      fitted: p.get(calibration),
    })),
    iterations: r.iterations,
    cost: r.cost,
  };
}
