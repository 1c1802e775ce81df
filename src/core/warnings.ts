import type { HardwareSpec } from './hardware/schema';
import type { ModelSpec } from './model/schema';
import type { Plan, RunningPlan } from './plan';
import { SANE_TTFT_MS } from './serving';
import type { RunningLimit } from './serving';
import { mathPrecisionOf, storedFormat } from './precision';
import { DEQUANT_READ_SHARE, isDequantised } from './perf/dequant';
import { enNumber } from './en-number';
import { FRAMEWORK_NAMES } from './framework';
import type { PrefillTpScaling } from './perf/prefill-tp-scaling';

export type WarningCode =
  | 'does-not-fit'
  | 'context-beyond-model-max'
  | 'ep-above-expert-count'
  | 'ep-without-moe'
  | 'attention-dp-one-rank'
  | 'tp-above-heads'
  | 'tp-not-dividing-heads'
  | 'kv-not-split-by-tp'
  | 'fp4-without-fp4-tensor-cores'
  | 'tp-beyond-scale-up-domain'
  | 'arrivals-exceed-capacity'
  | 'memory-flag-assumed'
  | 'requests-queue'
  | 'ttft-beyond-bound'
  | 'prefill-pool-bottleneck'
  | 'custom-entry'
  | 'prefill-on-other-hardware'
  | 'v4-prefill-tp-repeats'
  | 'priced-on-rooflines'
  | 'prompts-stall-dp-decode'
  | 'engine-running-limit';

export interface Warning {
  code: WarningCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** Everything about a plan a user should be told before trusting its figures. */
export function scenarioWarnings(
  p: Plan,
  model: ModelSpec,
  hw: HardwareSpec,
  prefillTp: PrefillTpScaling | null = null,
  kernelTables = true,
  runningLimit: RunningLimit | null = null,
): Warning[] {
  const w: Warning[] = [];
  if (!kernelTables)
    w.push({
      code: 'priced-on-rooflines',
      severity: 'info',
      message: `No measured kernel table covers ${hw.name} under ${FRAMEWORK_NAMES[p.scenario.framework]}: every operation is priced on its roofline at fitted fractions of peak, and the 80% ranges are those of predictions made that way (wider than with kernel tables).`,
    });
  // Less than half of a perfect split: most of the prompt's attention is repeated on every rank.
  if (prefillTp && prefillTp.speedup < prefillTp.tp / 2)
    w.push({
      code: 'v4-prefill-tp-repeats',
      severity: 'warning',
      message: `Prefill at TP ${prefillTp.tp}: one ${enNumber(prefillTp.promptTokens)}-token prompt's attention runs ${prefillTp.speedup.toFixed(1)}× faster than at TP 1 on ${prefillTp.tp}× the GPUs (measured, ${prefillTp.measuredOn}); its compressors and indexer keys do not split. Attention-DP prefill spends ${(prefillTp.tp / prefillTp.speedup).toFixed(1)}× less GPU time on it. A published V4-Pro pool recorded as TP 8 prefilled several times faster than TP 8 is priced here (InferenceX, GB200).`,
    });
  const m = p.memory;
  if (!m.fits)
    w.push({ code: 'does-not-fit', severity: 'error', message: `Does not fit: ${m.reason}.` });
  if (m.assumedMemoryUtilization !== null)
    w.push({
      code: 'memory-flag-assumed',
      severity: 'warning',
      message: `The engine's automatic memory reserve leaves no room for the KV cache here; the figures assume its memory flag set to ${m.assumedMemoryUtilization} of GPU memory (SGLang --mem-fraction-static, vLLM --gpu-memory-utilization), as published recipes do.`,
    });
  if (p.runs) runningWarnings(p, w, runningLimit);
  const custom = [
    ...(p.model.custom ? [`model "${p.model.name}" (${p.model.id})`] : []),
    ...(p.hardware.custom ? [`hardware "${p.hardware.name}" (${p.hardware.id})`] : []),
  ];
  if (custom.length)
    w.push({
      code: 'custom-entry',
      severity: 'info',
      message: `Computed from a custom ${custom.join(' and custom ')}, not a catalog entry: its figures are only as good as its spec.`,
    });
  if (p.prefillHardware)
    w.push({
      code: 'prefill-on-other-hardware',
      severity: 'info',
      message: `Prefill runs on ${p.prefillHardware.name}, decode on ${p.hardware.name}: each prompt's KV cache crosses the slower of their scale-out networks, and the cost and power average both pools' GPUs.`,
    });
  if (m.contextTokens > model.maxContextTokens)
    w.push({
      code: 'context-beyond-model-max',
      severity: 'warning',
      message: `Context of ${enNumber(m.contextTokens)} tokens exceeds ${model.name}'s maximum of ${enNumber(model.maxContextTokens)}.`,
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
    if (l.dpAttention && l.attentionDpRanks === 1 && l.instanceGpus > 1)
      w.push({
        code: 'attention-dp-one-rank',
        severity: 'warning',
        message: `Attention-DP runs instance ÷ (TP × PP) attention ranks: ${l.instanceGpus} GPUs at TP ${l.tp}${l.pp > 1 ? ` × PP ${l.pp}` : ''} leave one, so attention runs at TP ${l.tp} as without it. TensorRT-LLM's enable_attention_dp at tp_size ${l.instanceGpus} (SGLang's --tp ${l.instanceGpus} --dp ${l.instanceGpus} --enable-dp-attention) is TP 1 with EP ${l.instanceGpus} here.`,
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

/** What a user must know about the figures of a deployment that runs. */
function runningWarnings(p: RunningPlan, w: Warning[], limit: RunningLimit | null): void {
  const m = p.memory;
  if (p.serving.overloaded)
    w.push({
      code: 'arrivals-exceed-capacity',
      severity: 'error',
      message: `${p.scenario.workload.requestsPerSec} requests/s arrive, but at its limit of ${enNumber(p.concurrency)} requests in flight the deployment completes ${p.throughput.requestsPerSec.toFixed(2)}/s: the queue and TTFT grow without bound. The figures shown are at the limit.`,
    });
  if (!m.holdsAllSequences)
    w.push({
      code: 'requests-queue',
      severity: 'warning',
      message: `The KV cache holds ${enNumber(m.maxConcurrency)} of the ${enNumber(p.concurrency)} requests in flight; the rest wait for a slot, and TTFT includes that wait.`,
    });
  const engineCap = engineCapBinds(p, limit);
  if (engineCap)
    w.push({
      code: 'engine-running-limit',
      severity: 'warning',
      message: `${engineCap} runs at most ${enNumber(limit!.sequences)} of the ${enNumber(p.concurrency)} requests in flight at once, though the KV cache would hold ${enNumber(m.maxConcurrency)}; the rest wait for a running slot, and TTFT includes that wait. Set the running-request limit to change it.`,
    });
  if (p.latency.ttftMs > SANE_TTFT_MS)
    w.push({
      code: 'ttft-beyond-bound',
      severity: 'warning',
      message: `TTFT of ${(p.latency.ttftMs / 1000).toFixed(0)} s is past ${SANE_TTFT_MS / 1000} s: it measures a queue, not the deployment — ${enNumber(p.concurrency)} requests in flight wait for ${p.serving.mode === 'disaggregated' ? 'the prefill pool' : 'prefill and running slots'}. Lower the concurrency or add ${p.serving.mode === 'disaggregated' ? 'prefill GPUs' : 'GPUs'}.`,
    });
  const stall = promptStallShare(p);
  if (stall >= PROMPT_STALL_SHARE)
    w.push({
      code: 'prompts-stall-dp-decode',
      severity: 'warning',
      message: `Prompts stall decoding: ${Math.round(stall * 100)}% of each ${p.latency.stepMs.toFixed(1)} ms decode step is prompt chunks, which all ${p.layout.decode.attentionDpRanks} attention-DP ranks wait for. That share depends on whether prompts arrive together or one at a time, which benchmarks rarely state (the figures assume a fitted mix): published runs in this regime measured 0.5–1.4× the TPOT and 0.7–1.35× the throughput predicted (SGLang's DeepSeek-V4 cookbook, AMD's MI355X V4-Pro, TensorRT-LLM's R1 at 8K prompts). Disaggregated prefill removes the stall.`,
    });
  if (p.serving.mode === 'disaggregated' && p.serving.limitedBy === 'prefill')
    w.push({
      code: 'prefill-pool-bottleneck',
      severity: 'warning',
      message: `The prefill pool limits the deployment: the decode pool could serve more than the ${p.throughput.requestsPerSec.toFixed(2)} requests/s the prefill pool delivers, and requests queue for prefill. Move GPUs from decode to prefill.`,
    });
}

/** Share of an aggregated attention-DP decode step spent on prompt chunks from which its figures
 * are uncertain: published runs there scatter both ways around the prediction (validation rows
 * C03, C05, C07, C11, M30, M83). */
const PROMPT_STALL_SHARE = 1 / 3;

/** Share of an aggregated attention-DP deployment's decode step that prompt chunks take (0 for one
 * attention rank, a disaggregated one, or one that decodes a single token). */
function promptStallShare(p: RunningPlan): number {
  if (p.serving.mode !== 'aggregated' || p.layout.decode.attentionDpRanks < 2) return 0;
  if (p.scenario.workload.outputTokens < 2) return 0;
  let decodeOnlyMs = 0;
  for (const l of p.serving.decodePricing) decodeOnlyMs += l.ms;
  return Math.max(0, 1 - decodeOnlyMs / p.latency.stepMs);
}

/**
 * Who holds the requests back, in words, when the engine's running-request limit (not KV memory)
 * is what keeps some of the requests in flight waiting; null when it does not bind.
 */
function engineCapBinds(p: RunningPlan, limit: RunningLimit | null): string | null {
  if (!limit) return null;
  const binds =
    limit.sequences < p.concurrency &&
    limit.sequences < p.memory.maxConcurrency &&
    p.throughput.runningSequences >= limit.sequences * (1 - 1e-9);
  if (!binds) return null;
  const engine = FRAMEWORK_NAMES[p.scenario.framework];
  const perRank = `${enNumber(limit.perRank)} per attention rank`;
  switch (limit.basis) {
    case 'scenario':
      return `The running-request limit set here (${perRank})`;
    case 'engine-instance':
      return `${engine}, by its default for ${p.model.name} (--max-running-requests ${enNumber(limit.perRank * p.layout.decode.attentionDpRanks)} per server),`;
    case 'engine-rank':
      return `${engine}, by its default --max-num-seqs (${perRank}),`;
    case 'fitted':
      return `${engine}, at the batch limit fitted to its published runs (${perRank}; its recipes set their own),`;
  }
}
