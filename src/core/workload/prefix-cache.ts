import type { HardwareSpec } from '../hardware/schema';
import { GIB } from '../hardware/schema';
import type { PrefixCache } from '../scenario/schema';
import type { WorkloadShape } from './shape';
import { reusableTokens } from './shape';

/** Where a reused prefix's KV can wait for its next turn, fastest first. */
export const CACHE_TIERS = ['hbm', 'dram', 'nvme'] as const;
export type CacheTier = (typeof CACHE_TIERS)[number];
export type ByTier<T> = Record<CacheTier, T>;

/**
 * Read rate of local NVMe per GPU when neither the scenario nor the hardware gives one: one
 * PCIe Gen4 x4 drive per GPU (DGX H100/B200 carry 8 U.2 cache drives per 8 GPUs), 16 GT/s × 4
 * lanes ≈ 7.9 GB/s. The drive's interface rate, an upper bound of what it reads: an assumption,
 * said with every figure that uses it.
 */
export const ASSUMED_NVME_BYTES_PER_SEC = 7.9e9;
/** PCIe Gen5 x16 one way, from its signalling rate (reference/engines.md §9), for hardware
 * without a host in the catalog. */
export const ASSUMED_HOST_LINK_BYTES_PER_SEC = 63e9;

/** One tier as this deployment can use it. */
export interface TierSpec {
  tier: CacheTier;
  bytesPerGpu: number;
  /** Rate at which a hit's KV reaches the GPU (Infinity for HBM). */
  readBytesPerSecPerGpu: number;
  /** Where the figures come from (catalog host, the scenario, an assumption). */
  basis: string;
  assumed: boolean;
}

/**
 * The tiers a scenario keeps prefixes in. Every engine caches prefixes in GPU memory by default
 * and offers host DRAM and local NVMe tiers (reference/engines.md §6.6: SGLang HiCache L2/L3,
 * vLLM offloading connectors, TensorRT-LLM host/disk cache, ATOM's LMCache offload).
 */
export function cacheTiers(cache: PrefixCache | undefined, hardware: HardwareSpec): TierSpec[] {
  const c = cache ?? { hbm: true, hostDramGiB: 0, nvmeGiB: 0 };
  const host = hardware.host;
  const link = host?.linkBytesPerSecPerGpu ?? ASSUMED_HOST_LINK_BYTES_PER_SEC;
  const linkBasis = host
    ? `${host.linkTech} (${hardware.name} host)`
    : 'PCIe Gen5 x16 assumed (no host in the catalog)';
  const tiers: TierSpec[] = [];
  if (c.hbm)
    tiers.push({
      tier: 'hbm',
      // What the running requests leave free depends on how many run: set per concurrency.
      bytesPerGpu: 0,
      readBytesPerSecPerGpu: Infinity,
      basis: 'GPU memory the running requests leave free',
      assumed: false,
    });
  if (c.hostDramGiB > 0)
    tiers.push({
      tier: 'dram',
      bytesPerGpu: c.hostDramGiB * GIB,
      readBytesPerSecPerGpu: link,
      basis: linkBasis,
      assumed: !host,
    });
  if (c.nvmeGiB > 0) {
    const given = c.nvmeGBps !== undefined;
    const nvme = given ? c.nvmeGBps! * 1e9 : ASSUMED_NVME_BYTES_PER_SEC;
    tiers.push({
      tier: 'nvme',
      bytesPerGpu: c.nvmeGiB * GIB,
      readBytesPerSecPerGpu: Math.min(nvme, link),
      basis: given
        ? 'the scenario’s NVMe read rate'
        : 'one PCIe Gen4 x4 drive per GPU assumed (~7.9 GB/s)',
      assumed: !given,
    });
  }
  return tiers;
}

export interface CacheInputs {
  shape: WorkloadShape;
  tiers: TierSpec[];
  /** KV one GPU holds per token of a sequence (its TP/PP share). */
  kvBytesPerTokenPerGpu: number;
  /** Requests in flight per GPU (running and queued). */
  requestsPerGpu: number;
  /** Mean end-to-end latency of a request (s): with think time, how long a session lives. */
  requestSeconds: number;
  /** GPUs of one attention rank: each loads its share of a hit's KV at once. */
  rankGpus: number;
  /** GPU time prefilling one prompt token takes (GPU-seconds): an engine recomputes a prefix
   * that is slower to load. */
  recomputeGpuSecondsPerToken: number;
}

export interface PrefixCachePlan {
  /** Share of prompt tokens served from a cache. */
  hitRate: number;
  /** Share of prompt tokens served from each tier. */
  hitRateByTier: ByTier<number>;
  /** Per request: prompt tokens found in a cache, and those prefilled. */
  hitTokensPerRequest: number;
  missTokensPerRequest: number;
  /** Per request: moving its hits from DRAM/NVMe into GPU memory (ms), and the GPU time that
   * holds the rank's GPUs (GPU-seconds; priced as if they waited for it). */
  loadMsPerRequest: number;
  loadGpuSecondsPerRequest: number;
  /** KV one GPU holds per token of a sequence (what a tier's bytes are counted in). */
  kvBytesPerTokenPerGpu: number;
  /** KV the live sessions keep between turns, per GPU, and what each tier holds of it. */
  workingSetBytesPerGpu: number;
  sharedPrefixBytesPerGpu: number;
  capacityBytesPerGpu: ByTier<number>;
  /** Sessions alive per GPU (in a turn or thinking). */
  liveSessionsPerGpu: number;
  /** Tiers whose hits an engine recomputes (slower to load than to prefill). */
  recomputedTiers: CacheTier[];
  tiers: TierSpec[];
}

const zero = (): ByTier<number> => ({ hbm: 0, dram: 0, nvme: 0 });

/**
 * Which prompt tokens a least-recently-used prefix cache serves, and from which tier.
 *
 * The shared prefix is read by every request: it stays in the fastest tier with room. A session's
 * context is reused once per turn, after its think time and its answer; in between, the other
 * live sessions write theirs. With exponential gaps, the characteristic-time approximation of
 * LRU (Che, Tung & Wang 2002) gives each tier stack a hit probability of its capacity over the
 * sessions' working set (capped at 1): the tiers together act as one LRU, and a hit is read from
 * the fastest tier that still holds it. A session's first turn finds only the shared prefix.
 */
export function prefixCachePlan(inp: CacheInputs): PrefixCachePlan | null {
  const { shape, tiers } = inp;
  if (reusableTokens(shape) <= 0 || tiers.length === 0) return null;
  const perToken = inp.kvBytesPerTokenPerGpu;
  if (shape.cachedInputShare !== null) return measuredShare(inp, shape.cachedInputShare);
  const sharedBytes = shape.sharedPrefixTokens * perToken;
  const liveSessions =
    shape.turns > 1
      ? inp.requestsPerGpu * (1 + shape.thinkSeconds / Math.max(1e-9, inp.requestSeconds))
      : 0;
  const workingSet = liveSessions * shape.sessionContextTokens * perToken;
  const capacity = zero();
  const hitByTier = zero();
  const recomputed: CacheTier[] = [];
  let sharedLeft = sharedBytes;
  let sharedTier: CacheTier | null = null;
  let stacked = 0;
  let covered = 0;
  for (const t of tiers) {
    capacity[t.tier] = t.bytesPerGpu;
    const forShared = Math.min(sharedLeft, t.bytesPerGpu);
    if (sharedLeft > 0 && forShared >= sharedLeft) sharedTier = t.tier;
    sharedLeft -= forShared;
    stacked += t.bytesPerGpu - forShared;
    const upTo = workingSet > 0 ? Math.min(1, stacked / workingSet) : 0;
    const loadGpuSecondsPerToken = (perToken / t.readBytesPerSecPerGpu) * inp.rankGpus;
    const tokens = (upTo - covered) * shape.sessionPrefixTokens;
    covered = upTo;
    if (loadGpuSecondsPerToken >= inp.recomputeGpuSecondsPerToken) {
      if (tokens > 0 || (sharedTier === t.tier && shape.sharedPrefixTokens > 0))
        recomputed.push(t.tier);
      continue;
    }
    hitByTier[t.tier] += tokens;
    if (sharedTier === t.tier) hitByTier[t.tier] += shape.sharedPrefixTokens;
  }
  const hitTokens = CACHE_TIERS.reduce((s, t) => s + hitByTier[t], 0);
  const loadMs = tiers.reduce(
    (s, t) =>
      s +
      (t.readBytesPerSecPerGpu === Infinity
        ? 0
        : ((hitByTier[t.tier] * perToken) / t.readBytesPerSecPerGpu) * 1000),
    0,
  );
  const input = shape.inputTokens;
  return {
    hitRate: hitTokens / input,
    hitRateByTier: {
      hbm: hitByTier.hbm / input,
      dram: hitByTier.dram / input,
      nvme: hitByTier.nvme / input,
    },
    hitTokensPerRequest: hitTokens,
    missTokensPerRequest: Math.max(1, input - hitTokens),
    loadMsPerRequest: loadMs,
    loadGpuSecondsPerRequest: (loadMs / 1000) * inp.rankGpus,
    kvBytesPerTokenPerGpu: perToken,
    workingSetBytesPerGpu: workingSet,
    sharedPrefixBytesPerGpu: sharedBytes,
    capacityBytesPerGpu: capacity,
    liveSessionsPerGpu: liveSessions,
    recomputedTiers: recomputed,
    tiers,
  };
}

/** A measured hit share, read from the slowest tier the cache has (DeepSeek's service read its
 * hits from disk), or recomputed where that is slower. */
function measuredShare(inp: CacheInputs, share: number): PrefixCachePlan {
  const t = inp.tiers[inp.tiers.length - 1]!;
  const perToken = inp.kvBytesPerTokenPerGpu;
  const loadGpuSecondsPerToken = (perToken / t.readBytesPerSecPerGpu) * inp.rankGpus;
  const recompute = loadGpuSecondsPerToken >= inp.recomputeGpuSecondsPerToken;
  const hitTokens = recompute ? 0 : share * inp.shape.inputTokens;
  const loadMs =
    t.readBytesPerSecPerGpu === Infinity
      ? 0
      : ((hitTokens * perToken) / t.readBytesPerSecPerGpu) * 1000;
  const byTier = zero();
  byTier[t.tier] = recompute ? 0 : share;
  return {
    hitRate: recompute ? 0 : share,
    hitRateByTier: byTier,
    hitTokensPerRequest: hitTokens,
    missTokensPerRequest: Math.max(1, inp.shape.inputTokens - hitTokens),
    loadMsPerRequest: loadMs,
    loadGpuSecondsPerRequest: (loadMs / 1000) * inp.rankGpus,
    kvBytesPerTokenPerGpu: perToken,
    workingSetBytesPerGpu: 0,
    sharedPrefixBytesPerGpu: 0,
    capacityBytesPerGpu: Object.fromEntries(
      CACHE_TIERS.map((c) => [c, inp.tiers.find((x) => x.tier === c)?.bytesPerGpu ?? 0]),
    ) as ByTier<number>,
    liveSessionsPerGpu: 0,
    recomputedTiers: recompute ? [t.tier] : [],
    tiers: inp.tiers,
  };
}
