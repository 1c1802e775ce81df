import type { Calibration } from './perf/calibration';
import type { StepContext, StepLoad, StepTime } from './perf/step-types';
import { memoStepTime as stepTime } from './perf/step-memo';
import { kvBytesPerSequence } from './model/kv';
import { kvTransferBytesPerSec } from './perf/rates';
import { prefillBudget } from './framework';
import { burstShare } from './protocol';
import { fixedPoint } from './perf/fixed-point';
import type { ServingFigures, Workload } from './serving';
import { decodeStepLoad, runningSequences } from './serving';

/** Whole prompts of `prefillTokens` a prefill-pool step batches up to its token budget; a
 * longer prompt runs alone (its chunks add up to the same work). */
export function promptsPerPrefillStep(
  budget: { tokensPerRank: number; batchTokensPerRank: number },
  prefillTokens: number,
): number {
  return prefillTokens <= budget.tokensPerRank
    ? Math.max(1, Math.floor(budget.batchTokensPerRank / prefillTokens))
    : 1;
}

/** A prefill-pool step: `prompts` prompts of `prefillTokens` each on the busiest rank (their
 * context `promptTokens` long), every attention rank of the instance as busy. */
export function prefillBatchLoad(
  prompts: number,
  prefillTokens: number,
  promptTokens: number,
  attentionDpRanks: number,
): StepLoad {
  return {
    decodeSeqsPerRank: 0,
    tokensPerSeq: 1,
    decodeContextTokens: 0,
    prefillTokensPerRank: prompts * prefillTokens,
    promptTokens,
    instanceTokens: prompts * prefillTokens * attentionDpRanks,
    draftTokens: 0,
  };
}

/**
 * Disaggregated: a prefill pool and a decode pool sized separately; the system's request rate is
 * the smaller pool's. When prefill limits, fewer sequences decode at once (fixed point). TTFT =
 * the queue ahead of the prompt in the prefill pool (half the prompts waiting there), its own
 * prefill batch, the KV transfer to the decode pool, and the first decode step it joins; plus the
 * queue for a decode slot when the concurrency exceeds what can run.
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
  const budget = prefillBudget(prefillCtx.framework, prefillCtx.hardware, P.attentionDpRanks);
  const perStep = promptsPerPrefillStep(budget, w.prefillTokens);
  const prefillLoadOf = (prompts: number) =>
    prefillBatchLoad(prompts, w.prefillTokens, w.inputTokens, P.attentionDpRanks);
  const prefillOf = (prompts: number) => stepTime(prefillCtx, prefillLoadOf(prompts));
  // At capacity every prefill step is a full batch; a prompt's own batch holds the prompts that
  // wait with it, about one per rank's share of the requests in flight (one at light load).
  const prefillStep = prefillOf(perStep);
  const prefillRanks = P.instances * P.attentionDpRanks;
  const ownBatch = Math.min(perStep, Math.max(1, Math.floor(w.concurrency / prefillRanks)));
  const ownPrefill = ownBatch === perStep ? prefillStep : prefillOf(ownBatch);
  /** Requests per second the prefill pool completes. */
  const prefillRate = (prefillRanks * perStep * 1000) / prefillStep.totalMs;
  const decodeAt = (c: number) => stepTime(decodeCtx, decodeStepLoad(D, c, w));
  const capacity = runningSequences(D, w, cal, decodeCtx);
  const full = { c: capacity, step: decodeAt(capacity) };
  const kvBytes = kvBytesPerSequence(decodeCtx.model, w.inputTokens, decodeCtx.kvFormat).totalBytes;
  const link = kvTransferBytesPerSec(prefillCtx.hardware, decodeCtx.hardware, P.gpus + D.gpus);
  const transferMs = (kvBytes / link) * 1000;
  // A prompt waits for its prefill batch, then its KV crosses to the decode pool.
  const alone =
    cal.frameworks[decodeCtx.framework].requestOverheadMs +
    w.prefixLoadMs +
    ownPrefill.totalMs +
    transferMs;
  const prefillPerMs = prefillRate / 1000;
  const burst = burstShare(w.protocol, cal);
  // Closed loop (Little's law): requests spend TTFT in the prefill pool and its queue and OSL/a
  // steps decoding, so C = rate · (TTFT + decode time); the decode population is rate · decode
  // time, bounded by the decode pool's capacity and the prefill pool's rate.
  const at = (decoding: number, step: StepTime) => {
    const decodeMs = (w.outputTokens / a) * step.totalMs;
    const waitingForPrefill = Math.max(0, w.concurrency - decoding - 1);
    // Prompts ahead in the prefill pool: the closed loop's queue, or half of a wave arriving
    // at once.
    const ahead = Math.max(waitingForPrefill / 2, (burst * Math.max(0, w.concurrency - 1)) / 2);
    const ttft = alone + step.totalMs + ahead / prefillPerMs;
    const ratePerMs = Math.min(
      w.concurrency / (ttft + decodeMs),
      prefillPerMs,
      capacity / decodeMs,
    );
    return { step, ratePerMs, next: Math.max(1, Math.min(capacity, ratePerMs * decodeMs)) };
  };
  const solved = fixedPoint(1, capacity, (d) => at(d, d === capacity ? full.step : decodeAt(d)));
  const decoding = solved.decoding;
  const step = solved.at.step;
  let ratePerMs = solved.at.ratePerMs;
  const decodeMs = (w.outputTokens / a) * step.totalMs;
  ratePerMs = Math.min(ratePerMs, decoding / decodeMs);
  const rate = ratePerMs * 1000;
  const limitedBy: ServingFigures['limitedBy'] =
    ratePerMs >= prefillPerMs * (1 - 1e-9) ? 'prefill' : 'decode';
  // The first token comes out of the first decode step the request joins.
  const ttftMs = Math.max(alone + step.totalMs, w.concurrency / ratePerMs - decodeMs);
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
    arrivingInWaves: burst,
    kvTransferMs: transferMs,
    overloaded: false,
    prefixCache: null,
    withoutCache: null,
    limitedBy,
    decodeStep: step,
    decodeLoad: decodeStepLoad(D, decoding, w),
    prefillStep,
    prefillLoad: prefillLoadOf(perStep),
    waveStep: null,
    waveLoad: null,
    promptsPerWaveStep: 1,
    decodeStepMix: { decodeOnly: 1, prefill: 0, wave: 0 },
  };
}
