import { Fragment } from 'react';
import type { Parallelism, ParallelismInput, ScenarioInput } from '../../core/scenario/schema';
import { LIMITS } from '../../core/scenario/schema';
import { fullParallelism, withDisaggregation, withPool } from '../../core/scenario/edit';
import { ChoiceField, divisors } from '../../components/choice-field';
import { NumberField } from '../../components/number-field';

/**
 * TP, EP and PP chosen among values that tile the pool: tp·pp and ep divide the GPU count, so one
 * instance (max(tp·pp, ep) GPUs) tiles it. Attention-DP's own rule is explained if broken.
 */
function ParallelFields({
  label,
  gpus,
  value,
  onChange,
}: {
  label: string;
  gpus: number;
  value: ParallelismInput;
  onChange: (p: Parallelism) => void;
}) {
  const p = fullParallelism(value);
  const all = divisors(gpus);
  return (
    <>
      <ChoiceField
        label={`${label}TP`}
        unit="ranks"
        value={p.tp}
        choices={all.filter((d) => (gpus / d) % p.pp === 0)}
        onChange={(tp) => onChange({ ...p, tp })}
      />
      <ChoiceField
        label={`${label}EP`}
        unit="ranks"
        value={p.ep}
        choices={all}
        onChange={(ep) => onChange({ ...p, ep })}
      />
      <ChoiceField
        label={`${label}PP`}
        unit="stages"
        value={p.pp}
        choices={all.filter((d) => (gpus / d) % p.tp === 0)}
        onChange={(pp) => onChange({ ...p, pp })}
      />
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={p.dpAttention}
            onChange={(e) => onChange({ ...p, dpAttention: e.target.checked })}
          />
          {label ? `${label}attention data-parallel` : 'Attention data-parallel'}
        </label>
      </div>
    </>
  );
}

/** Parallel layout: one layout for aggregated serving, or a prefill and a decode pool. */
export function LayoutFields({
  scenario,
  onChange,
}: {
  scenario: ScenarioInput;
  onChange: (s: ScenarioInput) => void;
}) {
  const dis = scenario.disaggregation;
  const toggle = (on: boolean) => onChange(withDisaggregation(scenario, on));
  return (
    <fieldset>
      <legend>Parallel layout</legend>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={Boolean(dis)}
            onChange={(e) => toggle(e.target.checked)}
          />
          Disaggregated prefill and decode pools
        </label>
      </div>
      {dis ? (
        (['prefill', 'decode'] as const).map((which) => {
          const pool = dis[which];
          const name = which === 'prefill' ? 'Prefill' : 'Decode';
          return (
            <Fragment key={which}>
              <NumberField
                label={`${name} GPUs`}
                unit="count"
                value={pool.gpus}
                min={1}
                max={LIMITS.gpus}
                onChange={(gpus) => onChange(withPool(scenario, which, { ...pool, gpus }))}
              />
              <ParallelFields
                label={`${name} `}
                gpus={pool.gpus}
                value={pool}
                onChange={(p) => onChange(withPool(scenario, which, { ...p, gpus: pool.gpus }))}
              />
            </Fragment>
          );
        })
      ) : (
        <ParallelFields
          label=""
          gpus={scenario.gpus}
          value={scenario.parallelism ?? {}}
          onChange={(parallelism) => onChange({ ...scenario, parallelism })}
        />
      )}
      <p className="field-note">
        One instance spans max(TP×PP, EP) GPUs; the GPUs hold identical instances. Invalid
        combinations are explained beside the results.
      </p>
    </fieldset>
  );
}
