import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { CatalogGate } from '../../catalog/catalog-gate';
import { useKernelCatalog } from '../../catalog/kernels-query';
import type { Catalog } from '../../core/catalog';
import type { WeightPrecision } from '../../core/precision';
import { WEIGHT_PRECISIONS } from '../../core/precision';
import type { Framework } from '../../core/scenario/schema';
import { FRAMEWORKS } from '../../core/scenario/schema';
import { enginesFor, runsOn } from '../../core/framework';
import { planHref } from '../../app/paths';
import type { SweepPoint, SweepQuery, SweepSeries } from '../../core/sweep';
import { runSweepAsync } from '../../workers/sweep-bridge';
import { ScatterChart } from '../../components/scatter-chart';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';
import { EntryOptions } from '../../components/entry-options';

const Y_METRICS = {
  out: { label: 'output tok/s per GPU', of: (p: SweepPoint) => p.outputTokPerSecPerGpu },
  usd: {
    label: '$ per 1M output tokens',
    of: (p: SweepPoint) => p.usdPerMillionOutputTokens ?? NaN,
  },
  mw: { label: 'output tok/s per MW', of: (p: SweepPoint) => p.outputTokPerSecPerMegawatt },
} as const;
type YKey = keyof typeof Y_METRICS;
const COLORS = ['--seg-weights', '--bad', '--ok', '--warn'];
const DEFAULT_SERIES = 'b200~native~sglang,h200-sxm~native~sglang';

function parseSeries(raw: string | null, catalog: Catalog): SweepSeries[] {
  const out: SweepSeries[] = [];
  for (const part of (raw ?? DEFAULT_SERIES).split(',').slice(0, 4)) {
    const [hardware, weights, framework] = part.split('~');
    if (
      hardware &&
      catalog.hardware.has(hardware) &&
      (WEIGHT_PRECISIONS as readonly string[]).includes(weights ?? '') &&
      (FRAMEWORKS as readonly string[]).includes(framework ?? '') &&
      runsOn(framework as Framework, catalog.hardware.get(hardware)!)
    )
      out.push({
        hardware,
        weights: weights as WeightPrecision,
        framework: framework as Framework,
      });
  }
  return out.length ? out : parseSeries(DEFAULT_SERIES, catalog);
}
const seriesParam = (s: SweepSeries[]) =>
  s.map((x) => `${x.hardware}~${x.weights}~${x.framework}`).join(',');
const num = (v: string | null, min: number, max: number, fallback: number) => {
  const n = Number(v);
  return v !== null && v !== '' && Number.isFinite(n) && n >= min && n <= max ? n : fallback;
};
const describe = (p: SweepPoint) => {
  const s = p.scenario;
  const layout = s.disaggregation
    ? `${s.disaggregation.prefill.gpus}P TP${s.disaggregation.prefill.tp} + ${s.disaggregation.decode.gpus}D EP${s.disaggregation.decode.ep}`
    : `TP${s.parallelism!.tp} EP${s.parallelism!.ep}${s.parallelism!.dpAttention ? ' DP-attn' : ''}`;
  const band = (r: SweepPoint['tokPerSecPerUserRange'], unit: string) =>
    r ? `${r[0].toFixed(r[0] < 10 ? 1 : 0)}–${r[1].toFixed(r[1] < 10 ? 1 : 0)} ${unit}` : null;
  const bands = [
    band(p.tokPerSecPerUserRange, 'tok/s per user'),
    band(p.outputTokPerSecPerGpuRange, 'tok/s per GPU'),
    band(p.ttftMsRange, 'ms TTFT'),
  ].filter(Boolean);
  return `${s.gpus}× ${s.hardware} ${layout}, ${String(s.workload.concurrency)} users${s.speculative ? ', MTP' : ''}${bands.length ? ` (80% range: ${bands.join(', ')})` : ''}`;
};

export function FrontierPage() {
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
  const model = catalog.models.has(params.get('m') ?? '') ? params.get('m')! : 'deepseek-v4-pro';
  const seriesRaw = params.get('s');
  const series = useMemo(() => parseSeries(seriesRaw, catalog), [seriesRaw, catalog]);
  const inputTokens = num(params.get('in'), 1, 1_048_576, 8192);
  const outputTokens = num(params.get('out'), 1, 262_144, 1024);
  const disaggregated = params.get('dis') !== '0';
  const speculative = params.get('spec') === '1';
  const resolution = params.get('res') === 'fine' ? ('fine' as const) : ('standard' as const);
  const y: YKey = (params.get('y') as YKey) in Y_METRICS ? (params.get('y') as YKey) : 'out';
  const sla = {
    ttft: num(params.get('ttft'), 0, 1e9, 0),
    tpot: num(params.get('tpot'), 0, 1e9, 0),
    minUser: num(params.get('minu'), 0, 1e6, 0),
  };
  const query: SweepQuery = useMemo(
    () => ({ model, series, inputTokens, outputTokens, disaggregated, speculative, resolution }),
    [model, series, inputTokens, outputTokens, disaggregated, speculative, resolution],
  );
  const hardwareIds = useMemo(() => series.map((s) => s.hardware), [series]);
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
  const passes = useCallback(
    (p: SweepPoint) =>
      (!sla.ttft || p.ttftMs <= sla.ttft) &&
      (!sla.tpot || p.tpotMs <= sla.tpot) &&
      (!sla.minUser || p.tokPerSecPerUser >= sla.minUser),
    [sla.ttft, sla.tpot, sla.minUser],
  );
  const data = sweep.data;
  const chart = useMemo(() => {
    if (!data) return null;
    const metric = Y_METRICS[y].of;
    const lines = series.flatMap((s, i) => {
      const color = COLORS[i % COLORS.length]!;
      const name = `${s.hardware} ${s.weights} ${s.framework}`;
      const own = data.points.map((p, j) => ({ p, j })).filter(({ p }) => p.series === i);
      const ok = own.filter(({ p }) => passes(p));
      return [
        {
          label: `${name} (frontier)`,
          colorVar: color,
          showLine: true,
          points: data.frontiers[i]!.filter((j) => passes(data.points[j]!)).map((j) => ({
            x: data.points[j]!.tokPerSecPerUser,
            y: metric(data.points[j]!),
            label: `${name}: ${describe(data.points[j]!)}`,
            ref: j,
          })),
        },
        {
          label: `${name} (all)`,
          colorVar: color,
          points: ok.map(({ p, j }) => ({
            x: p.tokPerSecPerUser,
            y: metric(p),
            label: `${name}: ${describe(p)}`,
            ref: j,
          })),
        },
      ];
    });
    const failing = data.points.map((p, j) => ({ p, j })).filter(({ p }) => !passes(p));
    return [
      ...lines,
      {
        label: 'fails the SLA',
        colorVar: '--seg-workspace',
        points: failing.map(({ p, j }) => ({
          x: p.tokPerSecPerUser,
          y: metric(p),
          label: `fails SLA: ${describe(p)}`,
          ref: j,
        })),
      },
    ];
  }, [data, series, y, passes]);
  const onPointClick = useCallback(
    (s: number, i: number) => {
      const ref = (chart?.[s]?.points[i] as { ref?: number } | undefined)?.ref;
      const p = ref === undefined ? undefined : data?.points[ref];
      if (p) void navigate(planHref(p.scenario));
    },
    [chart, data, navigate],
  );
  const setSeries = (next: SweepSeries[]) => set({ s: seriesParam(next) });
  const patchSeries = (i: number, patch: Partial<SweepSeries>) =>
    setSeries(series.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const csvTable = (): CsvTable | null =>
    data
      ? [
          [
            'series',
            'configuration',
            'tok/s per user',
            'output tok/s per GPU',
            '$ per 1M output',
            'tok/s per MW',
            'TTFT ms',
            'TPOT ms',
            'meets SLA',
          ],
          data.frontiers.flatMap((f, i) =>
            f.map((j) => {
              const p = data.points[j]!;
              return [
                seriesParam([series[i]!]),
                describe(p),
                p.tokPerSecPerUser,
                p.outputTokPerSecPerGpu,
                p.usdPerMillionOutputTokens,
                p.outputTokPerSecPerMegawatt,
                p.ttftMs,
                p.tpotMs,
                passes(p),
              ];
            }),
          ),
        ]
      : null;
  return (
    <div className="frontier">
      <section className="panel">
        <h1>Throughput against interactivity</h1>
        <p>
          Every layout, GPU count, concurrency{speculative ? ' and MTP setting' : ''} that fits,
          swept in the background; the line is each series’ Pareto frontier. Hover for the
          configuration; click to open it in the Planner.
        </p>
        <form
          className="filters"
          aria-label="Frontier settings"
          onSubmit={(e) => e.preventDefault()}
        >
          <label>
            Model{' '}
            <select value={model} onChange={(e) => set({ m: e.target.value })}>
              <EntryOptions of={catalog.models} />
            </select>
          </label>
          <label>
            Input tokens{' '}
            <input
              className="short"
              type="number"
              min={1}
              defaultValue={inputTokens}
              key={`in${inputTokens}`}
              onBlur={(e) => set({ in: e.target.value })}
            />
          </label>
          <label>
            Output tokens{' '}
            <input
              className="short"
              type="number"
              min={1}
              defaultValue={outputTokens}
              key={`out${outputTokens}`}
              onBlur={(e) => set({ out: e.target.value })}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={disaggregated}
              onChange={(e) => set({ dis: e.target.checked ? '1' : '0' })}
            />{' '}
            Disaggregated pools
          </label>
          <label>
            <input
              type="checkbox"
              checked={speculative}
              onChange={(e) => set({ spec: e.target.checked ? '1' : '0' })}
            />{' '}
            MTP
          </label>
          <label>
            Y axis{' '}
            <select value={y} onChange={(e) => set({ y: e.target.value })}>
              {Object.entries(Y_METRICS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v.label}
                </option>
              ))}
            </select>
          </label>
        </form>
        <fieldset className="series-editor">
          <legend>Series</legend>
          {series.map((s, i) => (
            <div key={i} className="series-row" data-testid="series-row">
              <select
                aria-label={`Series ${i + 1} hardware`}
                value={s.hardware}
                onChange={(e) => {
                  const hw = catalog.hardware.get(e.target.value);
                  patchSeries(i, {
                    hardware: e.target.value,
                    ...(hw && !runsOn(s.framework, hw) ? { framework: enginesFor(hw)[0]! } : {}),
                  });
                }}
              >
                <EntryOptions of={catalog.hardware} />
              </select>
              <select
                aria-label={`Series ${i + 1} weights`}
                value={s.weights}
                onChange={(e) => patchSeries(i, { weights: e.target.value as WeightPrecision })}
              >
                {WEIGHT_PRECISIONS.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
              <select
                aria-label={`Series ${i + 1} framework`}
                value={s.framework}
                onChange={(e) => patchSeries(i, { framework: e.target.value as Framework })}
              >
                {FRAMEWORKS.filter((f) => {
                  const hw = catalog.hardware.get(s.hardware);
                  return !hw || runsOn(f, hw);
                }).map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
              {series.length > 1 ? (
                <button type="button" onClick={() => setSeries(series.filter((_, j) => j !== i))}>
                  Remove
                </button>
              ) : null}
            </div>
          ))}
          {series.length < 4 ? (
            <button
              type="button"
              onClick={() =>
                setSeries([
                  ...series,
                  { hardware: 'gb200-nvl72', weights: 'native', framework: 'trtllm' },
                ])
              }
            >
              Add a series
            </button>
          ) : null}
        </fieldset>
        <fieldset className="series-editor">
          <legend>Service-level filter (points that miss it turn grey)</legend>
          <label>
            TTFT ≤{' '}
            <input
              className="short"
              type="number"
              min={0}
              defaultValue={sla.ttft || ''}
              key={`t${sla.ttft}`}
              onBlur={(e) => set({ ttft: e.target.value || null })}
            />{' '}
            ms
          </label>
          <label>
            TPOT ≤{' '}
            <input
              className="short"
              type="number"
              min={0}
              defaultValue={sla.tpot || ''}
              key={`p${sla.tpot}`}
              onBlur={(e) => set({ tpot: e.target.value || null })}
            />{' '}
            ms
          </label>
          <label>
            tok/s per user ≥{' '}
            <input
              className="short"
              type="number"
              min={0}
              defaultValue={sla.minUser || ''}
              key={`u${sla.minUser}`}
              onBlur={(e) => set({ minu: e.target.value || null })}
            />
          </label>
        </fieldset>
      </section>
      <section className="panel" aria-live="polite">
        {sweep.isFetching ? (
          <p role="status" data-testid="sweep-progress">
            Sweeping… {progress.toLocaleString('en-US')} configurations
          </p>
        ) : null}
        {sweep.isError ? <p role="alert">The sweep failed: {sweep.error.message}</p> : null}
        {data && chart ? (
          <>
            <p data-testid="sweep-summary">
              {data.configurations.toLocaleString('en-US')} configurations tried,{' '}
              {data.points.length.toLocaleString('en-US')} fit in memory,{' '}
              {data.points.filter(passes).length.toLocaleString('en-US')} meet the filter.
            </p>
            <p className="panel-note" data-testid="sweep-ms" data-ms={data.ms.toFixed(1)}>
              Swept in {data.ms.toFixed(0)} ms (
              {Math.round((data.configurations / data.ms) * 1000).toLocaleString('en-US')}{' '}
              configurations per second).
            </p>
            <ScatterChart
              title="Throughput against tokens per second per user"
              series={chart}
              xLabel="tok/s per user"
              yLabel={Y_METRICS[y].label}
              logY
              fileName="frontier"
              onPointClick={onPointClick}
            />
          </>
        ) : null}
      </section>
      {data ? (
        <section className="panel">
          <h2>
            Frontier points <ExportCsvButton fileName="frontier.csv" table={csvTable} />
          </h2>
          <table className="data-table" data-testid="frontier-table">
            <thead>
              <tr>
                <th scope="col">Series</th>
                <th scope="col">Configuration</th>
                <th scope="col">tok/s per user</th>
                <th scope="col">{Y_METRICS[y].label}</th>
                <th scope="col">TTFT (ms)</th>
                <th scope="col">TPOT (ms)</th>
              </tr>
            </thead>
            <tbody>
              {data.frontiers.flatMap((f, i) =>
                f.map((j) => {
                  const p = data.points[j]!;
                  return (
                    <tr key={j} className={passes(p) ? '' : 'fails'}>
                      <th scope="row">{series[i]?.hardware}</th>
                      <td>
                        <a href={`${import.meta.env.BASE_URL}${planHref(p.scenario).slice(1)}`}>
                          {describe(p)}
                        </a>
                      </td>
                      <td>{p.tokPerSecPerUser.toFixed(1)}</td>
                      <td>{Y_METRICS[y].of(p).toPrecision(4)}</td>
                      <td>{p.ttftMs.toFixed(0)}</td>
                      <td>{p.tpotMs.toFixed(2)}</td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
