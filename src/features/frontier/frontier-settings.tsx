import type { Catalog } from '../../core/catalog';
import { enginesFor, runsOn } from '../../core/framework';
import type { WeightPrecision } from '../../core/precision';
import { WEIGHT_PRECISIONS } from '../../core/precision';
import type { Framework } from '../../core/scenario/schema';
import { FRAMEWORKS } from '../../core/scenario/schema';
import type { SweepSeries } from '../../core/sweep';
import { EntryOptions } from '../../components/entry-options';
import type { FrontierState } from './frontier-model';
import { MAX_SERIES, Y_METRICS } from './frontier-model';

interface Props {
  catalog: Catalog;
  state: FrontierState;
  /** Sets URL keys (null removes one). */
  set: (patch: Record<string, string | null>) => void;
  setSeries: (next: SweepSeries[]) => void;
}

/** The frontier's inputs: model and workload, the series to sweep, the service-level filter. */
export function FrontierSettings({ catalog, state, set, setSeries }: Props) {
  const { query, y, sla } = state;
  const series = query.series;
  const patchSeries = (i: number, patch: Partial<SweepSeries>) =>
    setSeries(series.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <>
      <form className="filters" aria-label="Frontier settings" onSubmit={(e) => e.preventDefault()}>
        <label>
          Model{' '}
          <select value={query.model} onChange={(e) => set({ m: e.target.value })}>
            <EntryOptions of={catalog.models} />
          </select>
        </label>
        <label>
          Input tokens{' '}
          <input
            className="short"
            type="number"
            min={1}
            defaultValue={query.inputTokens}
            key={`in${query.inputTokens}`}
            onBlur={(e) => set({ in: e.target.value || null })}
          />
        </label>
        <label>
          Output tokens{' '}
          <input
            className="short"
            type="number"
            min={1}
            defaultValue={query.outputTokens}
            key={`out${query.outputTokens}`}
            onBlur={(e) => set({ out: e.target.value || null })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={query.disaggregated}
            onChange={(e) => set({ dis: e.target.checked ? '1' : '0' })}
          />{' '}
          Disaggregated pools
        </label>
        <label>
          <input
            type="checkbox"
            checked={query.speculative}
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
        {series.length < MAX_SERIES ? (
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
            defaultValue={sla.ttftMs || ''}
            key={`t${sla.ttftMs}`}
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
            defaultValue={sla.tpotMs || ''}
            key={`p${sla.tpotMs}`}
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
            defaultValue={sla.minTokPerSecPerUser || ''}
            key={`u${sla.minTokPerSecPerUser}`}
            onBlur={(e) => set({ minu: e.target.value || null })}
          />
        </label>
      </fieldset>
    </>
  );
}
