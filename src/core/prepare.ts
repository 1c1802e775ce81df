import type { Catalog } from './catalog';
import { kernelsFor, moeStandInFor, referenceKernelsFor } from './catalog';
import type { FrameworkKernels, MoeStandIn, ReferenceKernels } from './kernels/schema';
import { enginesFor, runsOn } from './framework';
import type { HardwareSpec } from './hardware/schema';
import { defaultIndexerPrecision } from './model/kv';
import type { ModelSpec } from './model/schema';
import type { MemoryInputs, PoolMemory } from './memory';
import { MOST_MEMORY_UTILIZATION } from './engine-memory';
import { poolMemory } from './memory';
import type { Calibration } from './perf/calibration';
import type { StepContext } from './perf/step-types';
import type { Layout } from './scenario/layout';
import { atArrivalRate } from './protocol';
import { defaultParallelism, layoutProblems, resolveLayout } from './scenario/layout';
import type { Scenario } from './scenario/schema';
import { Scenario as ScenarioSchema, formatZodError } from './scenario/schema';
import type { ServingFigures, Workload } from './serving';
import { aggregatedServing, meanRequestMs } from './serving';
import { disaggregatedServing } from './disaggregated-serving';
import type { WorkloadShape } from './workload/shape';
import { reusableTokens, workloadShape } from './workload/shape';
import type { PrefixCachePlan, TierSpec } from './workload/prefix-cache';
import { cacheTiers, prefixCachePlan } from './workload/prefix-cache';

/** Everything about a scenario that does not depend on the calibration (memory, layouts). */
export interface Prepared {
  scenario: Scenario;
  model: ModelSpec;
  /** The decode pool's accelerator (the scenario's hardware). */
  hardware: HardwareSpec;
  /** The prefill pool's accelerator: the scenario's, or the pool's own (null when aggregated). */
  prefillHardware: HardwareSpec | null;
  inp: MemoryInputs;
  decodeLayout: Layout;
  prefillLayout: Layout | null;
  concurrency: number;
  decode: PoolMemory;
  prefill: PoolMemory | null;
  /** Every pool holds its weights, its engine's reserve and at least one sequence. */
  runs: boolean;
  /** The memory utilisation assumed because the engine's automatic reserve left no room for
   * the KV cache (null: the engine's default or the scenario's own flag). */
  assumedMemoryUtilization: number | null;
  workload: Workload;
  /** The mean request of the workload (sessions, shared prefix, length mix). */
  shape: WorkloadShape;
  /** Where the decode pool keeps reusable prefixes, fastest first (GPU memory's share is sized per
   * concurrency when served). */
  cacheTiers: TierSpec[];
  /** Measured kernel tables for this hardware and framework (null: rooflines). */
  kernels: FrameworkKernels | null;
  /** Without them, the reference GPU whose tables give the kernels' launch latency. */
  reference: ReferenceKernels | null;
  /** Another engine's tables of the same fused-MoE kernels on this GPU (catalog.ts). */
  moeStandIn: MoeStandIn | null;
  /** The prefill pool's tables where it runs on another accelerator. */
  prefillKernels: FrameworkKernels | null;
  prefillReference: ReferenceKernels | null;
  prefillMoeStandIn: MoeStandIn | null;
}

export type PrepareResult = { ok: true; prepared: Prepared } | { ok: false; errors: string[] };

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

/** Validates a scenario against the catalog and resolves its layouts and memory. */
export function prepare(input: unknown, catalog: Catalog): PrepareResult {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: [formatZodError(parsed.error)] };
  return prepareValid(parsed.data, catalog);
}

/** prepare() of a scenario the schema has already accepted (its defaults filled in): a sweep
 * validates its template once, not each of its thousands of layouts. */
export function prepareValid(s: Scenario, catalog: Catalog): PrepareResult {
  const model = catalog.models.get(s.model);
  const hardware = catalog.hardware.get(s.hardware);
  const errors: string[] = [];
  if (!model) errors.push(`model: unknown id "${s.model}"`);
  if (!hardware) errors.push(`hardware: unknown id "${s.hardware}"`);
  const prefillId = s.disaggregation?.prefill.hardware;
  const prefillHardware = prefillId === undefined ? hardware : catalog.hardware.get(prefillId);
  if (prefillId !== undefined && !prefillHardware)
    errors.push(`disaggregation.prefill.hardware: unknown id "${prefillId}"`);
  if (!model || !hardware || !prefillHardware) return { ok: false, errors };
  const problems = problemsFor(s, model);
  for (const hw of prefillHardware === hardware ? [hardware] : [hardware, prefillHardware])
    if (!runsOn(s.framework, hw))
      problems.push(
        `framework: ${s.framework} does not run on ${hw.name} (${hw.vendor} GPUs take ${enginesFor(hw).join(', ')})`,
      );
  if (problems.length) return { ok: false, errors: problems };
  const scenario: Scenario = s.disaggregation
    ? s
    : { ...s, parallelism: s.parallelism ?? defaultParallelism(model, s.gpus) };
  const withMtp = Boolean(
    scenario.speculative && scenario.speculative.draftTokens > 0 && model.mtp,
  );
  let inp: MemoryInputs = {
    model,
    hardware,
    weights: scenario.precision.weights,
    kvFormat: {
      kv: scenario.precision.kvCache,
      indexer:
        scenario.precision.indexerCache ?? defaultIndexerPrecision(scenario.precision.kvCache),
    },
    withMtp,
    framework: scenario.framework,
    memoryUtilization: scenario.memoryUtilization,
    draftTokens: scenario.speculative?.draftTokens ?? 0,
  };
  const dis = scenario.disaggregation;
  const decodeLayout = dis
    ? resolveLayout(dis.decode, dis.decode.gpus)
    : resolveLayout(scenario.parallelism!, scenario.gpus);
  const prefillLayout = dis ? resolveLayout(dis.prefill, dis.prefill.gpus) : null;
  const shape = workloadShape(scenario.workload);
  const { inputTokens, outputTokens } = shape;
  const context = inputTokens + outputTokens;

  const requested = scenario.workload.concurrency;
  const pools = (m: MemoryInputs) => {
    const decodeRole = dis ? 'decode' : 'aggregated';
    const probe = poolMemory(m, decodeLayout, 1, context, decodeRole);
    const c = requested === 'max' ? Math.max(1, probe.maxConcurrency) : requested;
    return {
      concurrency: c,
      decode:
        requested === 'max' && probe.maxConcurrency === 0
          ? probe
          : poolMemory(m, decodeLayout, c, context, decodeRole),
      // The prefill pool holds one request in flight per attention rank, at the input length.
      prefill: prefillLayout
        ? poolMemory(
            { ...m, hardware: prefillHardware },
            prefillLayout,
            prefillLayout.instances * prefillLayout.attentionDpRanks,
            inputTokens,
            'prefill',
          )
        : null,
    };
  };
  const runs = (r: ReturnType<typeof pools>) => r.decode.fits && (r.prefill?.fits ?? true);
  let planned = pools(inp);
  let assumedMemoryUtilization: number | null = null;
  // An engine's automatic reserve can leave no room where its flag would: assume the flag set to
  // the most a published recipe uses, and say so, rather than declare a running deployment
  // impossible.
  if (!runs(planned) && scenario.memoryUtilization === undefined) {
    const flagged = { ...inp, memoryUtilization: MOST_MEMORY_UTILIZATION };
    const retry = pools(flagged);
    if (runs(retry)) {
      planned = retry;
      inp = flagged;
      assumedMemoryUtilization = MOST_MEMORY_UTILIZATION;
    }
  }
  const { concurrency, decode, prefill } = planned;
  const workload: Workload = {
    inputTokens,
    prefillTokens: inputTokens,
    prefixLoadMs: 0,
    outputTokens,
    concurrency,
    draftTokens: scenario.speculative?.draftTokens ?? 0,
    acceptanceLength: scenario.speculative?.acceptanceLength ?? 1,
    memoryMaxConcurrency: decode.maxConcurrency,
    maxBatchPerRank: scenario.maxBatchPerRank ?? null,
    protocol: scenario.workload.protocol,
  };
  return {
    ok: true,
    prepared: {
      scenario,
      model,
      hardware,
      inp,
      decodeLayout,
      prefillLayout,
      concurrency,
      decode,
      prefill,
      runs: runs(planned),
      assumedMemoryUtilization,
      workload,
      shape,
      cacheTiers: cacheTiers(scenario.workload.prefixCache, hardware),
      kernels: kernelsFor(catalog, hardware, scenario.framework),
      reference: referenceKernelsFor(catalog, hardware, scenario.framework),
      moeStandIn: moeStandInFor(catalog, hardware, scenario.framework),
      prefillHardware: dis ? prefillHardware : null,
      prefillKernels:
        prefillHardware === hardware
          ? null
          : kernelsFor(catalog, prefillHardware, scenario.framework),
      prefillReference:
        prefillHardware === hardware
          ? null
          : referenceKernelsFor(catalog, prefillHardware, scenario.framework),
      prefillMoeStandIn:
        prefillHardware === hardware
          ? null
          : moeStandInFor(catalog, prefillHardware, scenario.framework),
    },
  };
}

const contexts = new WeakMap<Layout, StepContext>();

/**
 * What a step of one pool of a prepared scenario runs on. The same layout under the same model,
 * hardware, formats, framework, calibration and tables gives the same context object, so what is
 * resolved once per context (its kernel pricer) is shared by every concurrency a sweep tries, and
 * (layouts being shared by shape, layout.ts) by the next plan of a scenario whose layout held.
 */
export function stepContext(p: Prepared, cal: Calibration, layout: Layout): StepContext {
  const hit = contexts.get(layout);
  const pool = poolHardware(p, layout);
  if (
    hit &&
    hit.model === p.model &&
    hit.hardware === pool.hardware &&
    hit.weights === p.inp.weights &&
    hit.kvFormat.kv === p.inp.kvFormat.kv &&
    hit.kvFormat.indexer === p.inp.kvFormat.indexer &&
    hit.framework === p.scenario.framework &&
    hit.cal === cal &&
    hit.kernels === pool.kernels &&
    hit.reference === pool.reference &&
    hit.moeStandIn === pool.moeStandIn
  )
    return hit;
  const ctx = newStepContext(p, cal, layout);
  contexts.set(layout, ctx);
  return ctx;
}

/** The accelerator and kernel tables a pool runs on: the prefill pool's own, or the scenario's. */
export function poolHardware(p: Prepared, layout: Layout) {
  return layout === p.prefillLayout && p.prefillHardware && p.prefillHardware !== p.hardware
    ? {
        hardware: p.prefillHardware,
        kernels: p.prefillKernels,
        reference: p.prefillReference,
        moeStandIn: p.prefillMoeStandIn,
      }
    : {
        hardware: p.hardware,
        kernels: p.kernels,
        reference: p.reference,
        moeStandIn: p.moeStandIn,
      };
}

function newStepContext(p: Prepared, cal: Calibration, layout: Layout): StepContext {
  const pool = poolHardware(p, layout);
  return {
    model: p.model,
    hardware: pool.hardware,
    weights: p.inp.weights,
    kvFormat: p.inp.kvFormat,
    framework: p.scenario.framework,
    cal,
    layout,
    kernels: pool.kernels,
    reference: pool.reference,
    moeStandIn: pool.moeStandIn,
  };
}

/** Serving figures with what a prefix cache served (null: nothing to reuse, or no cache). */
export type Served = ServingFigures;

/**
 * The serving figures of a prepared scenario under a calibration. Prompts with a reusable prefix
 * prefill only what the cache misses; how much it holds depends on how long sessions live, which
 * depends on the latency: two rounds settle it (the hit rate moves by well under a percent in a
 * third).
 */
export function serve(p: Prepared, cal: Calibration): Served {
  const first = serveWorkload(p, cal, p.workload);
  if (p.cacheTiers.length === 0 || reusableTokens(p.shape) <= 0) return first;
  let figures = first;
  let cache: PrefixCachePlan | null = null;
  for (let round = 0; round < 2; round++) {
    cache = cachePlanAt(p, figures, first);
    if (!cache) return first;
    figures = serveWorkload(p, cal, {
      ...p.workload,
      prefillTokens: cache.missTokensPerRequest,
      prefixLoadMs: cache.loadMsPerRequest,
    });
  }
  return { ...figures, prefixCache: cache, withoutCache: first };
}

/** The prefix cache at the latency of `figures`; recomputing is priced by the uncached prefill's
 * GPU time per prompt token. */
function cachePlanAt(
  p: Prepared,
  figures: ServingFigures,
  uncached: ServingFigures,
): PrefixCachePlan | null {
  const d = p.decode;
  const context = p.shape.inputTokens + p.shape.outputTokens;
  const requestMs = meanRequestMs(figures, p.shape.outputTokens);
  const inputPerGpuSecond =
    (uncached.outputTokPerSecPerGpu * p.shape.inputTokens) / p.shape.outputTokens;
  const L = p.decodeLayout;
  // The memory plan holds the planned concurrency; a sweep serves others on the same plan.
  const requestsPerGpu = p.workload.concurrency / (L.instances * L.attentionDpRanks);
  const perSequence = d.sequencesPerGpu > 0 ? d.kvCacheBytesPerGpu / d.sequencesPerGpu : 0;
  const hbmFree = Math.max(
    0,
    d.freeBytesPerGpu + d.kvCacheBytesPerGpu - requestsPerGpu * perSequence,
  );
  return prefixCachePlan({
    shape: p.shape,
    tiers: p.cacheTiers.map((t) => (t.tier === 'hbm' ? { ...t, bytesPerGpu: hbmFree } : t)),
    kvBytesPerTokenPerGpu: (d.kvCacheBytesPerSequence * d.kvShareHeldPerGpu) / context,
    requestsPerGpu,
    requestSeconds: requestMs / 1000,
    rankGpus: L.tp * L.pp,
    recomputeGpuSecondsPerToken:
      inputPerGpuSecond > 0 ? uncached.prefillGpuTimeShare / inputPerGpuSecond : Infinity,
  });
}

function serveWorkload(p: Prepared, cal: Calibration, workload: Workload): ServingFigures {
  const prefillCtx = p.prefillLayout ? stepContext(p, cal, p.prefillLayout) : null;
  const decodeCtx = stepContext(p, cal, p.decodeLayout);
  const at = (w: Workload) =>
    prefillCtx
      ? disaggregatedServing(prefillCtx, decodeCtx, w, cal)
      : aggregatedServing(decodeCtx, w);
  const rate = p.scenario.workload.requestsPerSec;
  if (workload.protocol !== 'poisson' || rate === undefined) return at(workload);
  // An open loop: as many requests in flight as the arrival rate sustains, up to the limit.
  const r = atArrivalRate((c) => at({ ...workload, concurrency: c }), rate, p.concurrency);
  return { ...r.figures, overloaded: r.overloaded };
}
