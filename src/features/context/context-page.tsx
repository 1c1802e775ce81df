import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { CatalogGate } from '../../catalog/catalog-gate';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import type { Catalog } from '../../core/catalog';
import type { ContextCurve } from '../../core/context-curves';
import { CONTEXT_POINTS, contextCurves } from '../../core/context-curves';
import type { KvPrecision } from '../../core/precision';
import { KV_PRECISIONS } from '../../core/precision';
import { ScatterChart } from '../../components/scatter-chart';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';
import { EntryOptions } from '../../components/entry-options';
import { GIB } from '../../components/format';
import { LinkNotice } from '../../components/link-notice';
import type { Param } from '../../navigation/view-params';
import { idParam, intParam, oneOfParam, readViewParams } from '../../navigation/view-params';

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
const fmtTokens = (n: number) => (n >= 1 << 20 ? `${n / (1 << 20)}M` : `${n / 1024}K`);

export function ContextPage() {
  return <CatalogGate>{(c) => <Context catalog={c.catalog} />}</CatalogGate>;
}

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

function Context({ catalog }: { catalog: Catalog }) {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set('v', '1');
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const search = params.toString();
  const { values, ignored } = useMemo(
    () => readViewParams(contextParams(catalog), new URLSearchParams(search)),
    [search, catalog],
  );
  const { models, hw: hardware, g: gpus, kv, c: concurrency } = values;
  const hardwareIds = useMemo(() => [hardware], [hardware]);
  const priced = useKernelCatalog(catalog, hardwareIds);
  const curves = useMemo(
    () =>
      contextCurves(
        { models, hardware, gpus, kvCache: kv, concurrency, outputTokens: 256 },
        priced.catalog,
      ),
    [models, hardware, gpus, kv, concurrency, priced.catalog],
  );
  const ok = useMemo(() => curves.filter((c) => !c.error), [curves]);
  const { kvSeries, concSeries, tpotSeries } = useMemo(() => {
    const series = (y: (p: ContextCurve['points'][number]) => number | null) =>
      ok.flatMap((c, i) => {
        const color = COLORS[i % COLORS.length]!;
        const pts = c.points.flatMap((p) => {
          const v = y(p);
          return v !== null && v > 0
            ? [
                {
                  x: p.contextTokens,
                  y: v,
                  label: `${c.name} at ${fmtTokens(p.contextTokens)}: ${v.toPrecision(3)}`,
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
    return {
      kvSeries: series((p) => p.kvBytesPerSequence / GIB),
      concSeries: series((p) => p.maxConcurrency),
      tpotSeries: series((p) => p.tpotMs),
    };
  }, [ok]);
  const csvTable = (): CsvTable => [
    [
      'model',
      'context tokens',
      'KV per sequence (GiB)',
      'max concurrency',
      'TPOT (ms)',
      'beyond model maximum',
    ],
    ok.flatMap((c) =>
      c.points.map((p) => [
        c.model,
        p.contextTokens,
        p.kvBytesPerSequence / GIB,
        p.maxConcurrency,
        p.tpotMs,
        p.beyondModelMax,
      ]),
    ),
  ];
  return (
    <div className="context">
      <section className="panel">
        <h1>What a million tokens of context costs</h1>
        <p>
          KV cache per sequence, the most sequences that fit and the time per output token, from 1K
          to 1M tokens, on each model’s default layout (wide expert parallelism with attention
          data-parallel; tensor parallel for dense models). Dashed lines mark each model’s maximum
          context.
        </p>
        <LinkNotice ignored={ignored} search={search} />
        <form
          className="filters"
          aria-label="Context settings"
          onSubmit={(e) => e.preventDefault()}
        >
          <fieldset className="model-picks">
            <legend>Models</legend>
            {[...catalog.models.values()].map((m) => (
              <label key={m.id}>
                <input
                  type="checkbox"
                  checked={models.includes(m.id)}
                  onChange={(e) => {
                    const next = e.target.checked
                      ? [...models, m.id]
                      : models.filter((x) => x !== m.id);
                    if (next.length) set('models', next.join(','));
                  }}
                />{' '}
                {m.name}
              </label>
            ))}
          </fieldset>
          <label>
            Hardware{' '}
            <select value={hardware} onChange={(e) => set('hw', e.target.value)}>
              <EntryOptions of={catalog.hardware} />
            </select>
          </label>
          <label>
            GPUs{' '}
            <select value={gpus} onChange={(e) => set('g', e.target.value)}>
              {[1, 2, 4, 8, 16, 32, 64, 72].map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
          <label>
            KV cache{' '}
            <select value={kv} onChange={(e) => set('kv', e.target.value)}>
              {KV_PRECISIONS.map((k) => (
                <option key={k} value={k}>
                  {k.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            Concurrency for TPOT{' '}
            <select value={concurrency} onChange={(e) => set('c', e.target.value)}>
              {[1, 8, 32, 64, 256].map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </form>
        {curves
          .filter((c) => c.error)
          .map((c) => (
            <p key={c.model} role="alert">
              {c.name}: {c.error}
            </p>
          ))}
      </section>
      <section className="panel">
        <h2>KV cache per sequence (GiB)</h2>
        <ScatterChart
          title="KV cache per sequence against context"
          series={kvSeries}
          xLabel="context (tokens)"
          yLabel="GiB per sequence"
          log
          fileName="kv-per-sequence"
        />
      </section>
      <section className="panel">
        <h2>Most sequences that fit in memory</h2>
        <ScatterChart
          title="Largest concurrency that fits against context"
          series={concSeries}
          xLabel="context (tokens)"
          yLabel="sequences"
          log
          fileName="max-concurrency"
        />
      </section>
      <section className="panel">
        <h2>
          Time per output token at {concurrency} concurrent request{concurrency > 1 ? 's' : ''} (ms)
        </h2>
        {priced.pending.length > 0 ? (
          <KernelsLoading gpus={hardware} panel={false} />
        ) : (
          <ScatterChart
            title="TPOT against context"
            series={tpotSeries}
            xLabel="context (tokens)"
            yLabel="ms per output token"
            logX
            fileName="tpot-vs-context"
          />
        )}
      </section>
      <section className="panel">
        <h2>
          The numbers <ExportCsvButton fileName="context.csv" table={csvTable} />
        </h2>
        <table className="data-table" data-testid="context-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              {CONTEXT_POINTS.map((n) => (
                <th key={n} scope="col">
                  {fmtTokens(n)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ok.map((c) => (
              <tr key={c.model}>
                <th scope="row">{c.name} KV (GiB)</th>
                {c.points.map((p) => (
                  <td
                    key={p.contextTokens}
                    className={p.beyondModelMax ? 'beyond' : ''}
                    title={p.beyondModelMax ? 'beyond the model maximum' : undefined}
                  >
                    {(p.kvBytesPerSequence / GIB).toPrecision(3)}
                  </td>
                ))}
              </tr>
            ))}
            {ok.map((c) => (
              <tr key={`${c.model}-c`}>
                <th scope="row">{c.name} max sequences</th>
                {c.points.map((p) => (
                  <td key={p.contextTokens} className={p.beyondModelMax ? 'beyond' : ''}>
                    {p.maxConcurrency.toLocaleString('en-US')}
                  </td>
                ))}
              </tr>
            ))}
            {ok.map((c) => (
              <tr key={`${c.model}-t`}>
                <th scope="row">{c.name} TPOT (ms)</th>
                {c.points.map((p) => (
                  <td key={p.contextTokens} className={p.beyondModelMax ? 'beyond' : ''}>
                    {p.tpotMs === null
                      ? 'does not fit'
                      : priced.pending.length > 0
                        ? '…'
                        : p.tpotMs.toFixed(1)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="panel-note">
          Greyed cells lie beyond the model’s maximum context (config.json max_position_embeddings).
        </p>
      </section>
    </div>
  );
}
