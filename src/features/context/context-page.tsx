import { useMemo } from 'react';
import { TableScroll } from '../../components/table-scroll';
import { useSearchParams } from 'react-router';
import { CatalogGate } from '../../catalog/catalog-gate';
import { KernelsLoading } from '../../components/kernels-loading';
import { useKernelCatalog } from '../../catalog/kernels-query';
import type { Catalog } from '../../core/catalog';
import { CONTEXT_OUTPUT_TOKENS, CONTEXT_POINTS, contextCurves } from '../../core/context-curves';
import { COST_DEFINITION } from '../../core/economics';
import { KV_PRECISIONS } from '../../core/precision';
import { ScatterChart } from '../../components/scatter-chart';
import { countOf } from '../../core/scenario/describe';
import { ExportCsvButton } from '../../components/export-csv-button';
import { EntryOptions } from '../../components/entry-options';
import { GIB } from '../../components/format';
import { LinkNotice } from '../../components/link-notice';
import { readViewParams } from '../../navigation/view-params';
import {
  CONTEXT_ROWS,
  NO_API,
  apiPriceNote,
  contextCsv,
  contextParams,
  contextSeries,
  fmtTokens,
} from './context-model';

export function ContextPage() {
  return <CatalogGate>{(c) => <Context catalog={c.catalog} />}</CatalogGate>;
}

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
  const { kvSeries, concSeries, tpotSeries } = useMemo(
    () => ({
      kvSeries: contextSeries(ok, (p) => p.kvBytesPerSequence / GIB),
      concSeries: contextSeries(ok, (p) => p.maxConcurrency),
      tpotSeries: contextSeries(ok, (p) => p.tpotMs),
    }),
    [ok],
  );
  const apiNote = apiPriceNote(models, catalog);
  const words = `${models.map((m) => catalog.models.get(m)?.name ?? m).join(', ')} on ${gpus} × ${catalog.hardware.get(hardware)?.name ?? hardware}, ${kv.toUpperCase()} KV cache, ${countOf(concurrency, 'request')} in flight for TPOT and cost`;
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
          description={words}
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
          description={words}
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
            description={words}
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
          The numbers <ExportCsvButton fileName="context.csv" table={() => contextCsv(ok)} />
        </h2>
        <TableScroll label={'Context figures'}>
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
        </TableScroll>
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
