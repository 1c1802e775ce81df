import type { Catalog } from '../catalog';
import { prefillBudget } from '../framework';
import type { Calibration } from '../perf/calibration';
import { CALIBRATION } from '../perf/calibration';
import { stepTime } from '../perf/step';
import type { Prepared, Served } from '../prepare';
import { prepare, serve, stepContext } from '../prepare';
import { chunkTokensPerRank, decodeContext, meanRequestMs, runningSequences } from '../serving';
import { prefillBatchLoad, promptsPerPrefillStep } from '../disaggregated-serving';
import type { ByTier, CacheTier } from '../workload/prefix-cache';
import { CACHE_TIERS } from '../workload/prefix-cache';
import type { EngineSetup, Outcome, PrefillServers, SimCache } from './engine';
import { runEngine } from './engine';
import { seeded } from './random';
import type { Histogram, Percentiles } from './stats';
import { logHistogram, percentiles } from './stats';
import { buildStepTable } from './step-table';

export interface SimulationOptions {
  /** Requests to simulate (the first `warmupShare` of them are not measured). */
  requests?: number;
  seed?: number;
  warmupShare?: number;
}

export const DEFAULT_SIMULATED_REQUESTS = 20_000;
/** Most requests one run may simulate (a hostile file must not hang the CLI or a worker). */
export const MAX_SIMULATED_REQUESTS = 1_000_000;

export interface SimulationResult {
  /** Requests measured (completed after the warm-up). */
  requests: number;
  simulatedRequests: number;
  /** Simulated time the measured requests span (s). */
  simulatedSeconds: number;
  ttftMs: Percentiles;
  tpotMs: Percentiles;
  e2eMs: Percentiles;
  histograms: { ttftMs: Histogram; tpotMs: Histogram; e2eMs: Histogram };
  /** Share of prompt tokens served from a prefix cache, in all and per tier. */
  prefixCacheHitRate: number;
  prefixCacheHitRateByTier: ByTier<number>;
  /** Completions per second of the whole deployment, and output tok/s per GPU. */
  requestsPerSec: number;
  outputTokPerSecPerGpu: number;
  /** One instance is simulated; the deployment's others serve the same share of the load. */
  instances: number;
  ranksPerInstance: number;
  mode: 'aggregated' | 'disaggregated';
  /** plan()'s means for the same scenario, beside the simulation's. */
  plan: { ttftMs: number; tpotMs: number; requestsPerSec: number };
}

export type SimulationOutcome =
  { ok: true; result: SimulationResult } | { ok: false; errors: string[] };

/**
 * Simulates a scenario request by request (design §2 `simulate`): the step times of the same step
 * model as plan(), the workload's length mix, sessions and arrivals, the prefix cache; and returns
 * the percentiles of TTFT, TPOT and end-to-end latency over the requests after a warm-up.
 */
export function simulate(
  input: unknown,
  catalog: Catalog,
  opts: SimulationOptions = {},
  cal: Calibration = CALIBRATION,
): SimulationOutcome {
  const r = prepare(input, catalog);
  if (!r.ok) return r;
  const p = r.prepared;
  if (!p.runs)
    return { ok: false, errors: ['the scenario does not fit in memory: nothing to simulate'] };
  const requests = Math.round(
    Math.min(MAX_SIMULATED_REQUESTS, Math.max(100, opts.requests ?? DEFAULT_SIMULATED_REQUESTS)),
  );
  const served = serve(p, cal);
  const setup = engineSetup(p, served, cal, requests, opts.seed ?? 1);
  let outcomes: Outcome[];
  try {
    outcomes = runEngine(setup);
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  if (outcomes.length === 0) return { ok: false, errors: ['no request completed'] };
  return { ok: true, result: summarise(p, served, setup, outcomes, opts.warmupShare ?? 0.1) };
}

/** Several scenarios in turn (the frontier's points), reporting each one done. */
export function simulateAll(
  scenarios: readonly unknown[],
  catalog: Catalog,
  opts: SimulationOptions = {},
  onProgress?: (done: number) => void,
): SimulationOutcome[] {
  return scenarios.map((s, i) => {
    const r = simulate(s, catalog, opts);
    onProgress?.(i + 1);
    return r;
  });
}

function engineSetup(
  p: Prepared,
  served: Served,
  cal: Calibration,
  requests: number,
  seed: number,
): EngineSetup {
  const w = p.workload;
  const L = p.decodeLayout;
  const ctx = stepContext(p, cal, L);
  const instances = L.instances;
  const ranks = L.attentionDpRanks;
  // Slots per rank as memory and the engine allow: the load comes from the simulated users.
  const maxPerRank = Math.max(
    1,
    runningSequences(L, { ...w, concurrency: Infinity }, cal, ctx) / (instances * ranks),
  );
  const prefillTokens = served.prefixCache?.missTokensPerRequest ?? w.inputTokens;
  const chunkTokens = chunkTokensPerRank(ctx, prefillTokens);
  const decode = buildStepTable({
    ctx,
    maxPerRank: Math.ceil(maxPerRank) + 1,
    tokensPerSeq: 1 + w.draftTokens,
    draftTokens: w.draftTokens,
    decodeContextTokens: decodeContext(w),
    promptTokens: w.inputTokens,
    chunkTokens,
  });
  const sc = p.scenario.workload;
  // `concurrency` counts requests in flight; sessions also think between turns, so as many more
  // users as keep that many in flight (Little's law at the plan's latency).
  const requestSeconds = meanRequestMs(served, w.outputTokens) / 1000;
  const thinking = p.shape.turns > 1 ? p.shape.thinkSeconds / Math.max(1e-9, requestSeconds) : 0;
  return {
    shape: p.shape,
    protocol: w.protocol,
    users: Math.max(1, Math.round((w.concurrency / instances) * (1 + thinking))),
    requestsPerSec: (sc.requestsPerSec ?? 1) / instances,
    burstiness: sc.burstiness ?? 1,
    ranks,
    maxPerRank: Math.max(1, Math.round(maxPerRank)),
    acceptanceLength: w.acceptanceLength,
    requestOverheadMs: cal.frameworks[ctx.framework].requestOverheadMs,
    cycleMs: (w.concurrency / Math.max(1e-9, served.requestsPerSec)) * 1000,
    decode,
    prefill: p.prefillLayout ? prefillServers(p, served, cal, prefillTokens) : null,
    cache: simCache(p, served),
    requests,
    rng: seeded(seed),
  };
}

/** The prefill pool's share of one decode instance: its ranks, each batching whole prompts. */
function prefillServers(
  p: Prepared,
  served: Served,
  cal: Calibration,
  tokens: number,
): PrefillServers {
  const P = p.prefillLayout!;
  const ctx = stepContext(p, cal, P);
  const budget = prefillBudget(ctx.framework, ctx.hardware, P.attentionDpRanks);
  const perStep = promptsPerPrefillStep(budget, tokens);
  const stepOf = (count: number, len: number) =>
    stepTime(ctx, prefillBatchLoad(count, len, p.workload.inputTokens, P.attentionDpRanks)).totalMs;
  const byCount = Array.from({ length: perStep }, (_, i) => stepOf(i + 1, tokens));
  // Servers per decode instance; a fractional share runs proportionally slower.
  const share = (P.instances * P.attentionDpRanks) / p.decodeLayout.instances;
  const servers = Math.max(1, Math.ceil(share));
  const slower = servers / share;
  return {
    servers,
    perStep,
    batchTokens: budget.batchTokensPerRank,
    stepMs: (count, len) =>
      byCount[Math.min(perStep, Math.max(1, count)) - 1]! * (len / tokens) * slower,
    transferMs: served.kvTransferMs ?? 0,
  };
}

/** The cache per rank in tokens: the plan's tiers, the shared prefix set aside in the first. */
function simCache(p: Prepared, served: Served): SimCache | null {
  const c = served.prefixCache;
  if (!c) return null;
  const perToken = c.kvBytesPerTokenPerGpu;
  const msPerToken = (bps: number) => (bps === Infinity ? 0 : (perToken / bps) * 1000);
  const recomputed = new Set<CacheTier>(c.recomputedTiers);
  let shared = p.shape.sharedPrefixTokens;
  let sharedTier: CacheTier | null = null;
  let sharedMs = 0;
  const tiers = c.tiers.map((t) => {
    let tokens = (c.capacityBytesPerGpu[t.tier] ?? 0) / perToken;
    if (shared > 0 && tokens >= shared && sharedTier === null) {
      sharedTier = recomputed.has(t.tier) ? null : t.tier;
      sharedMs = msPerToken(t.readBytesPerSecPerGpu);
      tokens -= shared;
      shared = 0;
    }
    return {
      tier: t.tier,
      capacityTokens: tokens,
      msPerToken: msPerToken(t.readBytesPerSecPerGpu),
    };
  });
  const last = c.tiers[c.tiers.length - 1]!;
  return {
    tiers,
    recomputed,
    sharedTier,
    sharedMsPerToken: sharedMs,
    measuredShare: p.shape.cachedInputShare === null ? null : c.hitRate,
    measuredMsPerToken: msPerToken(last.readBytesPerSecPerGpu),
  };
}

function summarise(
  p: Prepared,
  served: Served,
  setup: EngineSetup,
  all: Outcome[],
  warmupShare: number,
): SimulationResult {
  const sorted = [...all].sort((x, y) => x.finishMs - y.finishMs);
  const skip = Math.min(sorted.length - 1, Math.floor(sorted.length * warmupShare));
  const kept = sorted.slice(Math.max(0, skip));
  const n = kept.length;
  const ttft = new Float64Array(n);
  const e2e = new Float64Array(n);
  const tpotList: number[] = [];
  let input = 0;
  let output = 0;
  const hits: ByTier<number> = { hbm: 0, dram: 0, nvme: 0 };
  let hitAll = 0;
  kept.forEach((o, i) => {
    ttft[i] = o.firstTokenMs - o.arrivalMs;
    e2e[i] = o.finishMs - o.arrivalMs;
    if (o.outputTokens > 1) tpotList.push((o.finishMs - o.firstTokenMs) / (o.outputTokens - 1));
    input += o.inputTokens;
    output += o.outputTokens;
    hitAll += o.hitTokens;
    if (o.hitTier) hits[o.hitTier] += o.hitTokens;
  });
  const tpot = Float64Array.from(tpotList);
  const from = skip > 0 ? sorted[skip - 1]!.finishMs : 0;
  const seconds = Math.max(1e-9, (kept[n - 1]!.finishMs - from) / 1000);
  const instances = p.decodeLayout.instances;
  const rate = (n / seconds) * instances;
  const gpus = p.scenario.gpus;
  return {
    requests: n,
    simulatedRequests: all.length,
    simulatedSeconds: seconds,
    ttftMs: percentiles(ttft),
    tpotMs: percentiles(tpot),
    e2eMs: percentiles(e2e),
    histograms: {
      ttftMs: logHistogram(ttft),
      tpotMs: logHistogram(tpot),
      e2eMs: logHistogram(e2e),
    },
    prefixCacheHitRate: input > 0 ? hitAll / input : 0,
    prefixCacheHitRateByTier: Object.fromEntries(
      CACHE_TIERS.map((t) => [t, input > 0 ? hits[t] / input : 0]),
    ) as ByTier<number>,
    requestsPerSec: rate,
    outputTokPerSecPerGpu: (rate * (output / n)) / gpus,
    instances,
    ranksPerInstance: setup.ranks,
    mode: p.prefillLayout ? 'disaggregated' : 'aggregated',
    plan: { ttftMs: served.ttftMs, tpotMs: served.tpotMs, requestsPerSec: served.requestsPerSec },
  };
}
