import type { Catalog } from './catalog';
import { FRAMEWORK_MEMORY } from './framework';
import type { HardwareSpec, PriceTier } from './hardware/schema';
import { PRICE_TIERS } from './hardware/schema';
import type { FlopsBreakdown } from './model/flops';
import { decodeFlopsPerToken, prefillFlops } from './model/flops';
import { defaultIndexerPrecision } from './model/kv';
import type { ModelSpec } from './model/schema';
import type { ParamCounts } from './model/weights';
import { paramCounts, weightBytes } from './model/weights';
import type { MemoryInputs, PoolMemory } from './memory';
import { maxContextThatFits, poolMemory } from './memory';
import { fewestGpusThatFit } from './min-gpus';
import type { Layout } from './scenario/layout';
import { defaultParallelism, layoutProblems, resolveLayout } from './scenario/layout';
import type { Parallelism, Scenario } from './scenario/schema';
import { Scenario as ScenarioSchema, formatZodError } from './scenario/schema';
import type { Economics, Energy } from './economics';
import { economics, energy } from './economics';
import type { Calibration } from './perf/calibration';
import { CALIBRATION } from './perf/calibration';
import type { StepBreakdown, StepContext } from './perf/step';
import type { ServingFigures, Workload } from './serving';
import { aggregatedServing, disaggregatedServing } from './serving';
import type { Warning } from './warnings';
import { scenarioWarnings } from './warnings';

export interface MemoryPlan extends PoolMemory {
  /** Context every memory figure is taken at: input + output tokens. */
  contextTokens: number;
  memoryUtilization: number;
  memoryUtilizationSource: string;
  /** Longest context at which the scenario's concurrency still fits (capped at the model's max). */
  maxContextTokens: number;
  maxContextLimitedBy: 'memory' | 'model';
  /** Smallest deployment of standard layouts that fits this workload, if any up to 1,024 GPUs. */
  fewestGpus: { gpus: number; parallelism: Parallelism } | null;
  /** Disaggregated: the prefill pool (the top-level figures are the decode pool's). */
  prefill: PoolMemory | null;
}

export interface Plan {
  scenario: Scenario;
  /** The concurrency the figures are for (resolves "max"). */
  concurrency: number;
  model: { id: string; name: string; maxContextTokens: number };
  hardware: { id: string; name: string };
  layout: { decode: Layout; prefill: Layout | null };
  sizing: {
    params: ParamCounts;
    checkpointBytes: number;
    /** Bytes the deployment loads once (MTP only when speculative decoding uses it). */
    loadedWeightsBytes: number;
    decodeFlopsPerTokenAtContext: FlopsBreakdown;
    prefillFlopsPerRequest: FlopsBreakdown;
  };
  memory: MemoryPlan;
  latency: {
    ttftMs: number;
    /** Mean time per output token (benchmark convention): decode step / acceptance length. */
    tpotMs: number;
    /** One decode step. */
    stepMs: number;
  };
  throughput: {
    tokPerSecPerUser: number;
    outputTokPerSecPerGpu: number;
    totalTokPerSecPerGpu: number;
    requestsPerSec: number;
    /** Sequences decoding at once (the rest of the concurrency queues). */
    runningSequences: number;
    prefillTokPerSecPerPrefillGpu: number | null;
    decodeTokPerSecPerDecodeGpu: number | null;
  };
  serving: {
    mode: 'aggregated' | 'disaggregated';
    limitedBy: ServingFigures['limitedBy'];
    acceptanceLength: number;
    prefillGpuTimeShare: number;
    /** Where one decode step's time goes (ms), on the busiest GPU. */
    decodeStepMs: StepBreakdown;
    /** One prefill step (a chunk when aggregated, a batch in the prefill pool). */
    prefillStepMs: StepBreakdown | null;
  };
  cost: Economics;
  energy: Energy;
  warnings: Warning[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: string[] };

export function resolveUsdPerGpuHour(s: Scenario, hw: HardwareSpec): number | null {
  if (s.pricing?.usdPerGpuHour !== undefined) return s.pricing.usdPerGpuHour;
  const tiers: PriceTier[] = s.pricing?.tier ? [s.pricing.tier] : ['rental3yr', ...PRICE_TIERS];
  for (const t of tiers) {
    const price = hw.usdPerGpuHour[t];
    if (price !== undefined) return price;
  }
  return null;
}

function problemsFor(s: Scenario, model: ModelSpec): string[] {
  const problems: string[] = [];
  if (s.disaggregation) {
    const { prefill, decode } = s.disaggregation;
    if (prefill.gpus + decode.gpus !== s.gpus)
      problems.push(
        `disaggregation: prefill ${prefill.gpus} + decode ${decode.gpus} GPUs must equal gpus ${s.gpus}`,
      );
    problems.push(...layoutProblems(prefill, prefill.gpus, 'disaggregation.prefill'));
    problems.push(...layoutProblems(decode, decode.gpus, 'disaggregation.decode'));
  } else {
    problems.push(...layoutProblems(s.parallelism ?? defaultParallelism(model, s.gpus), s.gpus));
  }
  const spec = s.speculative;
  if (spec && spec.acceptanceLength > spec.draftTokens + 1)
    problems.push(
      `speculative: acceptance length ${spec.acceptanceLength} exceeds 1 + draftTokens = ${spec.draftTokens + 1}`,
    );
  return problems;
}

/** Validates a scenario against the catalog and computes every figure the core knows. */
export function plan(input: unknown, catalog: Catalog, cal: Calibration = CALIBRATION): PlanResult {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: [formatZodError(parsed.error)] };
  const s = parsed.data;
  const model = catalog.models.get(s.model);
  const hardware = catalog.hardware.get(s.hardware);
  const errors: string[] = [];
  if (!model) errors.push(`model: unknown id "${s.model}"`);
  if (!hardware) errors.push(`hardware: unknown id "${s.hardware}"`);
  if (!model || !hardware) return { ok: false, errors };
  const problems = problemsFor(s, model);
  if (problems.length) return { ok: false, errors: problems };

  const scenario: Scenario = s.disaggregation
    ? s
    : { ...s, parallelism: s.parallelism ?? defaultParallelism(model, s.gpus) };
  const withMtp = Boolean(
    scenario.speculative && scenario.speculative.draftTokens > 0 && model.mtp,
  );
  const policy = FRAMEWORK_MEMORY[scenario.framework];
  const inp: MemoryInputs = {
    model,
    hardware,
    weights: scenario.precision.weights,
    kvFormat: {
      kv: scenario.precision.kvCache,
      indexer:
        scenario.precision.indexerCache ?? defaultIndexerPrecision(scenario.precision.kvCache),
    },
    withMtp,
    memoryUtilization: scenario.memoryUtilization ?? policy.memoryUtilization,
  };
  const dis = scenario.disaggregation;
  const decodeLayout = dis
    ? resolveLayout(dis.decode, dis.decode.gpus)
    : resolveLayout(scenario.parallelism!, scenario.gpus);
  const prefillLayout = dis ? resolveLayout(dis.prefill, dis.prefill.gpus) : null;
  const { inputTokens, outputTokens } = scenario.workload;
  const context = inputTokens + outputTokens;

  const requested = scenario.workload.concurrency;
  const probe = poolMemory(inp, decodeLayout, 1, context);
  const concurrency = requested === 'max' ? Math.max(1, probe.maxConcurrency) : requested;
  const decode =
    requested === 'max' && probe.maxConcurrency === 0
      ? probe
      : poolMemory(inp, decodeLayout, concurrency, context);
  // The prefill pool holds one request in flight per attention rank, at the input length.
  const prefill = prefillLayout
    ? poolMemory(
        inp,
        prefillLayout,
        prefillLayout.instances * prefillLayout.attentionDpRanks,
        inputTokens,
      )
    : null;
  const workload: Workload = {
    inputTokens,
    outputTokens,
    concurrency,
    draftTokens: scenario.speculative?.draftTokens ?? 0,
    acceptanceLength: scenario.speculative?.acceptanceLength ?? 1,
    memoryMaxConcurrency: decode.maxConcurrency,
  };
  const stepCtx = (layout: Layout): StepContext => ({
    model,
    hardware,
    weights: inp.weights,
    kvFormat: inp.kvFormat,
    framework: scenario.framework,
    cal,
    layout,
  });
  const serving = prefillLayout
    ? disaggregatedServing(stepCtx(prefillLayout), stepCtx(decodeLayout), workload, cal)
    : aggregatedServing(stepCtx(decodeLayout), workload);
  const maxCtx = maxContextThatFits(inp, decodeLayout, concurrency, model.maxContextTokens);
  const weights = weightBytes(model, inp.weights);

  const memory: MemoryPlan = {
    ...decode,
    fits: decode.fits && (prefill?.fits ?? true),
    contextTokens: context,
    memoryUtilization: inp.memoryUtilization,
    memoryUtilizationSource:
      scenario.memoryUtilization !== undefined ? 'scenario' : `${policy.flag}; ${policy.source}`,
    maxContextTokens: maxCtx,
    maxContextLimitedBy: maxCtx >= model.maxContextTokens ? 'model' : 'memory',
    fewestGpus: fewestGpusThatFit(inp, concurrency, context),
    prefill,
  };
  const result: Plan = {
    scenario,
    concurrency,
    model: { id: model.id, name: model.name, maxContextTokens: model.maxContextTokens },
    hardware: { id: hardware.id, name: hardware.name },
    layout: { decode: decodeLayout, prefill: prefillLayout },
    sizing: {
      params: paramCounts(model),
      checkpointBytes: weights.totalBytes,
      loadedWeightsBytes: weights.totalBytes - (withMtp ? 0 : weights.mtpBytes),
      decodeFlopsPerTokenAtContext: decodeFlopsPerToken(model, context),
      prefillFlopsPerRequest: prefillFlops(model, inputTokens),
    },
    memory,
    latency: { ttftMs: serving.ttftMs, tpotMs: serving.tpotMs, stepMs: serving.stepMs },
    throughput: {
      tokPerSecPerUser: serving.tokPerSecPerUser,
      outputTokPerSecPerGpu: serving.outputTokPerSecPerGpu,
      totalTokPerSecPerGpu: serving.totalTokPerSecPerGpu,
      requestsPerSec: serving.requestsPerSec,
      runningSequences: serving.runningSequences,
      prefillTokPerSecPerPrefillGpu: serving.prefillTokPerSecPerPrefillGpu,
      decodeTokPerSecPerDecodeGpu: serving.decodeTokPerSecPerDecodeGpu,
    },
    serving: {
      mode: dis ? 'disaggregated' : 'aggregated',
      limitedBy: serving.limitedBy,
      acceptanceLength: workload.acceptanceLength,
      prefillGpuTimeShare: serving.prefillGpuTimeShare,
      decodeStepMs: serving.decodeStep.breakdownMs,
      prefillStepMs: serving.prefillStep?.breakdownMs ?? null,
    },
    cost: economics(
      serving,
      inputTokens,
      outputTokens,
      resolveUsdPerGpuHour(scenario, hardware),
      model.id,
    ),
    energy: energy(serving, hardware),
    warnings: [],
  };
  result.warnings = scenarioWarnings(result, model, hardware);
  return { ok: true, plan: result };
}
