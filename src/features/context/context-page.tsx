import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { CatalogGate } from '../../catalog/catalog-gate';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import type { Catalog } from '../../core/catalog';
import type { ContextCurve } from '../../core/context-curves';
import { CONTEXT_OUTPUT_TOKENS, CONTEXT_POINTS, contextCurves } from '../../core/context-curves';
import { COST_DEFINITION, DEEPSEEK_API_USD_PER_M } from '../../core/economics';
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

type Point = ContextCurve['points'][number];
const NO_API = 'no API price';

/** One row per figure and model of the table, and one column of its CSV: the label (with its
 * unit), the plain value, how a cell shows it, and what a missing value means. */
const CONTEXT_ROWS: ReadonlyArray<{
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
    show: (v) => v.toPrecision(3),
    none: '—',
  },
  {
    label: 'max sequences',
    csvHeader: 'max concurrency',
    value: (p) => p.maxConcurrency,
    show: (v) => v.toLocaleString('en-US'),
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
    show: (v) => `$${v.toPrecision(3)}`,
    none: 'does not fit',
    priced: true,
  },
  {
    label: 'API $ per request, cache miss',
    csvHeader: 'DeepSeek API USD per request (input all cache miss)',
    value: (p) => p.apiUsdPerRequest?.cacheMiss ?? null,
    show: (v) => `$${v.toPrecision(3)}`,
    none: NO_API,
  },
  {
    label: 'API $ per request, cache hit',
    csvHeader: 'DeepSeek API USD per request (input all cache hit)',
    value: (p) => p.apiUsdPerRequest?.cacheHit ?? null,
    show: (v) => `$${v.toPrecision(3)}`,
    none: NO_API,
  },
];

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
        { models, hardware, gpus, kvCache: kv, concurrency, outputTokens: CONTEXT_OUTPUT_TOKENS },
        priced.catalog,
      ),
    [models, hardware, gpus, kv, concurrency, priced.catalog],
  );
  const ok = useMemo(() => curves.filter((c) => !c.error), [curves]);
  const apiNote =
    models
      .flatMap((m) => {
        const a = DEEPSEEK_API_USD_PER_M[m];
        return a
          ? [
              `${catalog.models.get(m)?.name ?? m}: $${a.input} miss, $${a.inputCacheHit} hit, $${a.output} output per 1M tokens — ${a.source}`,
            ]
          : [];
      })
      .join('; ') || 'none of the chosen models has a DeepSeek API price';
  const { kvSeries, concSeries, tpotSeries } = useMemo(() => {
    const series = (y: (p: Point) => number | null) =>
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
  return (
    <div className="context">
      <section className="panel">
        <h1>What a million tokens of context costs</h1>
        <p>
          KV cache per sequence, the most sequences that fit, the time per output token and the cost
          in dollars, self-hosted and through the DeepSeek API, from 1K to 1M tokens, on each
          model’s default layout (wide expert parallelism with attention data-parallel; tensor
          parallel for dense models). Dashed lines mark each model’s maximum context.
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
            Concurrency for TPOT and cost{' '}
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
            {CONTEXT_ROWS.map((row) =>
              // A model without an API price gets no API rows (its CSV columns stay, empty).
              ok
                .filter((c) => row.none !== NO_API || c.points.some((p) => row.value(p) !== null))
                .map((c) => (
                  <tr key={`${c.model}-${row.csvHeader}`}>
                    <th scope="row">
                      {c.name} {row.label}
                    </th>
                    {c.points.map((p) => {
                      const v = row.value(p);
                      return (
                        <td
                          key={p.contextTokens}
                          className={p.beyondModelMax ? 'beyond' : ''}
                          title={p.beyondModelMax ? 'beyond the model maximum' : undefined}
                        >
                          {v === null
                            ? row.none
                            : row.priced && priced.pending.length > 0
                              ? '…'
                              : row.show(v)}
                        </td>
                      );
                    })}
                  </tr>
                )),
            )}
          </tbody>
        </table>
        <p className="panel-note">
          Each request is its context minus {CONTEXT_OUTPUT_TOKENS} tokens of prompt, then{' '}
          {CONTEXT_OUTPUT_TOKENS} output tokens; TPOT is decode only (the request’s own prefill is
          in its TTFT, not its TPOT). {COST_DEFINITION}, at the hardware’s 3-year rental price. The
          DeepSeek API prices each request with every input token a cache miss, and with every input
          token a cache hit ({apiNote}). Greyed cells lie beyond the model’s maximum context
          (config.json max_position_embeddings).
        </p>
      </section>
    </div>
  );
}
