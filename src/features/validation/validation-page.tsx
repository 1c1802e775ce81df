import { useQuery } from '@tanstack/react-query';
import { ProductionDay } from './production-day';
import { TableScroll } from '../../components/table-scroll';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { catalogQuery } from '../../catalog/queries';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import { measurementsQuery } from '../../catalog/measurements-query';
import type { Catalog } from '../../core/catalog';
import type { MeasurementRow } from '../../core/validation/measurements';
import { compareRows } from '../../core/validation/compare-rows';
import type { ComparedFigure } from '../../core/validation/compare-rows';
import { errorStats } from '../../core/validation/stats';
import { planHref } from '../../navigation/paths';
import { webHref } from '../../navigation/web-href';
import { ExportCsvButton } from '../../components/export-csv-button';
import { ScatterChart } from '../../components/scatter-chart';
import { formatPercent as pct } from '../../components/format';
import { cellText, csvOf, tableColumns } from '../../components/columns';
import {
  FILTERS,
  METRIC_LABELS,
  PAGE,
  SORTABLE,
  STATUSES,
  VALIDATION_COLUMNS,
  asideCounts,
  filterOptions,
  readValidationParams,
  scatterSeries,
  selectFigures,
} from './validation-model';
import type { Status } from './validation-model';

const COLUMNS = tableColumns(VALIDATION_COLUMNS);
const [ID, ...DATA] = COLUMNS;
import { LinkNotice } from '../../components/link-notice';
import { enNumber } from '../../core/en-number';

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
  const bandsCoverage = catalog.bands?.coverage ?? null;
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    next.set('v', '1');
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
    if (key !== 'n') next.delete('n');
    setParams(next, { replace: true });
  };
  const options = useMemo(() => filterOptions(figures), [figures]);
  const search = params.toString();
  const { view, ignored } = useMemo(
    () => readValidationParams(new URLSearchParams(search), options),
    [search, options],
  );
  const { sort: sortKey, asc, shown, status } = view;
  const asideCount = useMemo(() => asideCounts(figures), [figures]);
  const filtered = useMemo(() => selectFigures(figures, view), [figures, view]);
  const stats = errorStats(filtered.flatMap((f) => (f.ratio === null ? [] : [f.ratio])));
  const series = useMemo(() => scatterSeries(filtered), [filtered]);
  const header = (label: string) => {
    const key = SORTABLE[label];
    if (!key)
      return (
        <th key={label} scope="col">
          {label}
        </th>
      );
    return (
      <th
        key={label}
        scope="col"
        aria-sort={sortKey === key ? (asc ? 'ascending' : 'descending') : 'none'}
      >
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
  };
  return (
    <div className="validation">
      <section className="panel">
        <h1>How far to trust the numbers</h1>
        <LinkNotice ignored={ignored} search={search} />
        <p>
          Every published measurement the model is calibrated and checked against, next to the
          prediction for its scenario ({enNumber(figures.length)} figures; {skipped} source rows
          could not be expressed as a scenario and are listed with their reasons in the catalog
          file). Some rows are set aside, neither fitted nor counted, each with its reason:{' '}
          {enNumber(asideCount.silicon)} silicon rows that repeat a measurement another row lists
          (each measurement counts once, and not at all when its copies record different
          deployments) or whose recorded scenario contradicts itself (rows of one record get faster
          as the concurrency rises), cannot run (the weights do not fit, or TP does not divide the
          attention heads), counts TP × EP as its GPUs, or whose TTFT and TPOT contradict the stated
          concurrency; and {enNumber(asideCount.headline)} headline rows whose own throughput and
          latency contradict their stated concurrency (Little&apos;s law). The worst rows come
          first.
        </p>
        {bandsCoverage ? (
          <p data-testid="band-coverage">
            Every predicted figure in the Planner, the frontier and the CLI carries an 80% range:
            where the measurements of comparable deployments (metric, aggregated or disaggregated,
            framework, GPU generation, requests per rank, priced from kernel tables or from
            rooflines alone) fell relative to their prediction when their own source was left out of
            the fit, widened per metric until ranges rebuilt without a source hold 80% of that
            source&apos;s figures (a new deployment is such a source). The ranges hold{' '}
            {(bandsCoverage.share * 100).toFixed(1)}% of the {enNumber(bandsCoverage.rows)} held-out
            figures, and {(bandsCoverage.sourceHeldOutShare * 100).toFixed(1)}% when each source is
            also left out of the ranges it is checked against.
          </p>
        ) : null}
        <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          {FILTERS.map((f) => (
            <label key={f.key}>
              {f.label}{' '}
              <select value={view.filters[f.key]} onChange={(e) => set(f.key, e.target.value)}>
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
            <dd data-testid="validation-count">{enNumber(stats.count)}</dd>
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
          description={`${enNumber(filtered.length)} published measurements beside Token Factory's predictions; median |error| ${stats.count ? pct(stats.medianAbsError) : '—'}`}
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
          Rows{' '}
          <ExportCsvButton
            fileName="validation.csv"
            table={() => csvOf(VALIDATION_COLUMNS, filtered)}
          />
        </h2>
        <TableScroll label={'Measurements and predictions'}>
          <table className="data-table" data-testid="validation-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => header(c.header))}
                <th scope="col">Links</th>
              </tr>
            </thead>
            <tbody>
              {filtered.slice(0, shown).map((f, i) => (
                <tr key={`${f.id}-${f.metric}-${i}`}>
                  <th scope="row">{cellText(ID!, f)}</th>
                  {DATA.map((c) => (
                    <td
                      key={c.header}
                      className={
                        c.header === 'Predicted / measured' &&
                        f.ratio !== null &&
                        (f.ratio > 1.25 || f.ratio < 0.8)
                          ? 'off'
                          : undefined
                      }
                    >
                      {c.header === 'Predicted' && f.error ? (
                        <span title={f.error}>not planned</span>
                      ) : (
                        cellText(c, f)
                      )}
                      {c.header === 'Metric' && f.setAside ? (
                        <>
                          {' '}
                          <span className="tag" title={f.setAside}>
                            set aside
                          </span>
                        </>
                      ) : null}
                    </td>
                  ))}
                  <td className="actions">
                    <RowNotes figure={f} />
                    {webHref(f.sourceUrl) ? (
                      <a href={webHref(f.sourceUrl)!} target="_blank" rel="noreferrer noopener">
                        Source
                      </a>
                    ) : null}
                    <Link to={planHref(f.scenario)}>Open in Planner</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {filtered.length > shown ? (
          <button type="button" onClick={() => set('n', String(shown + PAGE))}>
            Show {Math.min(PAGE, filtered.length - shown)} more of {filtered.length - shown}
          </button>
        ) : null}
      </section>
      <ProductionDay catalog={catalog} />
    </div>
  );
}

/** A row's assumptions (and why it is set aside or not planned), opened by click, tap or keyboard. */
function RowNotes({ figure: f }: { figure: ComparedFigure }) {
  if (!f.note && !f.setAside && !f.error) return null;
  return (
    <details className="row-notes">
      <summary>
        Assumptions<span className="visually-hidden"> of {f.id}</span>
      </summary>
      {f.note ? <p>{f.note}</p> : null}
      {f.setAside ? <p>Set aside: {f.setAside}</p> : null}
      {f.error ? <p>Not planned: {f.error}</p> : null}
    </details>
  );
}
