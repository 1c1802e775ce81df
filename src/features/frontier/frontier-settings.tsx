import { useState } from 'react';
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
import type { WorkloadPresetId } from '../../core/workload/presets';
import { WORKLOAD_PRESETS } from '../../core/workload/presets';

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
          Traffic{' '}
          <select
            value={query.preset ?? 'fixed'}
            onChange={(e) => {
              const id = e.target.value as WorkloadPresetId;
              const p = WORKLOAD_PRESETS.find((x) => x.id === id)!;
              const f = p.fields(catalog.hardware.get(series[0]?.hardware ?? ''));
              set({
                wl: id === 'fixed' ? null : id,
                in: String(f.inputTokens),
                out: String(f.outputTokens),
              });
            }}
          >
            {WORKLOAD_PRESETS.map((p) => (
              <option key={p.id} value={p.id} title={p.description}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <UrlNumber label="Input tokens" urlKey="in" value={query.inputTokens} min={1} set={set} />
        <UrlNumber
          label="Output tokens"
          urlKey="out"
          value={query.outputTokens}
          min={1}
          set={set}
        />
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
        <legend>
          Service-level filter (points that miss it turn grey{sla.hideFailing ? ', or hide' : ''})
        </legend>
        <UrlNumber
          label="TTFT ≤"
          urlKey="ttft"
          value={sla.ttftMs}
          min={0}
          unit="ms"
          blankWhenZero
          live
          set={set}
        />
        <UrlNumber
          label="TPOT ≤"
          urlKey="tpot"
          value={sla.tpotMs}
          min={0}
          unit="ms"
          blankWhenZero
          live
          set={set}
        />
        <UrlNumber
          label="tok/s per user ≥"
          urlKey="minu"
          value={sla.minTokPerSecPerUser}
          min={0}
          blankWhenZero
          live
          set={set}
        />
        <label>
          Bounds hold the{' '}
          <select
            value={sla.percentile}
            onChange={(e) => set({ slap: e.target.value === 'mean' ? null : e.target.value })}
          >
            <option value="mean">mean</option>
            <option value="p90">90th percentile (simulated)</option>
            <option value="p99">99th percentile (simulated)</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={sla.hideFailing}
            onChange={(e) => set({ hide: e.target.checked ? '1' : null })}
          />{' '}
          Hide what misses it
        </label>
        <UrlNumber
          label="Never draw TTFT past"
          urlKey="ceil"
          value={sla.ttftCeilingMs}
          min={0}
          unit="ms (a queue, not a deployment; empty: no ceiling)"
          live
          set={set}
        />
      </fieldset>
    </>
  );
}

/**
 * A number kept in the URL under `urlKey` (empty: removed). `live` fields write as you type (the
 * service-level filter only re-filters); the others when the field loses focus (they re-sweep).
 */
function UrlNumber({
  label,
  urlKey,
  value,
  min,
  unit,
  blankWhenZero = false,
  live = false,
  set,
}: {
  label: string;
  urlKey: string;
  value: number;
  min: number;
  unit?: string;
  /** 0 means "no bound": show an empty field. */
  blankWhenZero?: boolean;
  live?: boolean;
  set: Props['set'];
}) {
  const shown = blankWhenZero && !value ? '' : String(value);
  const [text, setText] = useState(shown);
  const [seen, setSeen] = useState(shown);
  // The URL changed from elsewhere (back, a link): show its value unless the text already says it.
  if (seen !== shown) {
    setSeen(shown);
    if (Number(text || 0) !== value) setText(shown);
  }
  const commit = (t: string) => set({ [urlKey]: t || null });
  return (
    <label>
      {label}{' '}
      <input
        className="short"
        type="number"
        min={min}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (live) commit(e.target.value);
        }}
        onBlur={(e) => commit(e.target.value)}
      />
      {unit ? ` ${unit}` : null}
    </label>
  );
}
