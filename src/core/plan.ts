import type { FigureRanges, RatioBand } from './bands';
import { bandClassOf, figureRanges, pricingOf } from './bands';
import type { Catalog } from './catalog';
import type { Economics, Energy } from './economics';
import { economics, energy } from './economics';
import type { FlopsBreakdown } from './model/flops';
import { decodeFlopsPerToken, prefillFlops } from './model/flops';
import type { ParamCounts } from './model/weights';
import { paramCounts, weightBytes } from './model/weights';
import type { PoolMemory } from './memory';
import { maxContextThatFits } from './memory';
import { poolCosts } from './pool-costs';
import { fewestGpusThatFit } from './min-gpus';
import type { Calibration } from './perf/calibration';
import { CALIBRATION } from './perf/calibration';
import type { StepBreakdown } from './perf/step-types';
import { prepare, serve, stepContext } from './prepare';
import type { PricingLine } from './perf/step-pricing';
import { stepPricing } from './perf/step-pricing';
import type { Layout } from './scenario/layout';
import type { Parallelism, Scenario } from './scenario/schema';
import type { ServingFigures } from './serving';
import { engineRunningLimit } from './serving';
import type { Warning } from './warnings';
import type { WorkloadShape } from './workload/shape';
import type { PrefixCachePlan } from './workload/prefix-cache';
import type { KvScale } from './workload/kv-compare';
import { kvScales } from './workload/kv-compare';
import { scenarioWarnings } from './warnings';
import { prefillTpScaling } from './perf/prefill-tp-scaling';
import { cannotRunReason } from './run-reason';

export interface MemoryPlan extends PoolMemory {
  /** Why the deployment cannot run (null when it can). */
  reason: string | null;
  /** The engine's memory flag assumed because its automatic reserve left no room (else null). */
  assumedMemoryUtilization: number | null;
  /** Context every memory figure is taken at: input + output tokens. */
  contextTokens: number;
  /** Share of GPU memory the engine gives weights + KV (1 − its reserve over capacity). */
  memoryUtilization: number;
  /** How the engine sets its reserve: flag, default or formula; then the source. */
  memoryUtilizationSource: string;
  /** Longest context at which the scenario's concurrency still fits (capped at the model's max). */
  maxContextTokens: number;
  maxContextLimitedBy: 'memory' | 'model';
  /** Smallest deployment of standard layouts that fits this workload, if any up to 1,024 GPUs. */
  fewestGpus: { gpus: number; parallelism: Parallelism } | null;
  /** Disaggregated: the prefill pool (the top-level figures are the decode pool's). */
  prefill: PoolMemory | null;
}

/** An object's fields, all null: the figures of a deployment that cannot run. */
export type Nulls<T> = { [K in keyof T]: null };

const nulls = <T extends object>(o: T): Nulls<T> =>
  Object.fromEntries(Object.keys(o).map((k) => [k, null])) as Nulls<T>;

interface PlanBase {
  scenario: Scenario;
  /** The concurrency the figures are for (resolves "max"). */
  concurrency: number;
  /** `custom`: a spec from this browser, a link or a file, not a catalog entry (said with every
   * figure computed from it). */
  model: { id: string; name: string; maxContextTokens: number; custom: boolean };
  hardware: { id: string; name: string; custom: boolean };
  /** The prefill pool's accelerator where it is not the decode pool's (null otherwise). */
  prefillHardware: { id: string; name: string; custom: boolean } | null;
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
  /** The mean request the figures are for (sessions and shared prefixes make it differ from the
   * scenario's fixed lengths). */
  workload: WorkloadShape;
  /** Where each family's 80% band came from: held-out residuals of comparable rows. */
  bands: Record<'ttft' | 'tpot' | 'throughput', RatioBand | null>;
  warnings: Warning[];
}

/** What a deployment that runs does: latency, throughput, how it serves, cost and energy. */
export interface PlanFigures {
  latency: FigureRanges['latency'] & {
    ttftMs: number;
    /** Mean time per output token (benchmark convention): decode step / acceptance length. */
    tpotMs: number;
    /** One decode step. */
    stepMs: number;
  };
  throughput: FigureRanges['throughput'] & {
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
    /** Share of requests arriving with their whole wave (a closed loop's fitted share, all of an
     * offline run, none of Poisson arrivals): they queue behind half of it. */
    arrivingInWaves: number;
    /** Prompts a wave's step batches on the busiest rank, up to the engine's token budget (1:
     * they never share a step). */
    promptsPerWaveStep: number;
    /** Disaggregated: one request's KV cache crossing from the prefill to the decode pool. */
    kvTransferMs: number | null;
    /** Poisson arrivals beyond what the deployment completes: TTFT grows without bound. */
    overloaded: boolean;
    /** What a prefix cache serves (null: nothing in the workload is reused, or no cache). */
    prefixCache: PrefixCachePlan | null;
    /** With a prefix cache: a million tokens of KV for this model and for comparison models. */
    kvScales: KvScale[] | null;
    /** With a prefix cache: the same deployment prefilling every prompt whole. */
    withoutCache: {
      ttftMs: number;
      requestsPerSec: number;
      outputTokPerSecPerGpu: number;
      usdPerMillionOutputTokens: number | null;
      usdPerMillionInputTokens: number | null;
    } | null;
    /** Where one decode step's time goes (ms), on the busiest GPU. */
    decodeStepMs: StepBreakdown;
    /** One prefill step (a chunk when aggregated, a batch in the prefill pool). */
    prefillStepMs: StepBreakdown | null;
    /** How each operation group of the decode step was priced: a measured kernel table
     * (which, at which shapes) or a roofline. */
    decodePricing: PricingLine[];
  };
  cost: Economics & FigureRanges['cost'];
  energy: Energy & FigureRanges['energy'];
}

/** A deployment that cannot run (weights, reserve or one sequence do not fit) has no figures:
 * every latency, throughput, cost and energy field is null (design §2), and no serving detail. */
export interface NoFigures {
  latency: Nulls<PlanFigures['latency']>;
  throughput: Nulls<PlanFigures['throughput']>;
  serving: null;
  cost: Nulls<PlanFigures['cost']>;
  energy: Nulls<PlanFigures['energy']>;
}

export type RunningPlan = PlanBase & { runs: true } & PlanFigures;
export type Plan = RunningPlan | (PlanBase & { runs: false } & NoFigures);

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: string[] };

/** Validates a scenario against the catalog and computes every figure the core knows. */
export function plan(input: unknown, catalog: Catalog, cal: Calibration = CALIBRATION): PlanResult {
  const r = prepare(input, catalog);
  if (!r.ok) return r;
  const {
    scenario,
    model,
    hardware,
    inp,
    decodeLayout,
    prefillLayout,
    concurrency,
    decode,
    prefill,
    workload,
    shape,
  } = r.prepared;
  const dis = scenario.disaggregation;
  const { inputTokens, outputTokens } = shape;
  const context = inputTokens + outputTokens;
  const withMtp = inp.withMtp;
  const serving = serve(r.prepared, cal);
  const maxCtx = maxContextThatFits(
    inp,
    decodeLayout,
    concurrency,
    model.maxContextTokens,
    dis ? 'decode' : 'aggregated',
  );
  const weights = weightBytes(model, inp.weights);

  const runs = r.prepared.runs;
  const memory: MemoryPlan = {
    ...decode,
    fits: runs,
    reason: runs
      ? null
      : cannotRunReason(decode, prefill, hardware, scenario.memoryUtilization !== undefined),
    assumedMemoryUtilization: r.prepared.assumedMemoryUtilization,
    contextTokens: context,
    memoryUtilization: 1 - decode.workspaceBytesPerGpu / decode.capacityBytesPerGpu,
    memoryUtilizationSource: decode.workspaceBasis,
    maxContextTokens: maxCtx,
    maxContextLimitedBy: maxCtx >= model.maxContextTokens ? 'model' : 'memory',
    fewestGpus: fewestGpusThatFit(inp, concurrency, context),
    prefill,
  };
  const costs = poolCosts(r.prepared);
  const cost = economics(
    serving,
    inputTokens,
    outputTokens,
    costs.usdPerGpuHour,
    model.id,
    costs.prefillCostShare ?? serving.prefillGpuTimeShare,
    serving.prefixCache,
  );
  const power = energy(serving, hardware, costs.power);
  const uncachedFigures = (f: ServingFigures) => {
    const c = economics(
      f,
      inputTokens,
      outputTokens,
      costs.usdPerGpuHour,
      model.id,
      costs.prefillCostShare ?? f.prefillGpuTimeShare,
    );
    return {
      ttftMs: f.ttftMs,
      requestsPerSec: f.requestsPerSec,
      outputTokPerSecPerGpu: f.outputTokPerSecPerGpu,
      usdPerMillionOutputTokens: c.usdPerMillionOutputTokens,
      usdPerMillionInputTokens: c.usdPerMillionInputTokens,
    };
  };
  const ranges = figureRanges(
    {
      cls: bandClassOf(r.prepared),
      ...serving,
      cost,
      joulesPerOutputToken: power.joulesPerOutputToken,
      joulesPerToken: power.joulesPerToken,
    },
    catalog.bands,
  );
  const base = {
    scenario,
    concurrency,
    model: {
      id: model.id,
      name: model.name,
      maxContextTokens: model.maxContextTokens,
      custom: catalog.customIds?.models.has(model.id) ?? false,
    },
    hardware: {
      id: hardware.id,
      name: hardware.name,
      custom: catalog.customIds?.hardware.has(hardware.id) ?? false,
    },
    prefillHardware:
      r.prepared.prefillHardware && r.prepared.prefillHardware !== hardware
        ? {
            id: r.prepared.prefillHardware.id,
            name: r.prepared.prefillHardware.name,
            custom: catalog.customIds?.hardware.has(r.prepared.prefillHardware.id) ?? false,
          }
        : null,
    layout: { decode: decodeLayout, prefill: prefillLayout },
    sizing: {
      params: paramCounts(model),
      checkpointBytes: weights.totalBytes,
      loadedWeightsBytes: weights.totalBytes - (withMtp ? 0 : weights.mtpBytes),
      decodeFlopsPerTokenAtContext: decodeFlopsPerToken(model, context),
      prefillFlopsPerRequest: prefillFlops(model, inputTokens),
    },
    memory,
    workload: shape,
    bands: ranges.bands,
    warnings: [],
  };
  const decodeCtx = stepContext(r.prepared, cal, decodeLayout);
  const figures: PlanFigures = {
    latency: {
      ttftMs: serving.ttftMs,
      tpotMs: serving.tpotMs,
      stepMs: serving.stepMs,
      ...ranges.latency,
    },
    throughput: {
      ...ranges.throughput,
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
      arrivingInWaves: serving.arrivingInWaves,
      promptsPerWaveStep: serving.promptsPerWaveStep,
      kvTransferMs: serving.kvTransferMs,
      overloaded: serving.overloaded,
      prefixCache: serving.prefixCache,
      kvScales: serving.prefixCache ? kvScales(catalog, model.id, inp.kvFormat) : null,
      withoutCache: serving.withoutCache && uncachedFigures(serving.withoutCache),
      decodeStepMs: serving.decodeStep.breakdownMs,
      prefillStepMs: serving.prefillStep?.breakdownMs ?? null,
      decodePricing: stepPricing(decodeCtx, serving.decodeLoad),
    },
    cost: { ...cost, ...ranges.cost },
    energy: { ...power, ...ranges.energy },
  };
  const result: Plan = runs
    ? { ...base, runs, ...figures }
    : {
        ...base,
        runs,
        latency: nulls(figures.latency),
        throughput: nulls(figures.throughput),
        serving: null,
        cost: nulls(figures.cost),
        energy: nulls(figures.energy),
      };
  result.warnings = scenarioWarnings(
    result,
    model,
    hardware,
    prefillTpScaling(r.prepared),
    pricingOf(r.prepared) === 'kernels',
    engineRunningLimit(decodeLayout, workload, cal, decodeCtx),
  );
  return { ok: true, plan: result };
}
