import type { HardwareSpec } from './hardware/schema';
import { GIB } from './hardware/schema';
import type { ModelSpec } from './model/schema';
import type { Plan } from './plan';
import { mathPrecisionOf, storedFormat } from './precision';
import { DEQUANT_READ_SHARE, isDequantised } from './perf/dequant';

export type WarningCode =
  | 'does-not-fit'
  | 'context-beyond-model-max'
  | 'ep-above-expert-count'
  | 'ep-without-moe'
  | 'tp-above-heads'
  | 'tp-not-dividing-heads'
  | 'kv-not-split-by-tp'
  | 'fp4-without-fp4-tensor-cores'
  | 'tp-beyond-scale-up-domain'
  | 'arrivals-exceed-capacity';

export interface Warning {
  code: WarningCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

const gib = (b: number): string => `${(b / GIB).toFixed(1)} GiB`;

/** Everything about a plan a user should be told before trusting its figures. */
export function scenarioWarnings(p: Plan, model: ModelSpec, hw: HardwareSpec): Warning[] {
  const w: Warning[] = [];
  const m = p.memory;
  if (!m.fits) {
    const why =
      m.weightsBytesPerGpu + m.workspaceBytesPerGpu > m.capacityBytesPerGpu
        ? `weights (${gib(m.weightsBytesPerGpu)}) and the engine's reserve (${gib(m.workspaceBytesPerGpu)}: ${m.memoryUtilizationSource.split(';')[0]}) per GPU exceed the ${gib(m.capacityBytesPerGpu)} of a ${hw.name}${m.weightsBytesPerGpu < m.capacityBytesPerGpu && p.scenario.memoryUtilization === undefined ? '; the weights alone fit: a higher memory utilisation (the engine flag) may run it' : ''}`
        : m.prefill && !m.prefill.fits
          ? 'the prefill pool runs out of memory'
          : `the KV cache for ${p.concurrency} sequences needs ${gib(m.kvCacheBytesPerGpu)} per GPU; at most ${m.maxConcurrency} fit`;
    w.push({ code: 'does-not-fit', severity: 'error', message: `Does not fit: ${why}.` });
  }
  if (p.serving.overloaded)
    w.push({
      code: 'arrivals-exceed-capacity',
      severity: 'error',
      message: `${p.scenario.workload.requestsPerSec} requests/s arrive, but at its limit of ${p.concurrency.toLocaleString('en-US')} requests in flight the deployment completes ${p.throughput.requestsPerSec.toFixed(2)}/s: the queue and TTFT grow without bound. The figures shown are at the limit.`,
    });
  if (m.contextTokens > model.maxContextTokens)
    w.push({
      code: 'context-beyond-model-max',
      severity: 'warning',
      message: `Context of ${m.contextTokens.toLocaleString('en-US')} tokens exceeds ${model.name}'s maximum of ${model.maxContextTokens.toLocaleString('en-US')}.`,
    });
  const layouts = [p.layout.decode, ...(p.layout.prefill ? [p.layout.prefill] : [])];
  const moe = model.ffn.moe;
  const heads = model.attention.numHeads;
  for (const l of layouts) {
    if (moe && l.ep > moe.routedExperts)
      w.push({
        code: 'ep-above-expert-count',
        severity: 'warning',
        message: `EP ${l.ep} exceeds the ${moe.routedExperts} routed experts: some ranks hold no expert.`,
      });
    if (!moe && l.ep > 1)
      w.push({
        code: 'ep-without-moe',
        severity: 'warning',
        message: `${model.name} has no experts: EP ${l.ep} has no effect.`,
      });
    if (l.tp > heads)
      w.push({
        code: 'tp-above-heads',
        severity: 'warning',
        message: `TP ${l.tp} exceeds the ${heads} attention heads: ranks would hold no head.`,
      });
    else if (heads % l.tp !== 0)
      w.push({
        code: 'tp-not-dividing-heads',
        severity: 'warning',
        message: `TP ${l.tp} does not divide the ${heads} attention heads evenly: serving frameworks refuse this layout (the figures assume an even split).`,
      });
    if (l.tp > 1 && model.attention.kind !== 'gqa')
      w.push({
        code: 'kv-not-split-by-tp',
        severity: 'info',
        message: `${model.name} caches a single shared KV head: each of the ${l.tp} TP ranks holds every sequence's KV whole. Attention-DP scales KV capacity; TP does not.`,
      });
    if (l.tp * l.pp > hw.scaleUp.domainGpus && l.tp > hw.scaleUp.domainGpus)
      w.push({
        code: 'tp-beyond-scale-up-domain',
        severity: 'warning',
        message: `TP ${l.tp} spans more than the ${hw.scaleUp.domainGpus}-GPU ${hw.scaleUp.tech} domain: all-reduces cross the scale-out network.`,
      });
  }
  const expertFormat = storedFormat(
    model.storage.routedExperts,
    'fp4-eligible',
    p.scenario.precision.weights,
  );
  const expertMath = mathPrecisionOf(expertFormat);
  if (isDequantised(hw, expertMath))
    w.push({
      code: 'fp4-without-fp4-tensor-cores',
      severity: 'info',
      message: `${hw.name} has no FP4 tensor cores: FP4 weights are read as FP4 bytes but dequantised and computed in BF16 (W4A16); the unpacking streams them at about ${Math.round(DEQUANT_READ_SHARE * 100)}% of the bandwidth an FP8 kernel reaches.`,
    });
  return w;
}
