import type { Catalog } from '../catalog';
import { economics } from '../economics';
import { enginesFor, runsOn } from '../framework';
import { poolCosts } from '../pool-costs';
import { resolveUsdPerGpuHour } from '../price';
import { prepare } from '../prepare';
import type { Served } from '../prepare';
import type { Framework, ScenarioInput } from '../scenario/schema';
import { SANE_TTFT_MS } from '../serving';
import type { SweepSeries } from '../sweep';
import { servedLoads, sweepGroups } from '../sweep';
import type { Demand, Ranking } from './demand';
import { peakRequestsPerSec } from './demand';

/** Hours in an average month (365.25 × 24 / 12). */
export const HOURS_PER_MONTH = 730.5;

/** One fleet that serves the peak within the SLA: `replicas` copies of `scenario`. */
export interface Recommendation {
  /** One replica, at the requests in flight it runs at the peak: plan() reproduces its figures. */
  scenario: ScenarioInput;
  replicas: number;
  /** GPUs of one replica and of the fleet. */
  gpusPerReplica: number;
  gpus: number;
  /** Requests per second one replica serves within the SLA. */
  requestsPerSecPerReplica: number;
  /** Spare capacity at the peak: replicas × rate / peak − 1. */
  headroom: number;
  usdPerGpuHour: number | null;
  usdPerHour: number | null;
  usdPerMonth: number | null;
  /** Power of the fleet at the hardware's all-in kW per GPU (or TDP where unknown). */
  megawatts: number;
  powerBasis: 'all-in facility' | 'TDP';
  /** $/M output tokens of one replica (the Planner's definition, COST_DEFINITION). */
  usdPerMillionOutputTokens: number | null;
  ttftMs: number;
  tpotMs: number;
  tokPerSecPerUser: number;
  mode: 'aggregated' | 'disaggregated';
}

export interface SearchResult {
  peakRequestsPerSec: number;
  /** Ranked by the demand's `rankBy`, best first; one per layout tried (the best concurrency). */
  recommendations: Recommendation[];
  /** Configurations evaluated (layouts × concurrencies). */
  configurations: number;
  /** Candidates the demand named that the search could not use, with why. */
  skipped: string[];
}

/** Hardware × engine series of a demand: its frameworks, or every engine that runs there. */
export function demandSeries(
  d: Demand,
  catalog: Catalog,
): { series: SweepSeries[]; skipped: string[] } {
  const series: SweepSeries[] = [];
  const skipped: string[] = [];
  for (const id of d.hardware) {
    const hw = catalog.hardware.get(id);
    if (!hw) {
      skipped.push(`${id}: not in the catalog`);
      continue;
    }
    const engines: Framework[] = d.frameworks
      ? d.frameworks.filter((f) => runsOn(f, hw))
      : enginesFor(hw);
    if (engines.length === 0) skipped.push(`${id}: none of the engines asked for runs on it`);
    for (const framework of engines)
      series.push({ hardware: id, weights: d.precision.weights, framework });
  }
  return { series, skipped };
}

const RANK_VALUE: Record<Ranking, (r: Recommendation) => number | null> = {
  usdPerHour: (r) => r.usdPerHour,
  gpus: (r) => r.gpus,
  megawatts: (r) => r.megawatts,
  usdPerMillionOutputTokens: (r) => r.usdPerMillionOutputTokens,
};

/** Best first by the ranking (unpriced last), then by $/hour, GPUs and headroom. */
export function compareRecommendations(rankBy: Ranking) {
  const value = RANK_VALUE[rankBy];
  const num = (x: number | null) => (x === null ? Infinity : x);
  return (a: Recommendation, b: Recommendation) =>
    num(value(a)) - num(value(b)) ||
    num(a.usdPerHour) - num(b.usdPerHour) ||
    a.gpus - b.gpus ||
    b.headroom - a.headroom;
}

/**
 * The capacity search (design §2): every layout of the sweep's capacity grid (GPUs per replica,
 * TP/EP/attention-DP, disaggregated pools, MTP on and off) on every candidate hardware and engine;
 * for each, the concurrency per replica that serves the most requests per second within the SLA,
 * then the replicas the peak needs. Per-user speed falls as concurrency rises, so the scan of a
 * layout stops at the first concurrency that misses a TPOT or tok/s bound.
 */
export function searchCapacity(d: Demand, catalog: Catalog): SearchResult {
  const peak = peakRequestsPerSec(d);
  const { series, skipped } = demandSeries(d, catalog);
  const ttftBound = Math.min(d.sla.ttftMs ?? SANE_TTFT_MS, SANE_TTFT_MS);
  const recommendations: Recommendation[] = [];
  let configurations = 0;
  const prefillOn = crossPrefillCandidates(d, catalog);

  /** One layout at every concurrency: its best fleet, if any serves the peak within the SLA. */
  const evaluate = (base: ScenarioInput, concurrencies: readonly number[]) => {
    configurations += concurrencies.length;
    const r = prepare(base, catalog);
    if (!r.ok || !r.prepared.runs) return;
    const p = r.prepared;
    // A replica is one serving instance: several instances on one scenario are the same fleet
    // as that many replicas of one.
    if (!p.prefillLayout && p.decodeLayout.instances > 1) return;
    let best: { c: number; rate: number; f: Served } | null = null;
    for (const { c, f } of servedLoads(p, concurrencies)) {
      if (d.sla.tpotMs !== undefined && f.tpotMs > d.sla.tpotMs) break;
      if (d.sla.tokPerSecPerUser !== undefined && f.tokPerSecPerUser < d.sla.tokPerSecPerUser)
        break;
      if (f.ttftMs > ttftBound) continue;
      if (!best || f.requestsPerSec > best.rate) best = { c, rate: f.requestsPerSec, f };
    }
    if (!best || !(best.rate > 0)) return;
    const replicas = Math.max(1, Math.ceil(peak / best.rate - 1e-9));
    const unitGpus = p.scenario.gpus;
    const costs = poolCosts(p, d.power === 'tdp');
    const price = costs.usdPerGpuHour;
    const gpus = replicas * unitGpus;
    const usdPerHour = price === null ? null : gpus * price;
    const cost = economics(
      best.f,
      d.workload.inputTokens,
      d.workload.outputTokens,
      price,
      d.model,
      costs.prefillCostShare ?? best.f.prefillGpuTimeShare,
      best.f.prefixCache,
    );
    recommendations.push({
      scenario: { ...base, workload: { ...base.workload, concurrency: best.c } },
      replicas,
      gpusPerReplica: unitGpus,
      gpus,
      requestsPerSecPerReplica: best.rate,
      headroom: (replicas * best.rate) / peak - 1,
      usdPerGpuHour: price,
      usdPerHour,
      usdPerMonth: usdPerHour === null ? null : usdPerHour * HOURS_PER_MONTH,
      megawatts: (gpus * costs.power.watts) / 1e6,
      powerBasis: costs.power.basis,
      usdPerMillionOutputTokens: cost.usdPerMillionOutputTokens,
      ttftMs: best.f.ttftMs,
      tpotMs: best.f.tpotMs,
      tokPerSecPerUser: best.f.tokPerSecPerUser,
      mode: p.prefillLayout ? 'disaggregated' : 'aggregated',
    });
  };

  const groups = sweepGroups(
    {
      model: d.model,
      series,
      inputTokens: d.workload.inputTokens,
      outputTokens: d.workload.outputTokens,
      disaggregated: d.disaggregation,
      speculative: d.speculative,
      resolution: 'capacity',
    },
    catalog,
  );
  for (const group of groups) {
    const { cachedInputShare, prefixCache } = d.workload;
    const base: ScenarioInput = {
      ...group.base,
      workload: {
        ...group.base.workload,
        ...(cachedInputShare !== undefined ? { cachedInputShare } : {}),
        ...(prefixCache ? { prefixCache } : {}),
      },
      precision: { weights: d.precision.weights, kvCache: d.precision.kvCache },
      pricing: d.pricing,
    };
    evaluate(base, group.concurrencies);
    // The same pools with prefill on another candidate accelerator.
    const dis = base.disaggregation;
    if (!dis) continue;
    for (const other of prefillOn) {
      const hw = catalog.hardware.get(other)!;
      // One vendor's machines only: the KV cache crosses between two installs of one engine,
      // which no engine documents across NVIDIA and AMD.
      if (other === base.hardware || hw.vendor !== catalog.hardware.get(base.hardware)!.vendor)
        continue;
      if (!runsOn(base.framework ?? 'sglang', hw)) continue;
      evaluate(
        { ...base, disaggregation: { ...dis, prefill: { ...dis.prefill, hardware: other } } },
        group.concurrencies,
      );
    }
  }
  recommendations.sort(compareRecommendations(d.rankBy));
  return { peakRequestsPerSec: peak, recommendations, configurations, skipped };
}

/** How many accelerators a disaggregated fleet may take its prefill pool from. */
export const CROSS_PREFILL_CANDIDATES = 2;

/**
 * The candidates a prefill pool may run on apart from its decode pool's accelerator: prefill is
 * compute-bound, so the ones with the most dense FP8 (else BF16) FLOP/s per dollar, at most
 * CROSS_PREFILL_CANDIDATES of them (each one multiplies the disaggregated layouts tried). None
 * when the demand names a single accelerator or no disaggregation.
 */
export function crossPrefillCandidates(d: Demand, catalog: Catalog): string[] {
  if (!d.disaggregation) return [];
  const priced = d.hardware.flatMap((id) => {
    const hw = catalog.hardware.get(id);
    if (!hw) return [];
    const usd = resolveUsdPerGpuHour({ pricing: d.pricing }, hw);
    const flops = hw.denseFlopsPerSec.fp8 ?? hw.denseFlopsPerSec.bf16;
    return usd !== null && flops ? [{ id, perUsd: flops / usd }] : [];
  });
  if (priced.length < 2) return [];
  return priced
    .sort((a, b) => b.perUsd - a.perUsd)
    .slice(0, CROSS_PREFILL_CANDIDATES)
    .map((x) => x.id);
}
