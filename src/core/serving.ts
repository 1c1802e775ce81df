import type { Calibration } from './perf/calibration';
import type { StepContext, StepTime } from './perf/step';
import { stepTime } from './perf/step';
import { kvBytesPerSequence } from './model/kv';
import { linkBytesPerSec } from './perf/rates';
import type { Layout } from './scenario/layout';

export interface Workload {
  inputTokens: number;
  outputTokens: number;
  concurrency: number;
  /** Draft tokens per step (0 without speculative decoding). */
  draftTokens: number;
  /** Mean tokens accepted per step per sequence (1 without speculative decoding). */
  acceptanceLength: number;
}

export interface ServingFigures {
  ttftMs: number;
  /** Mean time per output token (the benchmarks' TPOT): step time / acceptance length. */
  tpotMs: number;
  /** Time of one decode step (it yields `acceptanceLength` tokens per sequence). */
  stepMs: number;
  /** Disaggregated: input tokens/s one prefill-pool GPU sustains at capacity. */
  prefillTokPerSecPerPrefillGpu: number | null;
  /** Disaggregated: output tokens/s one decode-pool GPU delivers at this concurrency. */
  decodeTokPerSecPerDecodeGpu: number | null;
  tokPerSecPerUser: number;
  outputTokPerSecPerGpu: number;
  totalTokPerSecPerGpu: number;
  requestsPerSec: number;
  /** Share of GPU time spent on prefill (input) vs decode (output), for the cost split. */
  prefillGpuTimeShare: number;
  /** Disaggregated: which pool limits the rate. */
  limitedBy: 'decode' | 'prefill' | 'aggregated';
  decodeStep: StepTime;
  prefillStep: StepTime | null;
}

/** Mean context a decoding sequence holds: the prompt plus half the output. */
const decodeContext = (w: Workload) => w.inputTokens + w.outputTokens / 2;

interface RankLoad {
  /** Sequences on the busiest attention rank (fractional means "on average"). */
  busiest: number;
  /** Tokens per instance per step for the MoE (all ranks). */
  perInstance: number;
  /** Microbatches in flight (PP keeps up to pp of them). */
  microbatches: number;
}

/** How `concurrency` sequences land on the ranks of a layout (busiest rank at least 1). */
function rankLoad(layout: Layout, concurrency: number): RankLoad {
  const perInstance = concurrency / layout.instances;
  const perRank = perInstance / layout.attentionDpRanks;
  const microbatches = Math.min(layout.pp, Math.max(1, perRank));
  return {
    busiest: Math.max(1, perRank) / microbatches,
    perInstance: perInstance / microbatches,
    microbatches,
  };
}

/**
 * Aggregated steady state at concurrency C (design §3): every step serves the decoding sequences
 * and, with chunked prefill, the prompts of the requests that arrive meanwhile (C·a·ISL/OSL tokens
 * per step across the deployment). TPOT = step time; TTFT = the prompt's chunks at that load.
 */
export function aggregatedServing(ctx: StepContext, w: Workload): ServingFigures {
  const L = ctx.layout;
  const a = w.acceptanceLength;
  const t = 1 + w.draftTokens;
  const load = rankLoad(L, w.concurrency);
  const prefillPerSeq = (a * w.inputTokens) / w.outputTokens;
  const base = {
    decodeSeqsPerRank: load.busiest,
    tokensPerSeq: t,
    decodeContextTokens: decodeContext(w),
    promptTokens: w.inputTokens,
    draftTokens: w.draftTokens,
  };
  const step = stepTime(ctx, {
    ...base,
    prefillTokensPerRank: load.busiest * prefillPerSeq,
    instanceTokens: load.perInstance * (t + prefillPerSeq),
  });
  const decodeOnly = stepTime(ctx, {
    ...base,
    prefillTokensPerRank: 0,
    instanceTokens: load.perInstance * t,
  });
  const chunk = Math.min(w.inputTokens, ctx.cal.prefillChunkTokens);
  const chunkStep = stepTime(ctx, {
    ...base,
    prefillTokensPerRank: chunk,
    instanceTokens: load.perInstance * t + chunk,
  });
  const tpot = step.totalMs;
  const outputPerSec = (w.concurrency * a * 1000) / tpot;
  return {
    ttftMs: Math.ceil(w.inputTokens / chunk) * chunkStep.totalMs,
    tpotMs: tpot / a,
    stepMs: tpot,
    prefillTokPerSecPerPrefillGpu: null,
    decodeTokPerSecPerDecodeGpu: null,
    tokPerSecPerUser: (a * 1000) / tpot,
    outputTokPerSecPerGpu: outputPerSec / L.gpus,
    totalTokPerSecPerGpu:
      (outputPerSec * (w.inputTokens + w.outputTokens)) / w.outputTokens / L.gpus,
    requestsPerSec: outputPerSec / w.outputTokens,
    prefillGpuTimeShare: Math.max(0, (step.totalMs - decodeOnly.totalMs) / step.totalMs),
    limitedBy: 'aggregated',
    decodeStep: step,
    prefillStep: chunkStep,
  };
}

/**
 * Disaggregated: a prefill pool and a decode pool sized separately; the system's request rate is
 * the smaller pool's. When prefill limits, fewer sequences decode at once (fixed point), and TTFT
 * follows from Little's law for the closed loop: C = rate · (TTFT + OSL/a · TPOT).
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
  const prefillRate = (P.instances * P.attentionDpRanks * perStep * 1000) / prefillStep.totalMs;
  const decodeAt = (c: number) => {
    const load = rankLoad(D, c);
    return stepTime(decodeCtx, {
      decodeSeqsPerRank: load.busiest,
      tokensPerSeq: t,
      decodeContextTokens: decodeContext(w),
      prefillTokensPerRank: 0,
      promptTokens: w.inputTokens,
      instanceTokens: load.perInstance * t,
      draftTokens: w.draftTokens,
    });
  };
  let decoding = w.concurrency;
  let step = decodeAt(decoding);
  const full = { c: decoding, step };
  const decodeRate = (c: number, ms: number) => (c * a * 1000) / (w.outputTokens * ms);
  let limitedBy: ServingFigures['limitedBy'] = 'decode';
  if (prefillRate < decodeRate(decoding, step.totalMs)) {
    limitedBy = 'prefill';
    for (let i = 0; i < 8; i++) {
      decoding = Math.max(
        1,
        Math.min(w.concurrency, (prefillRate * w.outputTokens * step.totalMs) / (a * 1000)),
      );
      step = decodeAt(decoding);
    }
  }
  const rate = Math.min(prefillRate, decodeRate(decoding, step.totalMs));
  const kvBytes = kvBytesPerSequence(decodeCtx.model, w.inputTokens, decodeCtx.kvFormat).totalBytes;
  const link = linkBytesPerSec(decodeCtx.hardware, P.gpus + D.gpus);
  const transferMs = (kvBytes / link.bytesPerSec) * 1000;
  const decodeMs = (w.outputTokens / a) * step.totalMs;
  // A prompt waits for its prefill batch, then its KV crosses to the decode pool.
  const alone = prefillStep.totalMs + transferMs;
  const gpus = P.gpus + D.gpus;
  const outputPerSec = rate * w.outputTokens;
  return {
    ttftMs: Math.max(alone, (w.concurrency / rate) * 1000 - decodeMs),
    tpotMs: step.totalMs / a,
    stepMs: step.totalMs,
    prefillTokPerSecPerPrefillGpu: (prefillRate * w.inputTokens) / P.gpus,
    decodeTokPerSecPerDecodeGpu: (full.c * a * 1000) / full.step.totalMs / D.gpus,
    tokPerSecPerUser: (a * 1000) / step.totalMs,
    outputTokPerSecPerGpu: outputPerSec / gpus,
    totalTokPerSecPerGpu: (outputPerSec * (w.inputTokens + w.outputTokens)) / w.outputTokens / gpus,
    requestsPerSec: rate,
    prefillGpuTimeShare: P.gpus / gpus,
    limitedBy,
    decodeStep: step,
    prefillStep,
  };
}
