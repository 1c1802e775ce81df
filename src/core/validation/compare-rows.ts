import type { Catalog } from '../catalog';
import type { Calibration } from '../perf/calibration';
import { CALIBRATION } from '../perf/calibration';
import { prepare, serve } from '../prepare';
import type { MeasurementRow, Metric } from './measurements';
import { metricOf, resolveRowScenario } from './measurements';

/** One measured figure next to its prediction (the validation view's row). */
export interface ComparedFigure {
  id: string;
  set: MeasurementRow['set'];
  source: string;
  sourceUrl: string;
  confidence: string;
  model: string;
  hardware: string;
  framework: string;
  metric: Metric;
  measured: number;
  predicted: number | null;
  /** predicted / measured (null when the scenario could not be planned). */
  ratio: number | null;
  scenario: MeasurementRow['scenario'];
  note: string;
  error: string | null;
  /** Why the row is neither fitted nor scored (null for rows that are). */
  setAside: string | null;
}

/** Every metric of every measurement next to the prediction for its scenario. */
export function compareRows(
  rows: readonly MeasurementRow[],
  catalog: Catalog,
  cal: Calibration = CALIBRATION,
): ComparedFigure[] {
  const out: ComparedFigure[] = [];
  for (const row of rows) {
    const scenario = resolveRowScenario(row, catalog);
    const prepared = typeof scenario === 'string' ? null : prepare(scenario, catalog);
    const error =
      typeof scenario === 'string'
        ? scenario
        : prepared && !prepared.ok
          ? prepared.errors.join('; ')
          : null;
    const served = prepared && prepared.ok ? serve(prepared.prepared, cal) : null;
    const s = row.scenario;
    for (const [metric, measured] of Object.entries(row.metrics) as Array<[Metric, number]>) {
      const predicted = served ? metricOf(served, s.workload.outputTokens, metric) : null;
      out.push({
        id: row.id,
        set: row.set,
        source: row.group,
        sourceUrl: row.sourceUrl,
        confidence: row.confidence,
        model: s.model,
        hardware: s.hardware,
        framework: s.framework ?? 'sglang',
        metric,
        measured,
        predicted,
        ratio: predicted === null ? null : predicted / measured,
        scenario: typeof scenario === 'string' ? s : scenario,
        note: row.note ?? '',
        error,
        setAside: row.setAside ?? null,
      });
    }
  }
  return out;
}
