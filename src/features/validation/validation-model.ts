/**
 * The validation page's logic, pure: its URL state, the filters and sorts over the compared
 * figures, the summary, the scatter's points and one column list for the table and its CSV.
 */
import type { Column } from '../../components/columns';
import { formatPercent as pct, formatPrecise as fmt } from '../../components/format';
import type { ScatterChartProps } from '../../components/scatter-chart';
import type { ComparedFigure } from '../../core/validation/compare-rows';
import type { Param } from '../../navigation/view-params';
import { intParam, oneOfParam, readViewParams } from '../../navigation/view-params';

export const METRIC_LABELS: Record<string, string> = {
  outputTokPerSecPerGpu: 'output tok/s/GPU',
  totalTokPerSecPerGpu: 'total tok/s/GPU',
  tokPerSecPerUser: 'tok/s/user',
  tpotMs: 'TPOT ms',
  ttftMs: 'TTFT ms',
  e2eLatencyMs: 'end-to-end ms',
  prefillTokPerSecPerGpu: 'prefill tok/s/GPU',
  decodeTokPerSecPerGpu: 'decode tok/s/GPU',
};
export const FILTERS = [
  { key: 'model', label: 'Model', of: (f: ComparedFigure) => f.model },
  { key: 'hw', label: 'Hardware', of: (f: ComparedFigure) => f.hardware },
  { key: 'fw', label: 'Framework', of: (f: ComparedFigure) => f.framework },
  { key: 'set', label: 'Source set', of: (f: ComparedFigure) => f.set },
  { key: 'metric', label: 'Metric', of: (f: ComparedFigure) => f.metric },
  {
    key: 'mode',
    label: 'Serving',
    of: (f: ComparedFigure) => (f.scenario.disaggregation ? 'disaggregated' : 'aggregated'),
  },
  {
    key: 'pr',
    label: 'Benchmark protocol',
    of: (f: ComparedFigure) => f.scenario.workload.protocol ?? 'closed-loop',
  },
  { key: 'src', label: 'Source', of: (f: ComparedFigure) => f.source },
] as const;
export const SORTS = {
  error: (f: ComparedFigure) => (f.ratio === null ? Infinity : Math.abs(Math.log(f.ratio))),
  ratio: (f: ComparedFigure) => f.ratio ?? Infinity,
  measured: (f: ComparedFigure) => f.measured,
  id: (f: ComparedFigure) => f.id,
} as const;
export type SortKey = keyof typeof SORTS;
/** Rows set aside (consistency.ts: records that cannot be the deployment measured) are listed
 * on request, never mixed into the stats. */
export const STATUSES = { scored: 'scored', aside: 'set aside', all: 'all' } as const;
export type Status = keyof typeof STATUSES;
export const statusOf = (f: ComparedFigure): Status => (f.setAside ? 'aside' : 'scored');
export const PAGE = 100;

export type FilterOptions = Record<string, string[]>;

/** The values each filter can take: those the figures have. */
export const filterOptions = (figures: readonly ComparedFigure[]): FilterOptions =>
  Object.fromEntries(FILTERS.map((f) => [f.key, [...new Set(figures.map(f.of))].sort()]));

export interface ValidationView {
  sort: SortKey;
  asc: boolean;
  /** Rows shown (the table grows a page at a time). */
  shown: number;
  status: Status;
  /** Per filter key, the value chosen ('' for all). */
  filters: Record<string, string>;
}

/** The page's state from its URL (keys sort, dir, n, status and one per filter), and what of it
 * could not be used. */
export function readValidationParams(search: URLSearchParams, options: FilterOptions) {
  const filterSpecs = Object.fromEntries(
    FILTERS.map((f) => {
      const present = new Set(options[f.key]);
      const param: Param<string> = {
        fallback: '',
        parse: (t) =>
          present.has(t) ? { value: t } : { invalid: 'no measurement has this value' },
      };
      return [f.key, param];
    }),
  );
  const { values, ignored } = readViewParams(
    {
      sort: oneOfParam(Object.keys(SORTS) as SortKey[], 'error'),
      dir: oneOfParam(['asc', 'desc'] as const, 'desc'),
      n: intParam(PAGE, 100_000, PAGE),
      status: oneOfParam(Object.keys(STATUSES) as Status[], 'scored'),
      ...filterSpecs,
    },
    search,
  );
  const v = values as Record<string, unknown>;
  const view: ValidationView = {
    sort: values.sort,
    asc: values.dir === 'asc',
    shown: values.n,
    status: values.status,
    filters: Object.fromEntries(FILTERS.map((f) => [f.key, String(v[f.key] ?? '')])),
  };
  return { view, ignored };
}

/** The figures the view selects, sorted as it asks. */
export function selectFigures(
  figures: readonly ComparedFigure[],
  view: ValidationView,
): ComparedFigure[] {
  let rows =
    view.status === 'all' ? [...figures] : figures.filter((f) => statusOf(f) === view.status);
  for (const f of FILTERS) {
    const want = view.filters[f.key];
    if (want) rows = rows.filter((r) => f.of(r) === want);
  }
  const by = SORTS[view.sort];
  return rows.sort((a, b) => {
    const x = by(a);
    const y = by(b);
    const c = typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
    return view.asc ? c : -c;
  });
}

/** Distinct records set aside, per source set. */
export function asideCounts(figures: readonly ComparedFigure[]): {
  silicon: number;
  headline: number;
} {
  const ids = (set: ComparedFigure['set']) =>
    new Set(figures.filter((f) => f.setAside && f.set === set).map((f) => f.id)).size;
  return { silicon: ids('silicon'), headline: ids('headline') };
}

/** The scatter: measured against predicted, one series per source set. */
export function scatterSeries(figures: readonly ComparedFigure[]): ScatterChartProps['series'] {
  const pts = (set: string) =>
    figures
      .filter((f) => f.set === set && f.predicted !== null && f.predicted > 0)
      .map((f) => ({
        x: f.measured,
        y: f.predicted!,
        label: `${f.id} ${METRIC_LABELS[f.metric]}: measured ${fmt(f.measured)}, predicted ${fmt(f.predicted)}`,
      }));
  return [
    { label: 'Headline results', points: pts('headline'), colorVar: '--bad' },
    { label: 'InferenceX silicon points', points: pts('silicon'), colorVar: '--seg-weights' },
  ];
}

const filterOf = (key: string) => FILTERS.find((x) => x.key === key)!.of;

/** The table's and the CSV's columns; the table also links each row to its source and plan. */
export const VALIDATION_COLUMNS: readonly Column<ComparedFigure>[] = [
  {
    header: 'Id',
    value: (f) => f.id,
    show: (f) => (f.id.length > 28 ? `${f.id.slice(0, 28)}…` : f.id),
  },
  { header: 'Set', value: (f) => f.set, csvOnly: true },
  { header: 'Model', value: (f) => f.model },
  { header: 'Hardware', value: (f) => f.hardware },
  { header: 'Framework', value: (f) => f.framework },
  { header: 'Serving', value: filterOf('mode'), csvOnly: true },
  { header: 'Protocol', value: filterOf('pr'), csvOnly: true },
  { header: 'Metric', value: (f) => f.metric, show: (f) => METRIC_LABELS[f.metric] ?? f.metric },
  { header: 'Measured', value: (f) => f.measured, show: (f) => fmt(f.measured) },
  {
    header: 'Predicted',
    value: (f) => f.predicted,
    show: (f) => (f.error ? 'not planned' : fmt(f.predicted)),
  },
  {
    header: 'Predicted / measured',
    value: (f) => f.ratio,
    show: (f) => (f.ratio === null ? '—' : f.ratio.toFixed(2)),
  },
  {
    header: '|Error|',
    value: (f) => (f.ratio === null ? null : Math.abs(f.ratio - 1)),
    show: (f) => (f.ratio === null ? '—' : pct(Math.abs(f.ratio - 1))),
  },
  { header: 'Set aside because', value: (f) => f.setAside ?? null, csvOnly: true },
  { header: 'Source', value: (f) => f.sourceUrl, csvOnly: true },
  { header: 'Confidence', value: (f) => f.confidence, csvOnly: true },
];

/** Columns the table sorts by, and the sort each one uses. */
export const SORTABLE: Partial<Record<string, SortKey>> = {
  Id: 'id',
  Measured: 'measured',
  'Predicted / measured': 'ratio',
  '|Error|': 'error',
};
