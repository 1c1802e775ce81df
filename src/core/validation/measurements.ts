import { z } from 'zod';
import type { Catalog } from '../catalog';
import type { Calibration } from '../perf/calibration';
import type { Plan } from '../plan';
import { plan } from '../plan';
import type { ScenarioInput } from '../scenario/schema';

export const METRICS = [
  'outputTokPerSecPerGpu',
  'totalTokPerSecPerGpu',
  'tokPerSecPerUser',
  'tpotMs',
  'ttftMs',
  'e2eLatencyMs',
  'prefillTokPerSecPerGpu',
  'decodeTokPerSecPerGpu',
] as const;
export type Metric = (typeof METRICS)[number];

/** Throughput-per-GPU metrics (the accuracy target for headline results). */
export const THROUGHPUT_METRICS: readonly Metric[] = [
  'outputTokPerSecPerGpu',
  'totalTokPerSecPerGpu',
  'prefillTokPerSecPerGpu',
  'decodeTokPerSecPerGpu',
];

export const MeasurementRow = z.object({
  id: z.string(),
  set: z.enum(['headline', 'silicon']),
  /** Leave-one-source-out group: the source URL (headline) or the system (silicon). */
  group: z.string(),
  sourceUrl: z.url(),
  date: z.string(),
  confidence: z.string(),
  scenario: z.record(z.string(), z.unknown()),
  metrics: z.partialRecord(z.enum(METRICS), z.number().positive()),
  offlineMax: z.boolean().optional(),
  note: z.string().optional(),
});
export type MeasurementRow = Omit<z.infer<typeof MeasurementRow>, 'scenario'> & {
  scenario: ScenarioInput;
};

export const MeasurementsFile = z.object({
  version: z.string(),
  sources: z.record(z.string(), z.string()),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  rows: z.array(MeasurementRow),
});

/** Offline "max" runs cap the batch per attention rank (trtllm-bench tunes max_batch_size to a
 * few hundred per rank, e.g. 384 in reference row M20). */
export const OFFLINE_MAX_BATCH_PER_RANK = 512;

export function metricOf(p: Plan, m: Metric): number | null {
  switch (m) {
    case 'outputTokPerSecPerGpu':
      return p.throughput.outputTokPerSecPerGpu;
    case 'totalTokPerSecPerGpu':
      return p.throughput.totalTokPerSecPerGpu;
    case 'tokPerSecPerUser':
      return p.throughput.tokPerSecPerUser;
    case 'tpotMs':
      return p.latency.tpotMs;
    case 'ttftMs':
      return p.latency.ttftMs;
    case 'e2eLatencyMs':
      return p.latency.ttftMs + (p.scenario.workload.outputTokens - 1) * p.latency.tpotMs;
    case 'prefillTokPerSecPerGpu':
      return p.throughput.prefillTokPerSecPerPrefillGpu;
    case 'decodeTokPerSecPerGpu':
      return p.throughput.decodeTokPerSecPerDecodeGpu;
  }
}

export type RowPrediction =
  | { ok: true; plan: Plan; predicted: Partial<Record<Metric, number>> }
  | { ok: false; error: string };

/** The plan for a measurement's scenario and the figures it predicts for each reported metric. */
export function predictRow(
  row: MeasurementRow,
  catalog: Catalog,
  cal?: Calibration,
): RowPrediction {
  let r = plan(row.scenario, catalog, cal);
  if (!r.ok) return { ok: false, error: r.errors.join('; ') };
  if (row.offlineMax) {
    const l = r.plan.layout.decode;
    const cap = OFFLINE_MAX_BATCH_PER_RANK * l.instances * l.attentionDpRanks;
    const c = Math.max(1, Math.min(r.plan.memory.maxConcurrency, cap));
    r = plan(
      { ...row.scenario, workload: { ...row.scenario.workload, concurrency: c } },
      catalog,
      cal,
    );
    if (!r.ok) return { ok: false, error: r.errors.join('; ') };
  }
  const predicted: Partial<Record<Metric, number>> = {};
  for (const m of Object.keys(row.metrics) as Metric[]) {
    const v = metricOf(r.plan, m);
    if (v !== null) predicted[m] = v;
  }
  return { ok: true, plan: r.plan, predicted };
}
