import type { Catalog } from '../../core/catalog';
import type { KvPrecision, WeightPrecision, IndexerPrecision } from '../../core/precision';
import { INDEXER_PRECISIONS, KV_PRECISIONS, WEIGHT_PRECISIONS } from '../../core/precision';
import type { PriceTier } from '../../core/hardware/schema';
import { PRICE_TIERS } from '../../core/hardware/schema';
import type { Framework, Protocol, ScenarioInput } from '../../core/scenario/schema';
import { FRAMEWORKS, LIMITS, PROTOCOLS } from '../../core/scenario/schema';
import { CALIBRATION } from '../../core/perf/calibration';
import {
  FRAMEWORK_NAMES,
  documentedRunningLimit,
  documentedSeqsPerRank,
  runsOn,
} from '../../core/framework';
import { formatInt } from '../../components/format';
import { omit } from '../../components/omit';
import { NumberField } from '../../components/number-field';
import { SelectField } from '../../components/select-field';
import { LayoutFields } from './layout-fields';
import { WorkloadShapeFields } from './workload-shape-fields';
import { Term } from '../../components/term';
import { resolvedPriceTier } from '../../core/price';
import { withDraftTokens, withHardware, withProtocol } from '../../core/scenario/edit';
import { DEFAULT_SPECULATIVE } from '../../core/scenario/mtp-acceptance';

interface Props {
  catalog: Catalog;
  scenario: ScenarioInput;
  /** An edit, applied by the page to the latest scenario (an earlier edit may not have reached
   * these props yet: building on them would undo it). */
  onEdit: (edit: (latest: ScenarioInput) => ScenarioInput) => void;
}

const WEIGHT_LABELS: Record<WeightPrecision, string> = {
  native: 'Native (as published)',
  nvfp4: 'NVFP4 experts, FP8 rest',
  mxfp4: 'MXFP4 experts, FP8 rest',
  fp8: 'FP8',
  bf16: 'BF16',
};
const PROTOCOL_LABELS: Record<Protocol, string> = {
  'closed-loop': 'Closed loop (users wait for their answer; public benchmarks)',
  poisson: 'Poisson arrivals at a rate (open loop)',
  offline: 'All at once (offline batch)',
};
const FRAMEWORK_LABELS: Record<Framework, string> = {
  trtllm: 'TensorRT-LLM',
  sglang: 'SGLang',
  vllm: 'vLLM',
  atom: 'ATOM (AMD ROCm)',
  generic: 'Generic',
};
const TIER_LABELS: Record<PriceTier, string> = {
  hyperscalerOwning: 'Owning, hyperscaler',
  neocloudOwning: 'Owning, neocloud',
  rental3yr: '3-year rental',
  onDemand: 'On demand',
};
export const WORKLOAD_PRESETS = [
  { label: '1K / 1K', inputTokens: 1024, outputTokens: 1024 },
  { label: '8K / 1K', inputTokens: 8192, outputTokens: 1024 },
  { label: '128K / 8K', inputTokens: 131072, outputTokens: 8192 },
  { label: '1M / 4K', inputTokens: 1044480, outputTokens: 4096 },
] as const;

/** Every input of one deployment, grouped; changes go straight to the URL (the caller). */
export function ScenarioForm({ catalog, scenario, onEdit }: Props) {
  const set = (patch: Partial<ScenarioInput>) => onEdit((s) => ({ ...s, ...patch }));
  const setWorkload = (patch: Partial<ScenarioInput['workload']>) =>
    onEdit((s) => ({ ...s, workload: { ...s.workload, ...patch } }));
  const setPrecision = (patch: Partial<ScenarioInput['precision']>) =>
    onEdit((s) => ({ ...s, precision: { ...s.precision, ...patch } }));
  const wl = scenario.workload;
  const prec = {
    ...scenario.precision,
    weights: scenario.precision?.weights ?? ('native' as WeightPrecision),
    kvCache: scenario.precision?.kvCache ?? ('fp8' as KvPrecision),
  };
  const model = catalog.models.get(scenario.model);
  const hw = catalog.hardware.get(scenario.hardware);
  const hasIndexer =
    model?.attention.kind === 'v4-hybrid' ||
    (model?.attention.kind === 'mla' && Boolean(model.attention.indexer));
  const isMax = wl.concurrency === 'max';
  const spec = scenario.speculative;
  const tiers = PRICE_TIERS.filter((t) => hw?.usdPerGpuHour[t] !== undefined);
  const ownPrice = scenario.pricing?.usdPerGpuHour;
  const priceTier = hw ? resolvedPriceTier(scenario, hw) : null;
  const framework: Framework = scenario.framework ?? 'sglang';
  const engineBatch = hw ? documentedSeqsPerRank(framework, hw) : null;
  const defaultBatch = engineBatch ?? Math.round(CALIBRATION.frameworks[framework].maxBatchPerRank);
  const documented = model ? documentedRunningLimit(framework, model) : null;
  return (
    <form className="scenario-form" onSubmit={(e) => e.preventDefault()} aria-label="Scenario">
      <fieldset>
        <legend>Model and cluster</legend>
        <SelectField
          label="Model"
          wide
          value={scenario.model}
          options={[...catalog.models.values()].map((m) => ({ value: m.id, label: m.name }))}
          onChange={(m) => set({ model: m })}
        />
        <SelectField
          label="Hardware"
          wide
          value={scenario.hardware}
          options={[...catalog.hardware.values()].map((h) => ({ value: h.id, label: h.name }))}
          onChange={(h) => {
            const next = catalog.hardware.get(h);
            onEdit((s) => (next ? withHardware(s, next) : { ...s, hardware: h }));
          }}
        />
        {scenario.disaggregation ? (
          <p className="field-note">GPUs: {scenario.gpus} (prefill + decode pools)</p>
        ) : (
          <NumberField
            label="GPUs"
            unit="count"
            value={scenario.gpus}
            min={1}
            max={LIMITS.gpus}
            onChange={(gpus) => set({ gpus })}
          />
        )}
      </fieldset>
      <fieldset>
        <legend>Precision and framework</legend>
        <SelectField
          label="Weights"
          term="fp4-fp8"
          wide
          value={prec.weights}
          options={WEIGHT_PRECISIONS.map((p) => ({ value: p, label: WEIGHT_LABELS[p] }))}
          onChange={(weights) => setPrecision({ weights })}
        />
        <SelectField<KvPrecision>
          label="KV cache"
          term="kv-cache"
          value={prec.kvCache}
          options={KV_PRECISIONS.map((p) => ({ value: p, label: p.toUpperCase() }))}
          onChange={(kvCache) => setPrecision({ kvCache })}
        />
        {hasIndexer ? (
          <SelectField<IndexerPrecision | 'default'>
            label="Indexer keys"
            value={prec.indexerCache ?? 'default'}
            options={[
              { value: 'default', label: 'Default (as KV)' },
              ...INDEXER_PRECISIONS.map((p) => ({ value: p, label: p.toUpperCase() })),
            ]}
            onChange={(ix) => {
              onEdit((s) => {
                const rest = omit(s.precision ?? {}, 'indexerCache');
                return { ...s, precision: ix === 'default' ? rest : { ...rest, indexerCache: ix } };
              });
            }}
          />
        ) : null}
        <SelectField
          label="Framework"
          value={scenario.framework ?? 'sglang'}
          options={FRAMEWORKS.filter((f) => !hw || runsOn(f, hw)).map((f) => ({
            value: f,
            label: FRAMEWORK_LABELS[f],
          }))}
          onChange={(framework) => set({ framework })}
        />
      </fieldset>
      <LayoutFields scenario={scenario} onEdit={onEdit} hardware={catalog.hardware} />
      <fieldset>
        <legend>Workload</legend>
        <div className="presets field wide" role="group" aria-label="Workload presets">
          {WORKLOAD_PRESETS.map((p) => (
            <button
              key={p.label}
              type="button"
              aria-pressed={wl.inputTokens === p.inputTokens && wl.outputTokens === p.outputTokens}
              onClick={() =>
                setWorkload({ inputTokens: p.inputTokens, outputTokens: p.outputTokens })
              }
            >
              {p.label}
            </button>
          ))}
        </div>
        <NumberField
          label="Input"
          unit="tokens"
          value={wl.inputTokens}
          min={1}
          max={LIMITS.tokens}
          onChange={(inputTokens) => setWorkload({ inputTokens })}
        />
        <NumberField
          label="Output"
          unit="tokens"
          value={wl.outputTokens}
          min={1}
          max={LIMITS.tokens}
          onChange={(outputTokens) => setWorkload({ outputTokens })}
        />
        <SelectField<Protocol>
          label="Arrivals"
          value={wl.protocol ?? 'closed-loop'}
          options={PROTOCOLS.map((p) => ({ value: p, label: PROTOCOL_LABELS[p] }))}
          onChange={(protocol) => onEdit((s) => withProtocol(s, protocol))}
        />
        {wl.protocol === 'poisson' ? (
          <NumberField
            label="Arrival rate"
            unit="requests/s"
            value={wl.requestsPerSec ?? 1}
            min={0.001}
            max={LIMITS.requestsPerSec}
            step={0.1}
            decimal
            onChange={(requestsPerSec) => setWorkload({ requestsPerSec })}
          />
        ) : null}
        {isMax ? null : (
          <NumberField
            label={wl.protocol === 'poisson' ? 'Most in flight' : 'Concurrency'}
            unit="requests"
            value={wl.concurrency as number}
            min={1}
            max={LIMITS.concurrency}
            onChange={(concurrency) => setWorkload({ concurrency })}
          />
        )}
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={isMax}
              onChange={(e) => setWorkload({ concurrency: e.target.checked ? 'max' : 64 })}
            />
            Largest concurrency that fits in memory
          </label>
        </div>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={scenario.maxBatchPerRank !== undefined}
              onChange={(e) => {
                if (e.target.checked) set({ maxBatchPerRank: defaultBatch });
                else onEdit((s) => omit(s, 'maxBatchPerRank'));
              }}
            />
            Set the running-request limit (default{' '}
            {documented !== null
              ? `${formatInt(documented)} per server for ${FRAMEWORK_LABELS[framework]} with ${model?.name ?? 'this model'}`
              : engineBatch !== null
                ? `${formatInt(engineBatch)} per attention rank, ${FRAMEWORK_NAMES[framework]}’s --max-num-seqs`
                : `${formatInt(defaultBatch)} per attention rank for ${FRAMEWORK_LABELS[framework]}, fitted to measurements`}
            )
          </label>
        </div>
        {scenario.maxBatchPerRank !== undefined ? (
          <NumberField
            label="Running requests"
            unit="per attention rank"
            value={scenario.maxBatchPerRank}
            min={1}
            max={LIMITS.concurrency}
            onChange={(maxBatchPerRank) => set({ maxBatchPerRank })}
          />
        ) : null}
      </fieldset>
      <WorkloadShapeFields scenario={scenario} hardware={hw} onEdit={onEdit} />
      <fieldset>
        <legend>Speculative decoding</legend>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={Boolean(spec)}
              onChange={(e) => {
                if (e.target.checked) set({ speculative: DEFAULT_SPECULATIVE });
                else onEdit((s) => omit(s, 'speculative'));
              }}
            />
            MTP / EAGLE draft tokens
          </label>
          <Term id="mtp" />
        </div>
        {spec ? (
          <>
            <NumberField
              label="Draft tokens"
              unit="per step"
              value={spec.draftTokens}
              min={0}
              max={LIMITS.draftTokens}
              onChange={(draftTokens) => onEdit((s) => withDraftTokens(s, draftTokens))}
            />
            <NumberField
              label="Acceptance length"
              unit="tokens/step"
              decimal
              step={0.05}
              value={spec.acceptanceLength}
              min={1}
              max={spec.draftTokens + 1}
              onChange={(acceptanceLength) =>
                onEdit((s) => ({
                  ...s,
                  speculative: { ...(s.speculative ?? spec), acceptanceLength },
                }))
              }
            />
          </>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Price</legend>
        <SelectField<PriceTier | 'own'>
          label="$/GPU-hour"
          wide
          value={ownPrice !== undefined ? 'own' : (priceTier ?? 'own')}
          options={[
            ...tiers.map((t) => ({
              value: t,
              label: `${TIER_LABELS[t]}: $${hw!.usdPerGpuHour[t]!.toFixed(2)}`,
            })),
            { value: 'own' as const, label: 'My own price' },
          ]}
          onChange={(v) =>
            onEdit((s) => ({
              ...s,
              pricing:
                v === 'own'
                  ? {
                      usdPerGpuHour: s.pricing?.usdPerGpuHour ?? hw?.usdPerGpuHour.rental3yr ?? 2,
                    }
                  : { tier: v },
            }))
          }
        />
        {ownPrice !== undefined ? (
          <NumberField
            label="Own price"
            unit="$/GPU-h"
            decimal
            step={0.05}
            value={ownPrice}
            min={0.01}
            max={10_000}
            onChange={(usdPerGpuHour) => set({ pricing: { usdPerGpuHour } })}
          />
        ) : null}
        <p className="panel-note" data-testid="price-basis">
          {ownPrice !== undefined
            ? 'Your own price: it stays when you change the hardware.'
            : priceTier !== null
              ? `The ${TIER_LABELS[priceTier].toLowerCase()} price of a ${hw!.name}: it follows the hardware.`
              : 'No catalog price for this hardware: enter your own.'}
        </p>
      </fieldset>
    </form>
  );
}
