import { useEffect, useState } from 'react';
import type { Catalog } from '../../core/catalog';
import type { ScenarioInput } from '../../core/scenario/schema';
import type { SimulationOutcome, SimulationResult } from '../../core/sim/simulate';
import type { Histogram } from '../../core/sim/stats';
import { simulateAsync } from '../../workers/sweep-bridge';
import { BarChart } from '../../components/bar-chart';
import { SelectField } from '../../components/select-field';
import { TableScroll } from '../../components/table-scroll';
import { formatInt, formatNumber, formatPercent, formatSig } from '../../components/format';

type Metric = 'ttftMs' | 'tpotMs' | 'e2eMs';
const METRICS: Record<Metric, string> = {
  ttftMs: 'Time to first token',
  tpotMs: 'Time per output token',
  e2eMs: 'End-to-end latency',
};
const SIZES = [2_000, 10_000, 20_000, 100_000] as const;

type State =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; outcome: SimulationOutcome; ms: number }
  | { status: 'failed'; message: string };

/** Bin labels of a log histogram: each bin's lower edge, three significant figures. */
const binLabels = (h: Histogram) => h.counts.map((_, i) => `${formatSig(h.edges[i]!)} ms`);

/**
 * Latency percentiles by request-level simulation (core/sim), run in the sweep worker while the
 * panel is open, and again after each change of the scenario.
 */
export default function SimulationBody({
  scenario,
  catalog,
}: {
  scenario: ScenarioInput;
  catalog: Catalog;
}) {
  const [requests, setRequests] = useState<number>(20_000);
  const [metric, setMetric] = useState<Metric>('ttftMs');
  const [state, setState] = useState<State>({ status: 'idle' });
  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      setState({ status: 'running' });
      const t0 = performance.now();
      simulateAsync([scenario], { requests }, catalog, { signal: ctrl.signal }).then(
        ([outcome]) => setState({ status: 'done', outcome: outcome!, ms: performance.now() - t0 }),
        (e: unknown) => {
          if (!ctrl.signal.aborted) setState({ status: 'failed', message: (e as Error).message });
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [scenario, catalog, requests]);

  return (
    <>
      <SelectField<string>
        label="Requests simulated"
        value={String(requests)}
        options={SIZES.map((n) => ({ value: String(n), label: formatInt(n) }))}
        onChange={(v) => setRequests(Number(v))}
      />
      {state.status === 'running' || state.status === 'idle' ? (
        <p role="status">Simulating {formatInt(requests)} requests…</p>
      ) : state.status === 'failed' ? (
        <p role="alert">The simulation failed: {state.message}</p>
      ) : state.outcome.ok ? (
        <SimulationFigures
          result={state.outcome.result}
          ms={state.ms}
          metric={metric}
          onMetric={setMetric}
        />
      ) : (
        <p role="alert">{state.outcome.errors.join('; ')}</p>
      )}
    </>
  );
}

function SimulationFigures({
  result: r,
  ms,
  metric,
  onMetric,
}: {
  result: SimulationResult;
  /** From the request to the worker to its answer. */
  ms: number;
  metric: Metric;
  onMetric: (m: Metric) => void;
}) {
  const planMean: Record<Metric, number | null> = {
    ttftMs: r.plan.ttftMs,
    tpotMs: r.plan.tpotMs,
    e2eMs: null,
  };
  const h = r.histograms[metric];
  return (
    <>
      <p className="panel-note" data-testid="sim-summary" data-ms={ms.toFixed(1)}>
        {formatInt(r.requests)} requests measured after a warm-up of{' '}
        {formatInt(r.simulatedRequests - r.requests)}, over {formatNumber(r.simulatedSeconds / 60)}{' '}
        simulated minutes; one of {formatInt(r.instances)} instance(s) with{' '}
        {formatInt(r.ranksPerInstance)} attention rank(s) stepping together. Rate{' '}
        {formatSig(r.requestsPerSec)} requests/s (the plan: {formatSig(r.plan.requestsPerSec)}).
        {r.prefixCacheHitRate > 0
          ? ` Prefix cache: ${formatPercent(r.prefixCacheHitRate)} of prompt tokens (GPU memory ${formatPercent(r.prefixCacheHitRateByTier.hbm)}, DRAM ${formatPercent(r.prefixCacheHitRateByTier.dram)}, NVMe ${formatPercent(r.prefixCacheHitRateByTier.nvme)}).`
          : ''}
      </p>
      <TableScroll label="Simulated latency percentiles">
        <table data-testid="sim-table">
          <thead>
            <tr>
              <th scope="col">Latency (ms)</th>
              <th scope="col">Mean</th>
              <th scope="col">p50</th>
              <th scope="col">p90</th>
              <th scope="col">p99</th>
              <th scope="col">Plan’s mean</th>
            </tr>
          </thead>
          <tbody>
            {(Object.keys(METRICS) as Metric[]).map((m) => (
              <tr key={m}>
                <th scope="row">{METRICS[m]}</th>
                <td>{formatSig(r[m].mean)}</td>
                <td>{formatSig(r[m].p50)}</td>
                <td>{formatSig(r[m].p90)}</td>
                <td>{formatSig(r[m].p99)}</td>
                <td>{planMean[m] === null ? '—' : formatSig(planMean[m])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {r.ranksPerInstance > 1 ? (
        <p className="panel-note">
          With attention data-parallel ranks the simulation steps them together, a step as long as
          its busiest rank; the plan averages how their prompt chunks coincide. Where the two
          differ, the plan’s means are the ones fitted to measurements; the simulation’s spread is
          what it adds.
        </p>
      ) : null}
      <SelectField<Metric>
        label="Distribution of"
        value={metric}
        options={(Object.keys(METRICS) as Metric[]).map((m) => ({ value: m, label: METRICS[m] }))}
        onChange={onMetric}
      />
      <BarChart
        title={`${METRICS[metric]}: requests per bin`}
        categories={binLabels(h)}
        series={[{ label: 'Requests', values: h.counts, colorVar: '--seg-kv' }]}
        unit="requests"
        fileName={`latency-${metric}`}
      />
    </>
  );
}
