import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { catalogQuery } from '../../catalog/queries';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import { measurementsQuery } from '../../catalog/measurements-query';
import type { Catalog } from '../../core/catalog';
import type { ComparedFigure } from '../../core/validation/compare-rows';
import type { MeasurementRow } from '../../core/validation/measurements';
import { BANDS_COVERAGE } from '../../core/bands';
import { compareRows } from '../../core/validation/compare-rows';
import { errorStats } from '../../core/validation/stats';
import { planHref } from '../../navigation/paths';
import { webHref } from '../../navigation/web-href';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';
import { ScatterChart } from '../../components/scatter-chart';
import { formatPercent as pct, formatPrecise as fmt } from '../../components/format';
import { LinkNotice } from '../../components/link-notice';
import type { Param } from '../../navigation/view-params';
import { intParam, oneOfParam, readViewParams } from '../../navigation/view-params';

const METRIC_LABELS: Record<string, string> = {
  outputTokPerSecPerGpu: 'output tok/s/GPU',
  totalTokPerSecPerGpu: 'total tok/s/GPU',
  tokPerSecPerUser: 'tok/s/user',
  tpotMs: 'TPOT ms',
  ttftMs: 'TTFT ms',
  e2eLatencyMs: 'end-to-end ms',
  prefillTokPerSecPerGpu: 'prefill tok/s/GPU',
  decodeTokPerSecPerGpu: 'decode tok/s/GPU',
};
const FILTERS = [
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
const SORTS = {
  error: (f: ComparedFigure) => (f.ratio === null ? Infinity : Math.abs(Math.log(f.ratio))),
  ratio: (f: ComparedFigure) => f.ratio ?? Infinity,
  measured: (f: ComparedFigure) => f.measured,
  id: (f: ComparedFigure) => f.id,
} as const;
type SortKey = keyof typeof SORTS;
/** Rows set aside (consistency.ts: records that cannot be the deployment measured) are listed
 * on request, never mixed into the stats. */
const STATUSES = { scored: 'scored', aside: 'set aside', all: 'all' } as const;
type Status = keyof typeof STATUSES;
const statusOf = (f: ComparedFigure): Status => (f.setAside ? 'aside' : 'scored');
const PAGE = 100;
const planLink = (f: ComparedFigure) => planHref(f.scenario);

export function ValidationPage() {
  const catalog = useQuery(catalogQuery);
  const measurements = useQuery(measurementsQuery);
  if (catalog.isPending || measurements.isPending)
    return (
      <p className="panel" role="status">
        Loading the measurements…
      </p>
    );
  if (catalog.isError || measurements.isError)
    return (
      <section className="panel" role="alert">
        <h1>The measurements could not be loaded</h1>
        <p>{(catalog.error ?? measurements.error)?.message}</p>
      </section>
    );
  return (
    <PricedValidation
      rows={measurements.data.rows}
      catalog={catalog.data}
      skipped={measurements.data.skipped.length}
    />
  );
}

interface ValidationProps {
  rows: MeasurementRow[];
  catalog: Catalog;
  skipped: number;
}

/** The predictions wait for the kernel tables of every GPU measured (a few MB, once). */
function PricedValidation({ rows, catalog, skipped }: ValidationProps) {
  const hardwareIds = useMemo(() => rows.map((r) => r.scenario.hardware), [rows]);
  const priced = useKernelCatalog(catalog, hardwareIds);
  if (priced.pending.length > 0) return <KernelsLoading gpus={priced.pending.join(', ')} />;
  return <Validation rows={rows} catalog={priced.catalog} skipped={skipped} />;
}

function Validation({ rows, catalog, skipped }: ValidationProps) {
  // About 3,000 predictions: computed once per catalog and measurement set.
  const figures = useMemo(() => compareRows(rows, catalog), [rows, catalog]);
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    next.set('v', '1');
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
    if (key !== 'n') next.delete('n');
    setParams(next, { replace: true });
  };
  const options = useMemo(
    () => Object.fromEntries(FILTERS.map((f) => [f.key, [...new Set(figures.map(f.of))].sort()])),
    [figures],
  );
  const search = params.toString();
  const { values, ignored } = useMemo(() => {
    const specs = {
      sort: oneOfParam(Object.keys(SORTS) as SortKey[], 'error'),
      dir: oneOfParam(['asc', 'desc'] as const, 'desc'),
      n: intParam(PAGE, 100_000, PAGE),
      status: oneOfParam(Object.keys(STATUSES) as Status[], 'scored'),
      ...Object.fromEntries(
        FILTERS.map((f) => {
          const present = new Set(options[f.key]);
          const param: Param<string> = {
            fallback: '',
            parse: (t) =>
              present.has(t) ? { value: t } : { invalid: 'no measurement has this value' },
          };
          return [f.key, param];
        }),
      ),
    };
    return readViewParams(specs, new URLSearchParams(search));
  }, [search, options]);
  const sortKey = values.sort;
  const asc = values.dir === 'asc';
  const shown = values.n;
  const status = values.status;
  const filterValue = useCallback(
    (key: string) => (values as Record<string, unknown>)[key] as string,
    [values],
  );
  const asideCount = useMemo(() => {
    const ids = (set: ComparedFigure['set']) =>
      new Set(figures.filter((f) => f.setAside && f.set === set).map((f) => f.id)).size;
    return { silicon: ids('silicon'), headline: ids('headline') };
  }, [figures]);
  const filtered = useMemo(() => {
    let rows = status === 'all' ? figures : figures.filter((f) => statusOf(f) === status);
    for (const f of FILTERS) {
      const want = filterValue(f.key);
      if (want) rows = rows.filter((r) => f.of(r) === want);
    }
    const by = SORTS[sortKey];
    return [...rows].sort((a, b) => {
      const x = by(a);
      const y = by(b);
      const c =
        typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
      return asc ? c : -c;
    });
  }, [figures, filterValue, sortKey, asc, status]);
  const ratios = filtered.flatMap((f) => (f.ratio === null ? [] : [f.ratio]));
  const stats = errorStats(ratios);
  const series = useMemo(() => {
    const pts = (set: string) =>
      filtered
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
  }, [filtered]);
  const csvTable = (): CsvTable => [
    [
      'id',
      'set',
      'model',
      'hardware',
      'framework',
      'serving',
      'protocol',
      'metric',
      'measured',
      'predicted',
      'ratio',
      'source',
      'confidence',
    ],
    filtered.map((f) => [
      f.id,
      f.set,
      f.model,
      f.hardware,
      f.framework,
      FILTERS.find((x) => x.key === 'mode')!.of(f),
      FILTERS.find((x) => x.key === 'pr')!.of(f),
      f.metric,
      f.measured,
      f.predicted,
      f.ratio,
      f.sourceUrl,
      f.confidence,
    ]),
  ];
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sortKey === key ? (asc ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort"
        onClick={() => (sortKey === key ? set('dir', asc ? null : 'asc') : set('sort', key))}
      >
        {label}
        {sortKey === key ? (asc ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <div className="validation">
      <section className="panel">
        <h1>How far to trust the numbers</h1>
        <LinkNotice ignored={ignored} search={search} />
        <p>
          Every published measurement the model is calibrated and checked against, next to the
          prediction for its scenario ({figures.length.toLocaleString('en-US')} figures; {skipped}{' '}
          source rows could not be expressed as a scenario and are listed with their reasons in the
          catalog file). Some rows are set aside, neither fitted nor counted, each with its reason:{' '}
          {asideCount.silicon.toLocaleString('en-US')} silicon rows that repeat a measurement
          another row lists (each measurement counts once, and not at all when its copies record
          different deployments) or whose recorded scenario contradicts itself (rows of one record
          get faster as the concurrency rises), cannot run (the weights do not fit, or TP does not
          divide the attention heads), counts TP × EP as its GPUs, or whose TTFT and TPOT contradict
          the stated concurrency; and {asideCount.headline.toLocaleString('en-US')} headline rows
          whose own throughput and latency contradict their stated concurrency (Little&apos;s law).
          The worst rows come first.
        </p>
        {BANDS_COVERAGE ? (
          <p data-testid="band-coverage">
            Every predicted figure in the Planner, the frontier and the CLI carries an 80% range:
            where the measurements of comparable deployments (metric, aggregated or disaggregated,
            framework, GPU generation, requests per rank) fell relative to their prediction when
            their own source was left out of the fit. Those ranges hold{' '}
            {(BANDS_COVERAGE.share * 100).toFixed(1)}% of the{' '}
            {BANDS_COVERAGE.rows.toLocaleString('en-US')} held-out figures, and{' '}
            {(BANDS_COVERAGE.sourceHeldOutShare * 100).toFixed(1)}% when each source is also left
            out of the ranges it is checked against.
          </p>
        ) : null}
        <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          {FILTERS.map((f) => (
            <label key={f.key}>
              {f.label}{' '}
              <select value={filterValue(f.key)} onChange={(e) => set(f.key, e.target.value)}>
                <option value="">all</option>
                {options[f.key]!.map((o) => (
                  <option key={o} value={o}>
                    {f.key === 'metric'
                      ? (METRIC_LABELS[o] ?? o)
                      : o.length > 60
                        ? `${o.slice(0, 60)}…`
                        : o}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <label>
            Status{' '}
            <select
              value={status}
              onChange={(e) => set('status', e.target.value === 'scored' ? null : e.target.value)}
            >
              {(Object.keys(STATUSES) as Status[]).map((k) => (
                <option key={k} value={k}>
                  {STATUSES[k]}
                </option>
              ))}
            </select>
          </label>
        </form>
        <dl className="kpis" data-testid="validation-summary">
          <div className="kpi">
            <dt>Figures</dt>
            <dd data-testid="validation-count">{stats.count.toLocaleString('en-US')}</dd>
          </div>
          <div className="kpi">
            <dt>Median |error|</dt>
            <dd data-testid="validation-median">{stats.count ? pct(stats.medianAbsError) : '—'}</dd>
          </div>
          <div className="kpi">
            <dt>Within ±25%</dt>
            <dd>{stats.count ? pct(stats.shareWithin25) : '—'}</dd>
          </div>
          <div className="kpi">
            <dt>Worst</dt>
            <dd>{stats.count ? `×${stats.worstFactor.toFixed(2)}` : '—'}</dd>
          </div>
          <div className="kpi">
            <dt>Bias (geometric mean)</dt>
            <dd>{stats.count ? `×${stats.geoMeanRatio.toFixed(2)}` : '—'}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="scatter-title">
        <h2 id="scatter-title">Predicted vs measured</h2>
        <ScatterChart
          title="Predicted vs measured, log axes, with the ±25% band"
          series={series}
          xLabel="measured"
          yLabel="predicted"
          log
          bandAroundDiagonal
          fileName="validation-scatter"
        />
      </section>
      <section className="panel" aria-labelledby="table-title">
        <h2 id="table-title">
          Rows <ExportCsvButton fileName="validation.csv" table={csvTable} />
        </h2>
        <table className="data-table" data-testid="validation-table">
          <thead>
            <tr>
              {header('id', 'ID')}
              <th scope="col">Scenario</th>
              <th scope="col">Metric</th>
              {header('measured', 'Measured')}
              <th scope="col">Predicted</th>
              {header('ratio', 'Ratio')}
              {header('error', '|Error|')}
              <th scope="col">Links</th>
            </tr>
          </thead>
          <tbody>
            {filtered.slice(0, shown).map((f, i) => (
              <tr key={`${f.id}-${f.metric}-${i}`} title={f.note}>
                <th scope="row">{f.id.length > 28 ? `${f.id.slice(0, 28)}…` : f.id}</th>
                <td>
                  {f.model} · {f.hardware} · {f.framework}
                </td>
                <td>
                  {METRIC_LABELS[f.metric]}
                  {f.setAside ? (
                    <>
                      {' '}
                      <span className="tag" title={f.setAside}>
                        set aside
                      </span>
                    </>
                  ) : null}
                </td>
                <td>{fmt(f.measured)}</td>
                <td>{f.error ? <span title={f.error}>not planned</span> : fmt(f.predicted)}</td>
                <td className={f.ratio !== null && (f.ratio > 1.25 || f.ratio < 0.8) ? 'off' : ''}>
                  {f.ratio === null ? '—' : f.ratio.toFixed(2)}
                </td>
                <td>{f.ratio === null ? '—' : pct(Math.abs(f.ratio - 1))}</td>
                <td className="actions">
                  {webHref(f.sourceUrl) ? (
                    <a href={webHref(f.sourceUrl)!} target="_blank" rel="noreferrer noopener">
                      Source
                    </a>
                  ) : null}
                  <Link to={planLink(f)}>Open in Planner</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {filtered.length > shown ? (
          <button type="button" onClick={() => set('n', String(shown + PAGE))}>
            Show {Math.min(PAGE, filtered.length - shown)} more of {filtered.length - shown}
          </button>
        ) : null}
      </section>
    </div>
  );
}
