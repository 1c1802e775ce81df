import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { planHref } from '../../navigation/paths';
import { CatalogGate } from '../../catalog/catalog-gate';
import { useKernelCatalog } from '../../catalog/kernels-query';
import type { Catalog } from '../../core/catalog';
import type { SweepSeries } from '../../core/sweep';
import { LinkNotice } from '../../components/link-notice';
import { ScatterChart } from '../../components/scatter-chart';
import { measurementsQuery } from '../../catalog/measurements-query';
import { measuredSeries } from './measured-points';
import { describeSweep } from '../../core/scenario/describe';
import { runSweepAsync, simulateAsync, warmSweepWorker } from '../../workers/sweep-bridge';
import {
  COLORS,
  chartSeries,
  frontierPointIndices,
  frontierRows,
  meetsSla,
  readFrontierParams,
  seriesParam,
  visiblePoints,
  Y_METRICS,
} from './frontier-model';
import { COST_DEFINITION } from '../../core/economics';
import { FrontierSettings } from './frontier-settings';
import type { PercentilesByPoint, PointPercentiles } from './frontier-model';

/** Requests simulated per frontier point for a percentile filter. */
const PERCENTILE_REQUESTS = 2_000;
import { FrontierTable } from './frontier-table';
import { enNumber } from '../../core/en-number';

export function FrontierPage() {
  // The worker starts while the catalog and kernel tables load, not after.
  useEffect(warmSweepWorker, []);
  return <CatalogGate>{(c) => <Frontier catalog={c.catalog} />}</CatalogGate>;
}

function Frontier({ catalog }: { catalog: Catalog }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [progress, setProgress] = useState(0);
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.set('v', '1');
    for (const [k, v] of Object.entries(patch))
      if (v === null) next.delete(k);
      else next.set(k, v);
    setParams(next, { replace: true });
  };
  const key = params.toString();
  // Read once per URL: the query object stays the same while the URL does (the sweep's cache key).
  const state = useMemo(
    () => readFrontierParams(new URLSearchParams(key), catalog),
    [key, catalog],
  );
  const { query, y, sla } = state;
  const hardwareIds = useMemo(() => query.series.map((s) => s.hardware), [query.series]);
  const priced = useKernelCatalog(catalog, hardwareIds);
  const sweep = useQuery({
    queryKey: ['sweep', query, catalog.version, [...(priced.catalog.kernels?.keys() ?? [])]],
    enabled: priced.pending.length === 0,
    queryFn: async ({ signal }) => {
      setProgress(0);
      const t0 = performance.now();
      const result = await runSweepAsync(query, priced.catalog, {
        signal,
        onProgress: setProgress,
      });
      return { ...result, ms: performance.now() - t0 };
    },
    staleTime: Infinity,
    retry: false,
  });
  const data = sweep.data;
  // The points within the TTFT ceiling and their frontiers, once for the chart, table and summary.
  const visible = useMemo(
    () => (data ? visiblePoints(data, query.series.length, sla) : null),
    [data, query.series.length, sla],
  );
  // A percentile filter: each frontier point simulated request by request (in the worker).
  const wanted = useMemo(
    () => (visible && sla.percentile !== 'mean' ? frontierPointIndices(visible) : []),
    [visible, sla.percentile],
  );
  const percentiles = useQuery({
    queryKey: ['sweep-percentiles', query, wanted, catalog.version],
    enabled: Boolean(data) && wanted.length > 0,
    queryFn: async ({ signal }) => {
      const outcomes = await simulateAsync(
        wanted.map((j) => data!.points[j]!.scenario),
        { requests: PERCENTILE_REQUESTS },
        priced.catalog,
        { signal },
      );
      const map = new Map<number, PointPercentiles>();
      outcomes.forEach((o, k) => {
        if (o.ok) map.set(wanted[k]!, { ttftMs: o.result.ttftMs, tpotMs: o.result.tpotMs });
      });
      return map;
    },
    staleTime: Infinity,
    retry: false,
  });
  const pct: PercentilesByPoint = useMemo(
    () => (sla.percentile === 'mean' ? new Map() : (percentiles.data ?? new Map())),
    [sla.percentile, percentiles.data],
  );
  const measurements = useQuery(measurementsQuery);
  const measured = useMemo(
    () => measuredSeries(measurements.data?.rows ?? [], query, y, COLORS),
    [measurements.data, query, y],
  );
  const chart = useMemo(
    () =>
      data && visible
        ? [...chartSeries(data, query.series, y, sla, visible, pct), ...measured]
        : null,
    [data, visible, query.series, y, sla, measured, pct],
  );
  const measuredCount = measured.reduce((n, s) => n + s.points.length, 0);
  const pastCeiling = visible?.pastCeiling ?? 0;
  const rows = useMemo(
    () => (data && visible ? frontierRows(data, query.series, sla, visible, pct) : []),
    [data, visible, query.series, sla, pct],
  );
  const onPointClick = useCallback(
    (s: number, i: number) => {
      const ref = chart?.[s]?.points[i]?.ref;
      const p = ref === undefined ? undefined : data?.points[ref];
      if (p) void navigate(planHref(p.scenario));
    },
    [chart, data, navigate],
  );
  const setSeries = (next: SweepSeries[]) => set({ s: seriesParam(next) });
  return (
    <div className="frontier">
      <section className="panel">
        <h1>Throughput against interactivity</h1>
        <p>
          Every layout, GPU count, concurrency{query.speculative ? ' and MTP setting' : ''} that
          fits, swept in the background; the line is each series’ Pareto frontier. Hover for the
          configuration; click to open it in the Planner.
        </p>
        <LinkNotice ignored={state.ignored} search={key} />
        <FrontierSettings catalog={catalog} state={state} set={set} setSeries={setSeries} />
      </section>
      <section className="panel" aria-live="polite">
        {sweep.isFetching ? (
          <p role="status" data-testid="sweep-progress">
            Sweeping… {enNumber(progress)} configurations
          </p>
        ) : null}
        {sweep.isError ? <p role="alert">The sweep failed: {sweep.error.message}</p> : null}
        {data && chart ? (
          <>
            <p data-testid="sweep-summary">
              {enNumber(data.configurations)} configurations tried, {enNumber(data.points.length)}{' '}
              fit in memory,{' '}
              {enNumber(data.points.filter((p, j) => meetsSla(p, sla, pct.get(j))).length)} meet the
              filter
              {pastCeiling
                ? `; ${enNumber(pastCeiling)} with TTFT past ${enNumber(sla.ttftCeilingMs / 1000)} s are not drawn`
                : ''}
              .
            </p>
            {sla.percentile !== 'mean' ? (
              <p className="panel-note" role="status" data-testid="percentile-status">
                {percentiles.isFetching
                  ? `Simulating the ${enNumber(wanted.length)} frontier points (${enNumber(PERCENTILE_REQUESTS)} requests each) for their ${sla.percentile}…`
                  : percentiles.isError
                    ? `The simulation failed: ${percentiles.error.message}; the filter holds means.`
                    : `TTFT and TPOT bounds hold the simulated ${sla.percentile} of the ${enNumber(pct.size)} frontier points (${enNumber(PERCENTILE_REQUESTS)} requests each); other points by their means.`}
              </p>
            ) : null}
            <p className="panel-note">{COST_DEFINITION}.</p>
            <p
              className="panel-note"
              data-testid="sweep-ms"
              data-ms={data.ms.toFixed(1)}
              data-configurations={data.configurations}
            >
              Swept in {data.ms.toFixed(0)} ms (
              {enNumber(Math.round((data.configurations / data.ms) * 1000))} configurations per
              second).
            </p>
            <ScatterChart
              title="Throughput against tokens per second per user"
              description={describeSweep(state.query, catalog)}
              series={chart}
              xLabel="tok/s per user"
              yLabel={Y_METRICS[y].label}
              logY
              fileName="frontier"
              onPointClick={onPointClick}
            />
            <p className="panel-note" data-testid="measured-note">
              {y !== 'out'
                ? 'Published measurements are drawn on the output tok/s per GPU axis (cost and energy are not measured).'
                : measuredCount
                  ? `Triangles: ${measuredCount} published ${measuredCount === 1 ? 'measurement' : 'measurements'} of the same model, accelerator and engine at these lengths (hover for the source). Dashed: where 80% of held-out measurements of comparable deployments fell around the frontier.`
                  : 'No published measurement of these series at these lengths. Dashed: where 80% of held-out measurements of comparable deployments fell around the frontier.'}
            </p>
          </>
        ) : null}
      </section>
      {data ? <FrontierTable rows={rows} /> : null}
    </div>
  );
}
