import { Fragment } from 'react';
import type {
  Parallelism,
  ParallelismInput,
  Pool,
  ScenarioInput,
} from '../../core/scenario/schema';
import { LIMITS } from '../../core/scenario/schema';
import {
  fullParallelism,
  withDisaggregation,
  withPool,
  withPrefillHardware,
} from '../../core/scenario/edit';
import { ChoiceField, divisors } from '../../components/choice-field';
import { NumberField } from '../../components/number-field';
import { SelectField } from '../../components/select-field';
import { Term } from '../../components/term';
import type { HardwareSpec } from '../../core/hardware/schema';

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
  /** The fields changed (merged by the caller into the latest layout). */
  onChange: (patch: Partial<Parallelism>) => void;
}) {
  const p = fullParallelism(value);
  const all = divisors(gpus);
  return (
    <>
      <ChoiceField
        label={`${label}TP`}
        term="tp"
        unit="ranks"
        value={p.tp}
        choices={all.filter((d) => (gpus / d) % p.pp === 0)}
        onChange={(tp) => onChange({ tp })}
      />
      <ChoiceField
        label={`${label}EP`}
        term="ep"
        unit="ranks"
        value={p.ep}
        choices={all}
        onChange={(ep) => onChange({ ep })}
      />
      <ChoiceField
        label={`${label}PP`}
        term="pp"
        unit="stages"
        value={p.pp}
        choices={all.filter((d) => (gpus / d) % p.tp === 0)}
        onChange={(pp) => onChange({ pp })}
      />
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={p.dpAttention}
            onChange={(e) => onChange({ dpAttention: e.target.checked })}
          />
          {label ? `${label}attention data-parallel` : 'Attention data-parallel'}
        </label>
        <Term id="attention-dp" />
      </div>
    </>
  );
}

/** Parallel layout: one layout for aggregated serving, or a prefill and a decode pool. */
export function LayoutFields({
  scenario,
  onEdit,
  hardware,
}: {
  scenario: ScenarioInput;
  /** An edit, applied to the latest scenario. */
  onEdit: (edit: (latest: ScenarioInput) => ScenarioInput) => void;
  /** The accelerators a prefill pool may run on. */
  hardware: ReadonlyMap<string, HardwareSpec>;
}) {
  const dis = scenario.disaggregation;
  const toggle = (on: boolean) => onEdit((s) => withDisaggregation(s, on));
  /** A change to one pool, on the latest version of that pool. */
  const editPool = (which: 'prefill' | 'decode', patch: Partial<Pool>) =>
    onEdit((s) => {
      const latest = s.disaggregation?.[which];
      return latest ? withPool(s, which, { ...latest, ...patch }) : s;
    });
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
        <Term id="disaggregation" />
      </div>
      {dis ? (
        <SelectField
          label="Prefill accelerator"
          wide
          value={dis.prefill.hardware ?? ''}
          options={[
            { value: '', label: 'the same as decode' },
            ...[...hardware.values()]
              .filter((h) => h.id !== scenario.hardware)
              .map((h) => ({ value: h.id, label: h.name })),
          ]}
          onChange={(id) => onEdit((s) => withPrefillHardware(s, id || null))}
        />
      ) : null}
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
                onChange={(gpus) => editPool(which, { gpus })}
              />
              <ParallelFields
                label={`${name} `}
                gpus={pool.gpus}
                value={pool}
                onChange={(patch) => editPool(which, patch)}
              />
            </Fragment>
          );
        })
      ) : (
        <ParallelFields
          label=""
          gpus={scenario.gpus}
          value={scenario.parallelism ?? {}}
          onChange={(patch) =>
            onEdit((s) => ({ ...s, parallelism: { ...s.parallelism, ...patch } }))
          }
        />
      )}
      <p className="field-note">
        One instance spans max(TP×PP, EP) GPUs; the GPUs hold identical instances. Invalid
        combinations are explained beside the results.
      </p>
    </fieldset>
  );
}
