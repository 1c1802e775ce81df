import type { Calibration } from './perf/calibration';
import type { StepContext, StepLoad, StepTime } from './perf/step-types';
import { memoStepTime as stepTime } from './perf/step-memo';
import {
  FRAMEWORK_SCHEDULING,
  documentedRunningLimit,
  documentedSeqsPerRank,
  prefillBudget,
} from './framework';
import type { PrefillBudget } from './framework';
import type { Layout } from './scenario/layout';
import type { Protocol } from './scenario/schema';
import { burstShare, slotQueueMs } from './protocol';
import { addSteps, nonNegative, scaleStep, subSteps } from './perf/step-arithmetic';
import type { PrefixCachePlan } from './workload/prefix-cache';

/**
 * A minute: the longest time to first token a figure can mean and still describe the deployment.
 * Past it, requests are waiting in a queue that a closed loop (or arrivals beyond capacity) keeps
 * full, and TTFT measures that queue; the Planner warns and the frontier does not draw such points
 * by default.
 */
export const SANE_TTFT_MS = 60_000;

export interface Workload {
  /** Mean prompt (the context a request's answer attends to). */
  inputTokens: number;
  /** Prompt tokens a request prefills: its prompt less what a prefix cache serves. */
  prefillTokens: number;
  /** Moving a request's cached prefix from host DRAM or NVMe into GPU memory (ms). */
  prefixLoadMs: number;
  outputTokens: number;
  /** Requests in flight across the deployment (running + queued). */
  concurrency: number;
  /** Draft tokens per step (0 without speculative decoding). */
  draftTokens: number;
  /** Mean tokens accepted per step per sequence (1 without speculative decoding). */
  acceptanceLength: number;
  /** Most sequences whose KV fits in the decoding GPUs' memory (0: unknown / weights do not fit). */
  memoryMaxConcurrency: number;
  /** The deployment's running-request limit per attention rank (null: the framework default). */
  maxBatchPerRank: number | null;
  /** How requests arrive (closed loop, offline, Poisson). */
  protocol: Protocol;
}

export interface ServingFigures {
  ttftMs: number;
  /** Mean time per output token (the benchmarks' TPOT): step time / acceptance length. */
  tpotMs: number;
  /** Time of one decode step (it yields `acceptanceLength` tokens per sequence). */
  stepMs: number;
  tokPerSecPerUser: number;
  outputTokPerSecPerGpu: number;
  totalTokPerSecPerGpu: number;
  requestsPerSec: number;
  /** Sequences decoding at once; the rest of the concurrency waits in the queue. */
  runningSequences: number;
  /** Disaggregated: input tokens/s one prefill-pool GPU sustains at capacity. */
  prefillTokPerSecPerPrefillGpu: number | null;
  /** Disaggregated: output tokens/s one decode-pool GPU delivers at this concurrency. */
  decodeTokPerSecPerDecodeGpu: number | null;
  /** Share of GPU time spent on prefill (input) vs decode (output), for the cost split. */
  prefillGpuTimeShare: number;
  /** Share of requests that arrive with their whole wave (protocol.ts burstShare): they queue
   * behind half of it, and decode beside the prefill of the other half. */
  arrivingInWaves: number;
  /** Disaggregated: moving one request's KV cache from the prefill to the decode pool (ms). */
  kvTransferMs: number | null;
  /** Poisson arrivals faster than the deployment completes requests: the queue grows without
   * bound (the figures are those at the concurrency limit). */
  overloaded: boolean;
  /** What limits the request rate. */
  limitedBy: 'decode' | 'prefill' | 'aggregated';
  decodeStep: StepTime;
  /** The decode step's load (busiest rank), to show how its time was priced. */
  decodeLoad: StepLoad;
  prefillStep: StepTime | null;
  /** The prefill step's load (a prompt chunk, or a prefill-pool batch). */
  prefillLoad: StepLoad | null;
  /** Aggregated: a step in which a wave's short prompts, waiting together, run batched up to the
   * engine's token budget (null where prompts never share a step). */
  waveStep: StepTime | null;
  waveLoad: StepLoad | null;
  /** Prompts (or prompts' worth of tokens, where the engine splits the last) a wave step runs on
   * the busiest rank; 1 where they never share a step. */
  promptsPerWaveStep: number;
  /** decodeStep = decodeOnly · (a step at decodeLoad) + prefill · prefillStep + wave · waveStep,
   * op by op (before any op is clamped at zero): how prompt chunks share the decode steps. */
  decodeStepMix: { decodeOnly: number; prefill: number; wave: number };
  /** What a prefix cache served (null: nothing reused; set by prepare.ts's serve()). */
  prefixCache: PrefixCachePlan | null;
  /** With a prefix cache: the same deployment prefilling every prompt whole. */
  withoutCache: ServingFigures | null;
}

/**
 * Expected largest number of prompt chunks any attention-DP rank runs in one step, when one rank
 * runs `own` chunks per step on average and each of the other `ranks − 1` runs `others`. The
 * ranks step together (the MoE's collectives join them every layer), so a step lasts as long as
 * its busiest rank. A rank's token budget spreads its chunks evenly: it runs ⌊λ⌋ or ⌈λ⌉ of
 * them, the ranks independently. With one rank this is `own`.
 */
export function expectedMaxChunks(own: number, others: number, ranks: number): number {
  const atLeast = (lambda: number, k: number) => {
    const whole = Math.floor(lambda);
    return k <= whole ? 1 : k === whole + 1 ? lambda - whole : 0;
  };
  const top = Math.floor(Math.max(own, ranks > 1 ? others : 0)) + 1;
  let sum = 0;
  for (let k = 1; k <= top; k++)
    sum += 1 - (1 - atLeast(own, k)) * Math.pow(1 - atLeast(others, k), ranks - 1);
  return sum;
}

/**
 * Share of steps in which some attention-DP rank runs a prefill-only step (SGLang's unmixed
 * scheduling), when a rank runs `own` (our rank) or `others` prefill steps per decode step.
 */
function anyPrefillShare(own: number, others: number, ranks: number): number {
  const p0 = own / (1 + own);
  const p1 = others / (1 + others);
  return 1 - (1 - p0) * Math.pow(1 - p1, ranks - 1);
}

/** A request from its arrival to its last token: TTFT, then one TPOT per further token (ms). */
export function meanRequestMs(f: Pick<ServingFigures, 'ttftMs' | 'tpotMs'>, outputTokens: number) {
  return f.ttftMs + f.tpotMs * Math.max(0, outputTokens - 1);
}

/** Mean context a decoding sequence holds: the prompt plus half the output. */
export const decodeContext = (w: Pick<Workload, 'inputTokens' | 'outputTokens'>) =>
  w.inputTokens + w.outputTokens / 2;

/** Prompt tokens one attention rank runs per step: the engine's chunk, or the whole prompt. */
export const chunkTokensPerRank = (
  ctx: StepContext,
  prefillTokens: number,
  budget: PrefillBudget = prefillBudget(ctx.framework, ctx.hardware, ctx.layout.attentionDpRanks),
): number => Math.min(prefillTokens, budget.tokensPerRank);

/** Where a deployment's limit on requests running at once comes from. */
export type RunningLimitBasis =
  /** The scenario's own running-request limit per attention rank. */
  | 'scenario'
  /** The engine's documented default per server instance for this model (SGLang with V4). */
  | 'engine-instance'
  /** The engine's documented default per attention rank (vLLM's and ATOM's --max-num-seqs). */
  | 'engine-rank'
  /** Fitted to published runs, where the engine's recipes set their own (TensorRT-LLM, SGLang). */
  | 'fitted';

export interface RunningLimit {
  /** Most requests the whole deployment runs at once, memory aside. */
  sequences: number;
  perRank: number;
  basis: RunningLimitBasis;
}

/** The framework's limit on running requests, KV memory aside, and where it comes from. */
export function engineRunningLimit(
  layout: Layout,
  w: Workload,
  cal: Calibration,
  ctx: StepContext,
): RunningLimit {
  const ranks = layout.instances * layout.attentionDpRanks;
  const documented = documentedRunningLimit(ctx.framework, ctx.model);
  const engineRank = documentedSeqsPerRank(ctx.framework, ctx.hardware);
  const fitted = cal.frameworks[ctx.framework].maxBatchPerRank;
  const instanceShare = documented === null ? Infinity : documented / layout.attentionDpRanks;
  const [perRank, basis]: [number, RunningLimitBasis] =
    w.maxBatchPerRank !== null
      ? [w.maxBatchPerRank, 'scenario']
      : engineRank !== null
        ? [engineRank, 'engine-rank']
        : instanceShare < fitted
          ? [instanceShare, 'engine-instance']
          : [fitted, 'fitted'];
  return { sequences: perRank * ranks * layout.pp, perRank, basis };
}

/**
 * Sequences that can decode at once: the concurrency, capped by what fits in KV memory and by the
 * framework's batch limit per attention rank. The rest queue (and show up in TTFT).
 */
export function runningSequences(
  layout: Layout,
  w: Workload,
  cal: Calibration,
  ctx: StepContext,
): number {
  const fwCap = engineRunningLimit(layout, w, cal, ctx).sequences;
  const memCap = w.memoryMaxConcurrency > 0 ? w.memoryMaxConcurrency : Infinity;
  return Math.max(1, Math.min(w.concurrency, memCap, fwCap));
}

interface RankLoad {
  /** Sequences on the busiest attention rank per microbatch (at least 1). */
  busiest: number;
  /** Sequences per instance per microbatch (for the MoE token count). */
  perInstance: number;
}

/**
 * How `running` sequences land on the ranks of a layout; PP keeps up to pp microbatches. Fewer
 * sequences than instances leave some instances idle: a busy one still carries a whole sequence
 * (idle replicas add capacity, never per-user speed).
 */
function rankLoad(layout: Layout, running: number): RankLoad {
  const perInstance = Math.max(1, running / layout.instances);
  const perRank = perInstance / layout.attentionDpRanks;
  const microbatches = Math.min(layout.pp, Math.max(1, perRank));
  return { busiest: Math.max(1, perRank) / microbatches, perInstance: perInstance / microbatches };
}

/**
 * A decode step's load with `running` sequences in flight: the busiest attention rank's
 * sequences, and the tokens the instance sends through the MoE. Written out whole: a spread
 * object whose fields are then overwritten leaves V8 on its slow path, and a sweep builds
 * several loads per serve.
 */
export function decodeStepLoad(layout: Layout, running: number, w: Workload): StepLoad {
  const load = rankLoad(layout, running);
  const t = 1 + w.draftTokens;
  return {
    decodeSeqsPerRank: load.busiest,
    tokensPerSeq: t,
    decodeContextTokens: decodeContext(w),
    prefillTokensPerRank: 0,
    promptTokens: w.inputTokens,
    instanceTokens: load.perInstance * t,
    draftTokens: w.draftTokens,
  };
}

/**
 * Aggregated steady state (design §3) in a closed loop of `running` users per deployment. Prompts
 * arrive whole: a share of steps carries a prompt chunk (mixed into the decode batch, or as a
 * prefill-only step with SGLang's default scheduler). Arriving staggered, a request decodes
 * beside the prompts of the other B−1 requests on its rank (and, with attention-DP, every other
 * rank's) and queues as an M/D/1 queue at the rank's prefill load; arriving with its wave, it
 * queues behind half the rank's prompts and decodes beside the other half, the ranks prefilling
 * together. Its cycle is its wait, its own prefill and OSL/a decode steps (the throughput). TTFT
 * = the wait and its own prefill, plus the queue for a running slot when the concurrency exceeds
 * what can run.
 */
export function aggregatedServing(ctx: StepContext, w: Workload): ServingFigures {
  const L = ctx.layout;
  const cal = ctx.cal;
  const a = w.acceptanceLength;
  const t = 1 + w.draftTokens;
  const running = runningSequences(L, w, cal, ctx);
  // Loads are written out whole, not spread from a common base (decodeStepLoad).
  const decodeLoad = decodeStepLoad(L, running, w);
  const B = decodeLoad.decodeSeqsPerRank;
  const context = decodeLoad.decodeContextTokens;
  const decodeOnly = stepTime(ctx, decodeLoad);
  const budget = prefillBudget(ctx.framework, ctx.hardware, L.attentionDpRanks);
  const chunk = chunkTokensPerRank(ctx, w.prefillTokens, budget);
  const chunksPerPrompt = w.prefillTokens / chunk;
  const scheduling = FRAMEWORK_SCHEDULING[ctx.framework];
  const mixed = scheduling.mixedPrefill;
  // Prompt chunks per decode step from the other requests of the rank, and on every other
  // attention-DP rank (all B of theirs). The ranks step together (the MoE's collectives join
  // them every layer): a step lasts as long as its busiest rank. Mixed, a chunk slows the step
  // it joins; unmixed (SGLang), a rank's own prefill step stalls its decoding, and another
  // rank's makes the step as long as a prefill step.
  const ranks = L.attentionDpRanks;
  // Fewer requests than ranks leave the rest idle: an idle rank sends no prompts.
  const busyRanks = Math.min(ranks, Math.max(1, running / L.instances));
  const ownChunks = (Math.max(0, B - 1) * a * chunksPerPrompt) / w.outputTokens;
  const otherChunks = (B * a * chunksPerPrompt) / w.outputTokens;
  // An engine that aligns prompts across the ranks runs them all in the same steps.
  const aligned = scheduling.alignsDpPrefill;
  const apart = aligned ? 1 : busyRanks;
  const stepsWithPrefill = mixed
    ? expectedMaxChunks(ownChunks, otherChunks, apart)
    : anyPrefillShare(ownChunks, otherChunks, apart);
  // Ranks prefilling in a step that has a prefill: their chunks all pass through the MoE.
  // Expected over a step that has one: this rank's own requests' prompts, and every other busy
  // rank's.
  const share = (chunks: number) => (mixed ? Math.min(1, chunks) : chunks / (1 + chunks));
  const prefilling = share(ownChunks) + (busyRanks - 1) * share(otherChunks);
  const withPrefill = Math.max(1e-12, mixed ? Math.min(1, stepsWithPrefill) : stepsWithPrefill);
  const prefillingRanks = scheduling.padsDpTokens
    ? ranks
    : aligned
      ? busyRanks
      : Math.min(busyRanks, Math.max(1, prefilling / withPrefill));
  const chunkLoad: StepLoad = {
    decodeSeqsPerRank: mixed ? B : 0,
    tokensPerSeq: t,
    decodeContextTokens: context,
    prefillTokensPerRank: chunk,
    promptTokens: w.inputTokens,
    instanceTokens:
      decodeLoad.instanceTokens * (mixed ? 1 : (ranks - prefillingRanks) / ranks) +
      chunk * prefillingRanks,
    draftTokens: w.draftTokens,
  };
  const chunkStep = stepTime(ctx, chunkLoad);
  /** What one prompt chunk adds to the rank's time. */
  const chunkCost = mixed ? subSteps(chunkStep, decodeOnly) : chunkStep;
  let staggered: StepTime;
  let staggeredMix: { decodeOnly: number; prefill: number };
  if (mixed) {
    staggered = nonNegative(addSteps(decodeOnly, chunkCost, stepsWithPrefill));
    staggeredMix = { decodeOnly: 1 - stepsWithPrefill, prefill: stepsWithPrefill };
  } else {
    const ownShare = ownChunks / (1 + ownChunks);
    // Per decode step of this rank: the mean step, over the share of steps it decodes in.
    staggeredMix = {
      decodeOnly: (1 - stepsWithPrefill) / (1 - ownShare),
      prefill: stepsWithPrefill / (1 - ownShare),
    };
    staggered = addSteps(
      scaleStep(decodeOnly, staggeredMix.decodeOnly),
      chunkStep,
      staggeredMix.prefill,
    );
  }
  const decodeSteps = w.outputTokens / a;
  const requestMs = cal.frameworks[ctx.framework].requestOverheadMs;
  // A prompt ahead never shortens the wait, even where a chunk hides more of a step's exposed
  // communication than it adds (tiny prompts beside thousands of decoding sequences).
  const perPromptMs = chunksPerPrompt * Math.max(0, chunkCost.totalMs);
  // A share of requests arrive with their wave (burstShare): every rank's B prompts at once. One
  // waits for the (B − 1)/2 ahead of it on its rank and decodes beside the prefill of the
  // (B − 1)/2 after it, the ranks prefilling together; staggered, it decodes beside every other
  // request's prefill, on any rank, and queues only as an M/D/1 queue does. Waiting together,
  // a wave's short prompts share steps, as many as the step's token budget holds beside the
  // decoding tokens (as a prefill pool batches them; whole prompts where the engine does not
  // chunk, else the last one split): one weight read and one set of launches for all of them.
  const burst = burstShare(w.protocol, cal);
  const roomTokens = mixed ? budget.batchTokensPerRank - B * t : budget.tokensPerRank;
  const fits = roomTokens / w.prefillTokens;
  const perWaveStep =
    burst > 0
      ? Math.max(1, Math.min(Math.max(1, B), scheduling.splitsPrompts ? fits : Math.floor(fits)))
      : 1;
  const waveLoad: StepLoad | null =
    perWaveStep > 1
      ? {
          decodeSeqsPerRank: chunkLoad.decodeSeqsPerRank,
          tokensPerSeq: t,
          decodeContextTokens: context,
          prefillTokensPerRank: chunk * perWaveStep,
          promptTokens: w.inputTokens,
          instanceTokens: chunkLoad.instanceTokens + chunk * (perWaveStep - 1) * prefillingRanks,
          draftTokens: w.draftTokens,
        }
      : null;
  const waveStep = waveLoad ? stepTime(ctx, waveLoad) : chunkStep;
  const waveCost = mixed ? subSteps(waveStep, decodeOnly) : waveStep;
  const wavePerPromptMs = (chunksPerPrompt * Math.max(0, waveCost.totalMs)) / perWaveStep;
  const ownPrefillMs =
    chunksPerPrompt * ((1 - burst) * chunkStep.totalMs + burst * waveStep.totalMs);
  const burstAhead = Math.max(0, B - 1) / 2;
  const burstChunks = (burstAhead * chunksPerPrompt) / perWaveStep / decodeSteps;
  const step = addSteps(
    scaleStep(staggered, 1 - burst),
    nonNegative(addSteps(decodeOnly, waveCost, burstChunks)),
    burst,
  );
  const waveShare = burst * burstChunks;
  const mix = {
    decodeOnly: (1 - burst) * staggeredMix.decodeOnly + burst * (mixed ? 1 - burstChunks : 1),
    prefill: (1 - burst) * staggeredMix.prefill + (waveLoad ? 0 : waveShare),
    wave: waveLoad ? waveShare : 0,
  };
  /** A request's mean wait behind the prompts of its wave. */
  const waveWaitMs = burst * burstAhead * wavePerPromptMs;
  const cycleMs = requestMs + ownPrefillMs + waveWaitMs + decodeSteps * step.totalMs;
  const requestsPerSec = (running * 1000) / cycleMs;
  const outputPerSec = requestsPerSec * w.outputTokens;
  const prefillWorkMs = B * ((1 - burst) * perPromptMs + burst * wavePerPromptMs);
  // Per cycle a rank prefills the B prompts of its requests; the rest of its time decodes.
  const prefillLoad = Math.max(0, prefillWorkMs / (cycleMs - requestMs));
  const prefillShare = Math.min(0.95, prefillLoad);
  // Prompts ahead of a new one in its rank's prefill queue: staggered, the M/D/1 mean queue
  // ρ/(2(1-ρ)) at prefill load ρ; with its wave, half the rank's prompts.
  const steady = prefillShare / (2 * (1 - prefillShare));
  const queuedMs = (1 - burst) * Math.min(Math.max(0, B - 1), steady) * perPromptMs + waveWaitMs;
  const waveMs = requestMs + w.prefixLoadMs + queuedMs + ownPrefillMs;
  const queueMs = slotQueueMs(w.protocol, w.concurrency, running, requestsPerSec);
  return {
    ttftMs: waveMs + queueMs,
    tpotMs: step.totalMs / a,
    stepMs: step.totalMs,
    tokPerSecPerUser: (a * 1000) / step.totalMs,
    outputTokPerSecPerGpu: outputPerSec / L.gpus,
    totalTokPerSecPerGpu:
      (outputPerSec * (w.inputTokens + w.outputTokens)) / w.outputTokens / L.gpus,
    requestsPerSec,
    runningSequences: running,
    prefillTokPerSecPerPrefillGpu: null,
    decodeTokPerSecPerDecodeGpu: null,
    prefillGpuTimeShare: Math.min(1, prefillLoad),
    arrivingInWaves: burst,
    kvTransferMs: null,
    overloaded: false,
    prefixCache: null,
    withoutCache: null,
    limitedBy: 'aggregated',
    decodeStep: step,
    decodeLoad,
    prefillStep: chunkStep,
    prefillLoad: chunkLoad,
    waveStep: waveLoad && waveStep,
    waveLoad,
    promptsPerWaveStep: perWaveStep,
    decodeStepMix: mix,
  };
}
