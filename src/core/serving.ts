import type { Calibration } from './perf/calibration';
import type { StepContext, StepLoad, StepTime } from './perf/step';
import { STEP_OPS, stepTime } from './perf/step';
import { kvBytesPerSequence } from './model/kv';
import { linkBytesPerSec } from './perf/rates';
import { FRAMEWORK_SCHEDULING } from './framework';
import type { Layout } from './scenario/layout';

export interface Workload {
  inputTokens: number;
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
  /** What limits the request rate. */
  limitedBy: 'decode' | 'prefill' | 'aggregated';
  decodeStep: StepTime;
  /** The decode step's load (busiest rank), to show how its time was priced. */
  decodeLoad: StepLoad;
  prefillStep: StepTime | null;
}

/** a + k·b, op by op. */
function addSteps(a: StepTime, b: StepTime, k: number): StepTime {
  const breakdownMs = { ...a.breakdownMs };
  for (const op of STEP_OPS) breakdownMs[op] += k * b.breakdownMs[op];
  return { totalMs: a.totalMs + k * b.totalMs, breakdownMs };
}

/** a - b, op by op. */
function subSteps(a: StepTime, b: StepTime): StepTime {
  return addSteps(a, b, -1);
}

/**
 * Waves of requests a serving benchmark runs (num_prompts / concurrency). An assumption, not a
 * fit: InferenceX-style runs send about ten times the concurrency. Only TTFT depends on it.
 */
export const BENCHMARK_WAVES = 10;

/** Mean context a decoding sequence holds: the prompt plus half the output. */
const decodeContext = (w: Workload) => w.inputTokens + w.outputTokens / 2;

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
  const ranks = layout.instances * layout.attentionDpRanks;
  const perRank = w.maxBatchPerRank ?? cal.frameworks[ctx.framework].maxBatchPerRank;
  const fwCap = perRank * ranks * layout.pp;
  const memCap = w.memoryMaxConcurrency > 0 ? w.memoryMaxConcurrency : Infinity;
  return Math.max(1, Math.min(w.concurrency, memCap, fwCap));
}

interface RankLoad {
  /** Sequences on the busiest attention rank per microbatch (at least 1). */
  busiest: number;
  /** Sequences per instance per microbatch (for the MoE token count). */
  perInstance: number;
}

/** How `running` sequences land on the ranks of a layout; PP keeps up to pp microbatches. */
function rankLoad(layout: Layout, running: number): RankLoad {
  const perInstance = running / layout.instances;
  const perRank = perInstance / layout.attentionDpRanks;
  const microbatches = Math.min(layout.pp, Math.max(1, perRank));
  return { busiest: Math.max(1, perRank) / microbatches, perInstance: perInstance / microbatches };
}

/**
 * Aggregated steady state (design §3) in a closed loop of `running` users per deployment. Prompts
 * arrive whole: a share of steps carries a prompt chunk (mixed into the decode batch, or as a
 * prefill-only step with SGLang's default scheduler). A request decodes beside the prompts of the
 * other B−1 requests on its rank (its TPOT), and its cycle is its own prefill plus OSL/a decode
 * steps (the throughput). TTFT = its own prefill after the prompts queued ahead of it on its rank
 * (an M/D/1 queue at the rank's prefill load, plus the benchmark's opening wave), plus the queue
 * for a running slot when the concurrency exceeds what can run.
 */
export function aggregatedServing(ctx: StepContext, w: Workload): ServingFigures {
  const L = ctx.layout;
  const cal = ctx.cal;
  const a = w.acceptanceLength;
  const t = 1 + w.draftTokens;
  const running = runningSequences(L, w, cal, ctx);
  const load = rankLoad(L, running);
  const B = load.busiest;
  const base = {
    decodeSeqsPerRank: B,
    tokensPerSeq: t,
    decodeContextTokens: decodeContext(w),
    promptTokens: w.inputTokens,
    draftTokens: w.draftTokens,
  };
  const decodeLoad: StepLoad = {
    ...base,
    prefillTokensPerRank: 0,
    instanceTokens: load.perInstance * t,
  };
  const decodeOnly = stepTime(ctx, decodeLoad);
  const chunk = Math.min(w.inputTokens, cal.prefillChunkTokens);
  const chunksPerPrompt = w.inputTokens / chunk;
  const mixed = FRAMEWORK_SCHEDULING[ctx.framework].mixedPrefill;
  const chunkStep = stepTime(ctx, {
    ...base,
    decodeSeqsPerRank: mixed ? B : 0,
    prefillTokensPerRank: chunk,
    instanceTokens: (mixed ? load.perInstance * t : 0) + chunk * L.attentionDpRanks,
  });
  /** What one prompt chunk adds to the rank's time. */
  const chunkCost = mixed ? subSteps(chunkStep, decodeOnly) : chunkStep;
  // Prompt chunks per decode step from the other requests of the rank.
  const othersChunksPerStep = (Math.max(0, B - 1) * a * chunksPerPrompt) / w.outputTokens;
  const step = addSteps(decodeOnly, chunkCost, othersChunksPerStep);
  const ownPrefillMs = chunksPerPrompt * chunkStep.totalMs;
  const decodeSteps = w.outputTokens / a;
  const requestMs = cal.frameworks[ctx.framework].requestOverheadMs;
  const cycleMs = requestMs + ownPrefillMs + decodeSteps * step.totalMs;
  const requestsPerSec = (running * 1000) / cycleMs;
  const outputPerSec = requestsPerSec * w.outputTokens;
  const prefillWorkMs = B * chunksPerPrompt * chunkCost.totalMs;
  // Per cycle a rank prefills the B prompts of its requests; the rest of its time decodes.
  const prefillLoad = Math.max(0, prefillWorkMs / (cycleMs - requestMs));
  const prefillShare = Math.min(0.95, prefillLoad);
  // Prompts ahead of a new one in its rank's prefill queue. In steady state they arrive
  // staggered, one as each request finishes: M/D/1 mean queue ρ/(2(1-ρ)) at prefill load ρ. A
  // benchmark run also opens with one wave of all its requests at once, which queues behind half
  // the rank's prompts on average; it is one of BENCHMARK_WAVES waves.
  const steady = prefillShare / (2 * (1 - prefillShare));
  const opening = Math.max(0, B - 1) / 2 / BENCHMARK_WAVES;
  const promptsAhead = Math.min(Math.max(0, B - 1), steady + opening);
  const waveMs = requestMs + promptsAhead * chunksPerPrompt * chunkCost.totalMs + ownPrefillMs;
  const queueMs = ((w.concurrency - running) / requestsPerSec) * 1000;
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
    limitedBy: 'aggregated',
    decodeStep: step,
    decodeLoad,
    prefillStep: chunkStep,
  };
}

/**
 * Disaggregated: a prefill pool and a decode pool sized separately; the system's request rate is
 * the smaller pool's. When prefill limits, fewer sequences decode at once (fixed point). TTFT =
 * the prompt's own prefill batch and KV transfer, plus half the wave of prompts ahead of it in the
 * prefill pool, plus the queue for a decode slot when the concurrency exceeds what can run.
 */
export function disaggregatedServing(
  prefillCtx: StepContext,
  decodeCtx: StepContext,
  w: Workload,
  cal: Calibration,
): ServingFigures {
  const P = prefillCtx.layout;
  const D = decodeCtx.layout;
  const a = w.acceptanceLength;
  const t = 1 + w.draftTokens;
  const perStep = Math.max(1, Math.floor(cal.prefillChunkTokens / w.inputTokens));
  const prefillTokens = perStep * w.inputTokens;
  const prefillStep = stepTime(prefillCtx, {
    decodeSeqsPerRank: 0,
    tokensPerSeq: 1,
    decodeContextTokens: 0,
    prefillTokensPerRank: prefillTokens,
    promptTokens: w.inputTokens,
    instanceTokens: prefillTokens * P.attentionDpRanks,
    draftTokens: 0,
  });
  /** Requests per second the prefill pool completes. */
  const prefillRate = (P.instances * P.attentionDpRanks * perStep * 1000) / prefillStep.totalMs;
  const decodeLoadAt = (c: number): StepLoad => {
    const load = rankLoad(D, c);
    return {
      decodeSeqsPerRank: load.busiest,
      tokensPerSeq: t,
      decodeContextTokens: decodeContext(w),
      prefillTokensPerRank: 0,
      promptTokens: w.inputTokens,
      instanceTokens: load.perInstance * t,
      draftTokens: w.draftTokens,
    };
  };
  const decodeAt = (c: number) => stepTime(decodeCtx, decodeLoadAt(c));
  const capacity = runningSequences(D, w, cal, decodeCtx);
  const full = { c: capacity, step: decodeAt(capacity) };
  const kvBytes = kvBytesPerSequence(decodeCtx.model, w.inputTokens, decodeCtx.kvFormat).totalBytes;
  const link = linkBytesPerSec(decodeCtx.hardware, P.gpus + D.gpus);
  const transferMs = (kvBytes / link.bytesPerSec) * 1000;
  // A prompt waits for its prefill batch, then its KV crosses to the decode pool.
  const alone =
    cal.frameworks[decodeCtx.framework].requestOverheadMs + prefillStep.totalMs + transferMs;
  const prefillPerMs = prefillRate / 1000;
  // Closed loop (Little's law): requests spend TTFT in the prefill pool and its queue and OSL/a
  // steps decoding, so C = rate · (TTFT + decode time); the decode population is rate · decode
  // time, bounded by the decode pool's capacity and the prefill pool's rate.
  let decoding = capacity;
  let step = full.step;
  let ratePerMs = 0;
  for (let i = 0; i < 40; i++) {
    const decodeMs = (w.outputTokens / a) * step.totalMs;
    const waitingForPrefill = Math.max(0, w.concurrency - decoding - 1);
    const ttft = alone + waitingForPrefill / 2 / prefillPerMs;
    ratePerMs = Math.min(w.concurrency / (ttft + decodeMs), prefillPerMs, capacity / decodeMs);
    const next = Math.max(1, Math.min(capacity, ratePerMs * decodeMs));
    const previous = decoding;
    decoding = i === 0 ? next : (decoding + next) / 2;
    if (Math.abs(decoding - previous) <= 1e-10 * previous) break;
    step = decodeAt(decoding);
  }
  const decodeMs = (w.outputTokens / a) * step.totalMs;
  ratePerMs = Math.min(ratePerMs, decoding / decodeMs);
  const rate = ratePerMs * 1000;
  const limitedBy: ServingFigures['limitedBy'] =
    ratePerMs >= prefillPerMs * (1 - 1e-9) ? 'prefill' : 'decode';
  const ttftMs = Math.max(alone, w.concurrency / ratePerMs - decodeMs);
  const gpus = P.gpus + D.gpus;
  const outputPerSec = rate * w.outputTokens;
  return {
    ttftMs,
    tpotMs: step.totalMs / a,
    stepMs: step.totalMs,
    tokPerSecPerUser: (a * 1000) / step.totalMs,
    outputTokPerSecPerGpu: outputPerSec / gpus,
    totalTokPerSecPerGpu: (outputPerSec * (w.inputTokens + w.outputTokens)) / w.outputTokens / gpus,
    requestsPerSec: rate,
    runningSequences: decoding,
    prefillTokPerSecPerPrefillGpu: (prefillRate * w.inputTokens) / P.gpus,
    decodeTokPerSecPerDecodeGpu: (full.c * a * 1000) / full.step.totalMs / D.gpus,
    prefillGpuTimeShare: P.gpus / gpus,
    limitedBy,
    decodeStep: step,
    decodeLoad: decodeLoadAt(decoding),
    prefillStep,
  };
}
