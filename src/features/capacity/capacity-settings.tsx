import { NumberField } from '../../components/number-field';
import { SelectField } from '../../components/select-field';
import { RANKINGS } from '../../core/capacity/demand';
import type { Catalog } from '../../core/catalog';
import { PRICE_TIERS } from '../../core/hardware/schema';
import { DEFAULT_SPECULATIVE } from '../../core/scenario/mtp-acceptance';
import type { CapacityValues } from './capacity-model';
import { PROFILES, PROFILE_LABELS, RANKING_LABELS } from './capacity-model';

/** The demand, the service level and the candidates: each change is written to the URL. */
export function CapacitySettings({
  catalog,
  values: v,
  set,
}: {
  catalog: Catalog;
  values: CapacityValues;
  set: (patch: Partial<Record<keyof CapacityValues, string>>) => void;
}) {
  const num = (key: keyof CapacityValues) => (x: number) => set({ [key]: String(x) });
  return (
    <form
      className="filters capacity-settings"
      aria-label="Demand"
      onSubmit={(e) => e.preventDefault()}
    >
      <fieldset>
        <legend>Traffic</legend>
        <SelectField
          label="Model"
          value={v.m}
          options={[...catalog.models.values()].map((m) => ({ value: m.id, label: m.name }))}
          onChange={(m) => set({ m })}
        />
        <NumberField
          label="Input"
          unit="tokens"
          value={v.in}
          min={1}
          max={1_048_576}
          onChange={num('in')}
        />
        <NumberField
          label="Output"
          unit="tokens"
          value={v.out}
          min={1}
          max={262_144}
          onChange={num('out')}
        />
        <NumberField
          label="Prefix-cache hits"
          unit="% of prompt tokens, in GPU memory"
          value={v.hit}
          min={0}
          max={99}
          decimal
          onChange={num('hit')}
        />
        <NumberField
          label="Peak requests"
          unit="per second"
          value={v.rps}
          min={0.001}
          max={1_000_000}
          decimal
          onChange={num('rps')}
        />
        <SelectField
          label="Over the day"
          value={v.day}
          options={PROFILES.map((p) => ({ value: p, label: PROFILE_LABELS[p] }))}
          onChange={(day) => set({ day })}
        />
      </fieldset>
      <fieldset>
        <legend>Service level per request (0: no bound)</legend>
        <NumberField
          label="TTFT at most"
          unit="ms"
          value={v.ttft}
          min={0}
          max={600_000}
          onChange={num('ttft')}
        />
        <NumberField
          label="TPOT at most"
          unit="ms"
          value={v.tpot}
          min={0}
          max={10_000}
          decimal
          onChange={num('tpot')}
        />
        <NumberField
          label="Speed at least"
          unit="tok/s per user"
          value={v.tps}
          min={0}
          max={10_000}
          decimal
          onChange={num('tps')}
        />
      </fieldset>
      <fieldset className="model-picks">
        <legend>Candidate hardware</legend>
        {[...catalog.hardware.values()].map((h) => (
          <label key={h.id}>
            <input
              type="checkbox"
              checked={v.hw.includes(h.id)}
              onChange={(e) => {
                const next = e.target.checked ? [...v.hw, h.id] : v.hw.filter((x) => x !== h.id);
                if (next.length) set({ hw: next.join(',') });
              }}
            />{' '}
            {h.name}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Search</legend>
        <SelectField
          label="Price"
          value={v.tier}
          options={PRICE_TIERS.map((t) => ({ value: t, label: t }))}
          onChange={(tier) => set({ tier })}
        />
        <SelectField
          label="Power per GPU"
          value={v.pw}
          options={[
            { value: 'facility', label: 'all-in facility kW (TDP where unknown)' },
            { value: 'tdp', label: 'GPU TDP' },
          ]}
          onChange={(pw) => set({ pw })}
        />
        <SelectField
          label="Rank by"
          value={v.rank}
          options={RANKINGS.map((r) => ({ value: r, label: RANKING_LABELS[r] }))}
          onChange={(rank) => set({ rank })}
        />
        <label>
          <input
            type="checkbox"
            checked={v.dis}
            onChange={(e) => set({ dis: e.target.checked ? '1' : '0' })}
          />{' '}
          Try disaggregated prefill and decode
        </label>
        <label>
          <input
            type="checkbox"
            checked={v.mtp}
            onChange={(e) => set({ mtp: e.target.checked ? '1' : '0' })}
          />{' '}
          Try MTP (1 draft token, acceptance {DEFAULT_SPECULATIVE.acceptanceLength} assumed)
        </label>
      </fieldset>
    </form>
  );
}
