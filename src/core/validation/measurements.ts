import { z } from 'zod';
import { WebUrl } from '../web-url';
import type { Catalog } from '../catalog';
import { prepare } from '../prepare';
import type { ServingFigures } from '../serving';
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
  sourceUrl: WebUrl,
  date: z.string(),
  confidence: z.string(),
  scenario: z.record(z.string(), z.unknown()),
  metrics: z.partialRecord(z.enum(METRICS), z.number().positive()),
  offlineMax: z.boolean().optional(),
  /** Why the row is neither fitted nor scored (src/core/validation/consistency.ts). */
  setAside: z.string().optional(),
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
 * few hundred per rank; reference row M20 states max_batch 384 per rank). */
export const OFFLINE_MAX_BATCH_PER_RANK = 384;

/** The figures a measurement can be compared with (ServingFigures carries them all). */
export type MetricSource = Pick<
  ServingFigures,
  | 'ttftMs'
  | 'tpotMs'
  | 'tokPerSecPerUser'
  | 'outputTokPerSecPerGpu'
  | 'totalTokPerSecPerGpu'
  | 'prefillTokPerSecPerPrefillGpu'
  | 'decodeTokPerSecPerDecodeGpu'
>;

export function metricOf(s: MetricSource, outputTokens: number, m: Metric): number | null {
  switch (m) {
    case 'outputTokPerSecPerGpu':
      return s.outputTokPerSecPerGpu;
    case 'totalTokPerSecPerGpu':
      return s.totalTokPerSecPerGpu;
    case 'tokPerSecPerUser':
      return s.tokPerSecPerUser;
    case 'tpotMs':
      return s.tpotMs;
    case 'ttftMs':
      return s.ttftMs;
    case 'e2eLatencyMs':
      return s.ttftMs + (outputTokens - 1) * s.tpotMs;
    case 'prefillTokPerSecPerGpu':
      return s.prefillTokPerSecPerPrefillGpu;
    case 'decodeTokPerSecPerGpu':
      return s.decodeTokPerSecPerDecodeGpu;
  }
}

/**
 * The scenario a measurement is predicted at: as written, except offline "max" runs, whose
 * concurrency is what fits in memory capped at OFFLINE_MAX_BATCH_PER_RANK per attention rank.
 */
export function resolveRowScenario(row: MeasurementRow, catalog: Catalog): ScenarioInput | string {
  if (!row.offlineMax) return row.scenario;
  const r = prepare(row.scenario, catalog);
  if (!r.ok) return r.errors.join('; ');
  const l = r.prepared.decodeLayout;
  // With PP every stage runs its own microbatch of up to the limit.
  const cap = OFFLINE_MAX_BATCH_PER_RANK * l.instances * l.attentionDpRanks * l.pp;
  const c = Math.max(1, Math.min(r.prepared.decode.maxConcurrency, cap));
  return {
    ...row.scenario,
    workload: { ...row.scenario.workload, concurrency: c },
    maxBatchPerRank: OFFLINE_MAX_BATCH_PER_RANK,
  };
}
