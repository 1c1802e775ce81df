import type { Protocol } from './scenario/schema';

/**
 * How a benchmark (or real traffic) sends requests, and what that does to the queue in front of
 * prefill. How many requests run sets the throughput; how they arrive splits the prefill time
 * they wait for between TTFT and TPOT.
 *
 * - closed-loop: a fixed number of users, each sending its next request when the last one ends
 *   (sglang.bench_serving / vLLM bench with --max-concurrency, genai-perf). The run opens with
 *   every user's request at once. With the benchmarks' (nearly) fixed lengths the requests of a
 *   wave also end together, so later waves arrive together too, less so as lengths vary; the
 *   rest arrive staggered, as others finish.
 * - offline: every request is submitted at the start (trtllm-bench, vLLM offline throughput):
 *   the whole run is one wave and queues for running slots.
 * - poisson: an open loop at a mean arrival rate (--request-rate), independent of completions.
 */

/**
 * Waves of requests a closed-loop serving benchmark runs (num_prompts / concurrency; InferenceX-
 * style runs send about ten times the concurrency): the opening wave alone, the prior of the
 * share of requests that arrive with their wave (the fit finds more: later waves stay together).
 */
export const BENCHMARK_WAVES = 10;

/** Share of requests that arrive with their whole wave: a closed loop's fitted share
 * (calibration.closedLoopBurstShare), all of an offline run, none of an open loop. */
export function burstShare(protocol: Protocol, cal: { closedLoopBurstShare: number }): number {
  if (protocol === 'offline') return 1;
  if (protocol === 'poisson') return 0;
  return cal.closedLoopBurstShare;
}

/**
 * Mean wait for a running slot when `concurrency` requests are in flight but only `running` can
 * run, at `requestsPerSec` completions. Closed loop (Little's law): every request waits for the
 * (C − R) ahead of it. Offline, all C are queued at the start: the i-th waits (i − R)/rate, a mean
 * of (C − R)² / (2C·rate). An open loop below capacity does not queue for slots.
 */
export function slotQueueMs(
  protocol: Protocol,
  concurrency: number,
  running: number,
  requestsPerSec: number,
): number {
  const excess = Math.max(0, concurrency - running);
  if (excess === 0 || protocol === 'poisson') return 0;
  const perRequestMs = 1000 / requestsPerSec;
  return protocol === 'offline'
    ? ((excess * excess) / (2 * concurrency)) * perRequestMs
    : excess * perRequestMs;
}

export interface AtRate<T> {
  figures: T;
  /** Requests in flight that the arrival rate sustains (Little's law). */
  concurrency: number;
  /** The arrivals exceed what the deployment completes at its concurrency limit: the queue
   * grows without bound, and the figures are those at the limit. */
  overloaded: boolean;
}

/**
 * An open loop at `requestsPerSec`: the concurrency at which the deployment completes requests
 * as fast as they arrive, found by bisection (completion rate rises with the requests in flight),
 * capped at `maxConcurrency` (the benchmark's --max-concurrency, or the scenario's).
 */
export function atArrivalRate<T extends { requestsPerSec: number }>(
  serveAt: (concurrency: number) => T,
  requestsPerSec: number,
  maxConcurrency: number,
): AtRate<T> {
  const top = serveAt(maxConcurrency);
  if (top.requestsPerSec < requestsPerSec)
    return { figures: top, concurrency: maxConcurrency, overloaded: true };
  let lo = Math.log(1);
  let hi = Math.log(Math.max(1, maxConcurrency));
  let best = { figures: top, concurrency: maxConcurrency };
  for (let i = 0; i < 32 && hi - lo > 1e-4; i++) {
    const mid = (lo + hi) / 2;
    const c = Math.exp(mid);
    const f = serveAt(c);
    if (f.requestsPerSec >= requestsPerSec) {
      hi = mid;
      best = { figures: f, concurrency: c };
    } else lo = mid;
  }
  return { ...best, overloaded: false };
}
