import type { Catalog } from '../../core/catalog';
import type { Framework, ScenarioInput } from '../../core/scenario/schema';
import { FRAMEWORKS, LIMITS } from '../../core/scenario/schema';
import type { KvPrecision, WeightPrecision } from '../../core/precision';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from '../../core/precision';
import { NumberField } from '../../components/number-field';
import { SelectField } from '../../components/select-field';

interface Props {
  catalog: Catalog;
  scenario: ScenarioInput;
  onChange: (next: ScenarioInput) => void;
}

const WEIGHT_LABELS: Record<WeightPrecision, string> = {
  native: 'Native (as published)',
  nvfp4: 'NVFP4 experts',
  mxfp4: 'MXFP4 experts',
  fp8: 'FP8',
  bf16: 'BF16',
};
const FRAMEWORK_LABELS: Record<Framework, string> = {
  trtllm: 'TensorRT-LLM',
  sglang: 'SGLang',
  vllm: 'vLLM',
  generic: 'Generic',
};

/** The inputs of one aggregated deployment: model, cluster, precision, layout, workload. */
export function ScenarioForm({ catalog, scenario, onChange }: Props) {
  const set = (patch: Partial<ScenarioInput>) => onChange({ ...scenario, ...patch });
  const par = { tp: 1, ep: 1, pp: 1, dpAttention: false, ...scenario.parallelism };
  const setPar = (patch: Partial<typeof par>) => set({ parallelism: { ...par, ...patch } });
  const wl = scenario.workload;
  const prec = { weights: 'native' as const, kvCache: 'fp8' as const, ...scenario.precision };
  const isMax = wl.concurrency === 'max';
  return (
    <form className="scenario-form" onSubmit={(e) => e.preventDefault()} aria-label="Scenario">
      <fieldset>
        <legend>Model and cluster</legend>
        <SelectField
          label="Model"
          wide
          value={scenario.model}
          options={[...catalog.models.values()].map((m) => ({ value: m.id, label: m.name }))}
          onChange={(model) => set({ model })}
        />
        <SelectField
          label="Hardware"
          wide
          value={scenario.hardware}
          options={[...catalog.hardware.values()].map((h) => ({ value: h.id, label: h.name }))}
          onChange={(hardware) => set({ hardware })}
        />
        <NumberField
          label="GPUs"
          unit="count"
          value={scenario.gpus}
          min={1}
          max={LIMITS.gpus}
          onChange={(gpus) => set({ gpus })}
        />
      </fieldset>
      <fieldset>
        <legend>Precision and framework</legend>
        <SelectField
          label="Weights"
          wide
          value={prec.weights}
          options={WEIGHT_PRECISIONS.map((p) => ({ value: p, label: WEIGHT_LABELS[p] }))}
          onChange={(weights) => set({ precision: { ...prec, weights } })}
        />
        <SelectField<KvPrecision>
          label="KV cache"
          value={prec.kvCache}
          options={KV_PRECISIONS.map((p) => ({ value: p, label: p.toUpperCase() }))}
          onChange={(kvCache) => set({ precision: { ...prec, kvCache } })}
        />
        <SelectField
          label="Framework"
          value={scenario.framework ?? 'sglang'}
          options={FRAMEWORKS.map((f) => ({ value: f, label: FRAMEWORK_LABELS[f] }))}
          onChange={(framework) => set({ framework })}
        />
      </fieldset>
      <fieldset>
        <legend>Parallel layout</legend>
        <NumberField
          label="TP"
          unit="ranks"
          value={par.tp}
          min={1}
          max={LIMITS.parallel}
          onChange={(tp) => setPar({ tp })}
        />
        <NumberField
          label="EP"
          unit="ranks"
          value={par.ep}
          min={1}
          max={LIMITS.parallel}
          onChange={(ep) => setPar({ ep })}
        />
        <NumberField
          label="PP"
          unit="stages"
          value={par.pp}
          min={1}
          max={LIMITS.parallel}
          onChange={(pp) => setPar({ pp })}
        />
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={par.dpAttention}
              onChange={(e) => setPar({ dpAttention: e.target.checked })}
            />
            Attention data-parallel
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Workload</legend>
        <NumberField
          label="Input"
          unit="tokens"
          value={wl.inputTokens}
          min={1}
          max={LIMITS.tokens}
          onChange={(inputTokens) => set({ workload: { ...wl, inputTokens } })}
        />
        <NumberField
          label="Output"
          unit="tokens"
          value={wl.outputTokens}
          min={1}
          max={LIMITS.tokens}
          onChange={(outputTokens) => set({ workload: { ...wl, outputTokens } })}
        />
        {isMax ? null : (
          <NumberField
            label="Concurrency"
            unit="requests"
            value={wl.concurrency as number}
            min={1}
            max={LIMITS.concurrency}
            onChange={(concurrency) => set({ workload: { ...wl, concurrency } })}
          />
        )}
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={isMax}
              onChange={(e) =>
                set({ workload: { ...wl, concurrency: e.target.checked ? 'max' : 64 } })
              }
            />
            Largest concurrency that fits
          </label>
        </div>
      </fieldset>
    </form>
  );
}
