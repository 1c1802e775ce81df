/**
 * The context explorer's logic, pure: its URL state, the rows of its table (each also a CSV
 * column), the charts' series and the CSV.
 */
import { formatSig } from '../../components/format';
import type { CsvTable } from '../../components/export-csv-button';
import type { ScatterChartProps } from '../../components/scatter-chart';
import type { Catalog } from '../../core/catalog';
import type { ContextCurve } from '../../core/context-curves';
import { CONTEXT_POINTS } from '../../core/context-curves';
import { deepseekApiPrice } from '../../core/economics';
import { GIB } from '../../core/hardware/schema';
import type { KvPrecision } from '../../core/precision';
import { KV_PRECISIONS } from '../../core/precision';
import type { Param } from '../../navigation/view-params';
import { idParam, intParam, oneOfParam } from '../../navigation/view-params';
import { enNumber } from '../../core/en-number';

const DEFAULT_MODELS = ['deepseek-v4-pro', 'deepseek-v4-flash', 'deepseek-v3.2', 'deepseek-v3'];
const COLORS = [
  '--seg-weights',
  '--seg-kv',
  '--bad',
  '--warn',
  '--ok',
  '--muted',
  '--seg-weights-3',
  '--accent',
];
export const fmtTokens = (n: number) => (n >= 1 << 20 ? `${n / (1 << 20)}M` : `${n / 1024}K`);

export type Point = ContextCurve['points'][number];
export const NO_API = 'no API price';

/** One row per figure and model of the table, and one column of its CSV: the label (with its
 * unit), the plain value, how a cell shows it, and what a missing value means. */
export const CONTEXT_ROWS: ReadonlyArray<{
  label: string;
  csvHeader: string;
  value: (p: Point) => number | null;
  show: (v: number) => string;
  none: string;
  /** Needs the measured kernel tables (shows … while they load). */
  priced?: boolean;
}> = [
  {
    label: 'KV (GiB)',
    csvHeader: 'KV per sequence (GiB)',
    value: (p) => p.kvBytesPerSequence / GIB,
    show: (v) => formatSig(v),
    none: '—',
  },
  {
    label: 'max sequences',
    csvHeader: 'max concurrency',
    value: (p) => p.maxConcurrency,
    show: (v) => enNumber(v),
    none: '—',
  },
  {
    label: 'TPOT (ms)',
    csvHeader: 'TPOT (ms)',
    value: (p) => p.tpotMs,
    show: (v) => v.toFixed(1),
    none: 'does not fit',
    priced: true,
  },
  {
    label: '$/M input',
    csvHeader: 'self-hosted USD per 1M input tokens',
    value: (p) => p.usdPerMillionInputTokens,
    show: (v) => `$${v.toFixed(3)}`,
    none: 'does not fit',
    priced: true,
  },
  {
    label: '$/M output',
    csvHeader: 'self-hosted USD per 1M output tokens',
    value: (p) => p.usdPerMillionOutputTokens,
    show: (v) => `$${v.toFixed(3)}`,
    none: 'does not fit',
    priced: true,
  },
  {
    label: '$ per request',
    csvHeader: 'self-hosted USD per request',
    value: (p) => p.usdPerRequest,
    show: (v) => `$${formatSig(v)}`,
    none: 'does not fit',
    priced: true,
  },
  {
    label: 'API $ per request, cache miss',
    csvHeader: 'DeepSeek API USD per request (input all cache miss)',
    value: (p) => p.apiUsdPerRequest?.cacheMiss ?? null,
    show: (v) => `$${formatSig(v)}`,
    none: NO_API,
  },
  {
    label: 'API $ per request, cache hit',
    csvHeader: 'DeepSeek API USD per request (input all cache hit)',
    value: (p) => p.apiUsdPerRequest?.cacheHit ?? null,
    show: (v) => `$${formatSig(v)}`,
    none: NO_API,
  },
];

/** The view's URL state, declared once (keys models, hw, g, kv, c). */
export const contextParams = (catalog: Catalog) => ({
  models: {
    fallback: DEFAULT_MODELS,
    parse: (t: string) => {
      const ids = t.split(',').filter((m) => catalog.models.has(m));
      return ids.length ? { value: ids.slice(0, 8) } : { invalid: 'names no model of the catalog' };
    },
  } as Param<string[]>,
  hw: idParam(catalog.hardware, 'b200', 'hardware'),
  g: intParam(1, 1024, 8),
  kv: oneOfParam(KV_PRECISIONS, 'fp8' as KvPrecision),
  c: intParam(1, 100_000, 1),
});

/** One chart's series: per model a line of `y` over the contexts (points without a value
 * left out), and a dashed marker at its maximum context when that lies inside the range. */
export function contextSeries(
  ok: readonly ContextCurve[],
  y: (p: Point) => number | null,
): ScatterChartProps['series'] {
  return ok.flatMap((c, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = c.points.flatMap((p) => {
      const v = y(p);
      return v !== null && v > 0
        ? [
            {
              x: p.contextTokens,
              y: v,
              label: `${c.name} at ${fmtTokens(p.contextTokens)}: ${formatSig(v)}`,
            },
          ]
        : [];
    });
    const ys = pts.map((p) => p.y);
    const marker =
      c.maxContextTokens <= CONTEXT_POINTS.at(-1)! && ys.length
        ? [
            {
              label: `${c.name} maximum context`,
              colorVar: color,
              showLine: true,
              dashed: true,
              points: [
                { x: c.maxContextTokens, y: Math.min(...ys) },
                { x: c.maxContextTokens, y: Math.max(...ys) },
              ],
            },
          ]
        : [];
    return [{ label: c.name, colorVar: color, showLine: true, points: pts }, ...marker];
  });
}

/** The CSV: one row per model and context, one column per table row (units in the headers). */
export const contextCsv = (ok: readonly ContextCurve[]): CsvTable => [
  ['model', 'context tokens', ...CONTEXT_ROWS.map((r) => r.csvHeader), 'beyond model maximum'],
  ok.flatMap((c) =>
    c.points.map((p) => [
      c.model,
      p.contextTokens,
      ...CONTEXT_ROWS.map((r) => r.value(p)),
      p.beyondModelMax,
    ]),
  ),
];

/** The DeepSeek API's prices of the chosen models, with their source, in words. */
export function apiPriceNote(models: readonly string[], catalog: Catalog): string {
  return (
    models
      .flatMap((m) => {
        const a = deepseekApiPrice(m);
        return a
          ? [
              `${catalog.models.get(m)?.name ?? m}: $${a.input} miss, $${a.inputCacheHit} hit, $${a.output} output per 1M tokens — ${a.source}`,
            ]
          : [];
      })
      .join('; ') || 'none of the chosen models has a DeepSeek API price'
  );
}
