/**
 * Published measurements drawn beside a frontier, as the public dashboards draw them: each
 * series gets the scored rows (not set aside) of its model, accelerator and engine at the sweep's
 * prompt and answer lengths. A measurement is a point where it gives both axes.
 */
import type { SweepQuery, SweepSeries } from '../../core/sweep';
import type { MeasurementRow } from '../../core/validation/measurements';
import type { ScatterChartProps } from '../../components/scatter-chart';
import { formatLayout, formatSig } from '../../components/format';
import type { YKey } from './frontier-model';
import { seriesName } from './frontier-model';

export interface MeasuredPoint {
  row: MeasurementRow;
  tokPerSecPerUser: number;
  outputTokPerSecPerGpu: number;
  /** How the axes were read from the row, when not measured as such. */
  derived: string[];
}

/** tok/s per user and output tok/s per GPU of a row, measured or derived from what it gives. */
export function measuredPoint(row: MeasurementRow): MeasuredPoint | null {
  const m = row.metrics;
  const w = row.scenario.workload;
  const derived: string[] = [];
  let perUser = m.tokPerSecPerUser;
  if (perUser === undefined && m.tpotMs !== undefined) {
    perUser = 1000 / m.tpotMs;
    derived.push('tok/s per user = 1000 / TPOT');
  }
  let perGpu = m.outputTokPerSecPerGpu;
  if (perGpu === undefined && m.totalTokPerSecPerGpu !== undefined) {
    // In a steady closed loop every request reads its prompt once per answer.
    perGpu = (m.totalTokPerSecPerGpu * w.outputTokens) / (w.inputTokens + w.outputTokens);
    derived.push('output tok/s per GPU = total × output / (input + output)');
  }
  if (perUser === undefined || perGpu === undefined) return null;
  return { row, tokPerSecPerUser: perUser, outputTokPerSecPerGpu: perGpu, derived };
}

/** The rows that measure a series of this sweep. */
export function measuredRowsOf(
  rows: readonly MeasurementRow[],
  query: Pick<SweepQuery, 'model' | 'inputTokens' | 'outputTokens'>,
  s: SweepSeries,
): MeasuredPoint[] {
  return rows.flatMap((r) => {
    const sc = r.scenario;
    if (
      r.setAside ||
      sc.model !== query.model ||
      sc.hardware !== s.hardware ||
      (sc.framework ?? 'sglang') !== s.framework ||
      sc.workload.inputTokens !== query.inputTokens ||
      sc.workload.outputTokens !== query.outputTokens
    )
      return [];
    const p = measuredPoint(r);
    return p ? [p] : [];
  });
}

/** A measured row's deployment in a few words: GPUs, layout, load and MTP. */
function setupOf(r: MeasurementRow): string {
  const s = r.scenario;
  const p = s.parallelism;
  const layout = s.disaggregation
    ? `${s.disaggregation.prefill.gpus}P + ${s.disaggregation.decode.gpus}D`
    : p
      ? formatLayout(p)
      : 'default layout';
  const load = s.workload.concurrency === 'max' ? 'max' : String(s.workload.concurrency);
  return `${s.gpus} GPUs, ${layout}, ${load} in flight${s.speculative ? `, MTP ${s.speculative.draftTokens}` : ''}`;
}

/** The chart's measured series (one per series that has any), on the tok/s-per-GPU axis only:
 * cost and energy are not measured. */
export function measuredSeries(
  rows: readonly MeasurementRow[],
  query: SweepQuery,
  y: YKey,
  colors: readonly string[],
): ScatterChartProps['series'] {
  if (y !== 'out') return [];
  return query.series.flatMap((s, i) => {
    const points = measuredRowsOf(rows, query, s);
    if (points.length === 0) return [];
    return [
      {
        label: `${seriesName(s)} (measured)`,
        colorVar: colors[i % colors.length]!,
        marker: 'triangle' as const,
        points: points.map((p) => ({
          x: p.tokPerSecPerUser,
          y: p.outputTokPerSecPerGpu,
          label: `measured ${p.row.id} (${setupOf(p.row)}): ${formatSig(p.tokPerSecPerUser)} tok/s per user, ${formatSig(p.outputTokPerSecPerGpu)} output tok/s per GPU${p.derived.length ? ` (${p.derived.join('; ')})` : ''} — ${p.row.sourceUrl} (${p.row.date})`,
        })),
      },
    ];
  });
}
