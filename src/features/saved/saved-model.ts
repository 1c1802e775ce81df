/**
 * The saved page's logic, pure: each saved scenario's figures from plan() and one column list
 * that drives both the table and its CSV.
 */
import type { Column } from '../../components/columns';
import { fixed } from '../../components/columns';
import type { Catalog } from '../../core/catalog';
import { plan } from '../../core/plan';
import { catalogFor } from '../../core/scenario/shared';
import type { SavedScenario } from '../../state/saved-scenarios';

export interface SavedRow {
  item: SavedScenario;
  /** Figures of the saved deployment (null while the catalog loads, or when it cannot run). */
  tpotMs: number | null;
  outputTokPerSecPerGpu: number | null;
  usdPerMillionOutputTokens: number | null;
  /** Why there are no figures, if there are none. */
  note: string | null;
}

export function savedRow(item: SavedScenario, catalog: Catalog | null): SavedRow {
  const none = { item, tpotMs: null, outputTokPerSecPerGpu: null, usdPerMillionOutputTokens: null };
  if (!catalog) return { ...none, note: 'loading' };
  const r = plan(item.scenario, catalogFor(item, catalog));
  if (!r.ok) return { ...none, note: r.errors.join('; ') };
  const p = r.plan;
  if (!p.runs) return { ...none, note: 'does not fit' };
  return {
    item,
    tpotMs: p.latency.tpotMs,
    outputTokPerSecPerGpu: p.throughput.outputTokPerSecPerGpu,
    usdPerMillionOutputTokens: p.cost.usdPerMillionOutputTokens,
    note: null,
  };
}

const figure = (digits: number, v: (r: SavedRow) => number | null) => (r: SavedRow) =>
  r.note !== null && r.note !== 'loading' ? r.note : fixed(digits)(v(r));

export const SAVED_COLUMNS: readonly Column<SavedRow>[] = [
  { header: 'Name', value: (r) => r.item.name },
  { header: 'Model', value: (r) => r.item.scenario.model },
  { header: 'Hardware', value: (r) => r.item.scenario.hardware },
  { header: 'GPUs', value: (r) => r.item.scenario.gpus },
  { header: 'Input (tokens)', value: (r) => r.item.scenario.workload.inputTokens },
  { header: 'Output (tokens)', value: (r) => r.item.scenario.workload.outputTokens },
  { header: 'Concurrency (requests)', value: (r) => String(r.item.scenario.workload.concurrency) },
  { header: 'TPOT (ms)', value: (r) => r.tpotMs, show: figure(1, (r) => r.tpotMs) },
  {
    header: 'Output per GPU (tok/s)',
    value: (r) => r.outputTokPerSecPerGpu,
    show: figure(0, (r) => r.outputTokPerSecPerGpu),
  },
  {
    header: '$ per 1M output tokens',
    value: (r) => r.usdPerMillionOutputTokens,
    show: figure(3, (r) => r.usdPerMillionOutputTokens),
  },
  {
    header: 'Updated',
    value: (r) => r.item.updatedAt,
    show: (r) => new Date(r.item.updatedAt).toLocaleString(),
  },
];
