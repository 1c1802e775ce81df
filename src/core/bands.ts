import type { Economics, Energy } from './economics';
import type { Prepared } from './prepare';
import type { ServingFigures } from './serving';
import type { BandsFile } from './bands-file';
import { memoOn } from './memo';

/**
 * Error bands: how far published measurements fall from the app's predictions when the
 * measurement's own source was held out of the fit (`npm run bands`, scripts/bands/build.ts).
 * For each class of comparable rows (metric × serving mode × framework × GPU generation × load
 * per attention rank; priced from kernel tables or, as on GPUs without them, from rooflines
 * alone, whose residuals come from every row predicted as if its GPU had no tables) the 10th
 * and 90th percentiles of predicted / measured; a class with too few rows falls back to a
 * coarser one. Percentiles pooled over many sources hold fewer than 80% of the rows of a source
 * they were not built from (a new source brings its own offset), and a user's deployment is such
 * a source: so each family's bands are widened about their centre, in log space, by the least
 * factor that makes bands rebuilt without each source hold 80% of that source's rows
 * (cross-validated, one number per family). A predicted x then carries [x / hi, x / lo].
 */

/** What a residual measures: the three families every figure derives from. */
export const BAND_METRICS = ['ttft', 'tpot', 'throughput'] as const;
export type BandMetric = (typeof BAND_METRICS)[number];

export type LoadRegime = '≤ 4 per rank' | '5–32 per rank' | '33–128 per rank' | '> 128 per rank';

export function loadRegime(requestsPerRank: number): LoadRegime {
  if (requestsPerRank <= 4) return '≤ 4 per rank';
  if (requestsPerRank <= 32) return '5–32 per rank';
  if (requestsPerRank <= 128) return '33–128 per rank';
  return '> 128 per rank';
}

/** The load regime of a prepared deployment at `concurrency` requests in flight. */
export function loadOf(p: Prepared, concurrency = p.concurrency): LoadRegime {
  const l = p.decodeLayout;
  return loadRegime(concurrency / (l.instances * l.attentionDpRanks));
}

/** How a prepared deployment's decode steps are priced. */
export const pricingOf = (p: Prepared): BandPricing => (p.kernels ? 'kernels' : 'rooflines');

/** The class of a prepared deployment at `concurrency` requests in flight (its own by default). */
export function bandClassOf(p: Prepared, concurrency = p.concurrency): Omit<BandClass, 'metric'> {
  return {
    pricing: pricingOf(p),
    mode: p.prefillLayout ? 'disaggregated' : 'aggregated',
    framework: p.scenario.framework,
    generation: p.hardware.generation,
    load: loadOf(p, concurrency),
  };
}

/** How the decode pool's steps are priced: from its GPU's and engine's measured kernel tables,
 * or (none measured: AMD, H20, H800, custom hardware, the generic engine) from rooflines alone. */
export type BandPricing = 'kernels' | 'rooflines';

export interface BandClass {
  metric: BandMetric;
  pricing: BandPricing;
  mode: 'aggregated' | 'disaggregated';
  framework: string;
  generation: string;
  load: LoadRegime;
}

/** The family a class is widened with: its metric, under kernel tables or rooflines alone. */
export function familyOf(c: Pick<BandClass, 'metric' | 'pricing'>): string {
  return c.pricing === 'kernels' ? c.metric : `rooflines|${c.metric}`;
}

/** Keys from the finest class to the coarsest; the first with enough rows gives the band. A
 * roofline-priced class only pools residuals predicted with rooflines alone. */
export function bandKeys(c: BandClass): string[] {
  const family = familyOf(c);
  return [
    [family, c.mode, c.framework, c.generation, c.load].join('|'),
    [family, c.mode, c.framework, c.load].join('|'),
    [family, c.mode, c.load].join('|'),
    [family, c.mode].join('|'),
    family,
  ];
}

export interface RatioBand {
  /** 10th and 90th percentile of predicted / measured. */
  q10: number;
  q90: number;
  /** The family's widening of [q10, q90] (log space, about its centre), and the range it gives. */
  widening: number;
  lo: number;
  hi: number;
  /** Held-out rows behind it, and the class they were pooled at. */
  rows: number;
  key: string;
}

/** Share of a new source's figures each family's band is widened to hold. */
export const TARGET_COVERAGE = 0.8;

/** A short fingerprint of a calibration (FNV-1a over its JSON), to tell stale bands. */
export function calibrationFingerprint(cal: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(cal)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The band of the finest class with enough held-out rows (null without bands loaded). */
const bandCache = new WeakMap<BandsFile, Map<string, RatioBand | null>>();

export function ratioBand(c: BandClass, file: BandsFile | undefined): RatioBand | null {
  if (!file) return null;
  const per = memoOn(bandCache, file, () => new Map<string, RatioBand | null>());
  const id = `${familyOf(c)}|${c.mode}|${c.framework}|${c.generation}|${c.load}`;
  let hit = per.get(id);
  if (hit === undefined) {
    hit = null;
    for (const key of bandKeys(c)) {
      const b = file.bands[key];
      if (b && b.rows >= file.minRows) {
        hit = Object.freeze({ ...b, ...widened(b, file.widening?.[familyOf(c)] ?? 1), key });
        break;
      }
    }
    per.set(id, hit);
  }
  return hit;
}

/** [q10, q90] scaled by `widening` about their geometric centre. */
export function widened(
  b: { q10: number; q90: number },
  widening: number,
): { widening: number; lo: number; hi: number } {
  const centre = Math.sqrt(b.q10 * b.q90);
  return {
    widening,
    lo: centre * (b.q10 / centre) ** widening,
    hi: centre * (b.q90 / centre) ** widening,
  };
}

/** The least widening (≥ 1, in steps of 0.05) under which `target` of the figures lie inside the
 * percentiles they were checked against: each figure's ratio with the q10/q90 of bands built
 * without its source. */
export function wideningToCover(
  heldOut: ReadonlyArray<{ ratio: number; q10: number; q90: number }>,
  target = TARGET_COVERAGE,
): number {
  if (heldOut.length === 0) return 1;
  for (let k = 1; ; k = Math.round((k + 0.05) * 100) / 100) {
    let inside = 0;
    for (const h of heldOut) {
      const { lo, hi } = widened(h, k);
      if (h.ratio >= lo && h.ratio <= hi) inside++;
    }
    if (inside >= target * heldOut.length || k >= 10) return k;
  }
}

/** The 80% range of a figure predicted as `x`, whose class's residuals are `band`. `inverse`
 * for figures proportional to 1 / the banded metric (tok/s per user from TPOT, $/M from tok/s). */
export function rangeOf(
  x: number,
  band: RatioBand | null,
  inverse = false,
): [number, number] | null {
  if (band === null || !Number.isFinite(x)) return null;
  return inverse ? [x * band.lo, x * band.hi] : [x / band.hi, x / band.lo];
}

/** Percentile by linear interpolation of sorted values (q in 0..1). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** Bands of every class (and their coarser pools) from held-out ratios. */
export function bandsFrom(
  residuals: ReadonlyArray<{ cls: BandClass; ratio: number }>,
  minRows: number,
): BandsFile['bands'] {
  const pools = new Map<string, number[]>();
  for (const r of residuals)
    for (const key of bandKeys(r.cls)) {
      const pool = pools.get(key);
      if (pool) pool.push(r.ratio);
      else pools.set(key, [r.ratio]);
    }
  const out: BandsFile['bands'] = {};
  for (const key of [...pools.keys()].sort()) {
    const sorted = pools.get(key)!.sort((a, b) => a - b);
    if (sorted.length < minRows) continue;
    out[key] = {
      q10: round3(quantile(sorted, 0.1)),
      q90: round3(quantile(sorted, 0.9)),
      rows: sorted.length,
    };
  }
  return out;
}

/** A percentile of a few dozen ratios: three digits are all it carries. */
const round3 = (x: number) => Number(x.toPrecision(3));

/** Share of held-out rows whose measurement lies inside the band of their class. */
export function coverage(
  residuals: ReadonlyArray<{ cls: BandClass; ratio: number }>,
  file: BandsFile,
): { covered: number; rows: number; share: number } {
  let covered = 0;
  let rows = 0;
  for (const r of residuals) {
    const b = ratioBand(r.cls, file);
    if (!b) continue;
    rows++;
    if (r.ratio >= b.lo && r.ratio <= b.hi) covered++;
  }
  return { covered, rows, share: rows ? covered / rows : NaN };
}

export type Range = [number, number] | null;

/** What a plan's bands are looked up by, and the figures they bound. */
export type BandedFigures = Pick<
  ServingFigures,
  | 'ttftMs'
  | 'tpotMs'
  | 'stepMs'
  | 'tokPerSecPerUser'
  | 'outputTokPerSecPerGpu'
  | 'totalTokPerSecPerGpu'
  | 'requestsPerSec'
> &
  Pick<Energy, 'joulesPerOutputToken' | 'joulesPerToken'> & {
    cls: Omit<BandClass, 'metric'>;
    cost: Pick<
      Economics,
      | 'usdPerMillionOutputTokens'
      | 'usdPerMillionInputTokens'
      | 'usdPerMillionTokensBlended'
      | 'usdPerMillionOutputTokensAllIn'
    >;
  };

export interface FigureRanges {
  /** The held-out class each family's band came from (null: no band). */
  bands: Record<BandMetric, RatioBand | null>;
  latency: { ttftMsRange: Range; tpotMsRange: Range; stepMsRange: Range };
  throughput: {
    tokPerSecPerUserRange: Range;
    outputTokPerSecPerGpuRange: Range;
    totalTokPerSecPerGpuRange: Range;
    requestsPerSecRange: Range;
  };
  cost: {
    usdPerMillionOutputTokensRange: Range;
    usdPerMillionInputTokensRange: Range;
    usdPerMillionTokensBlendedRange: Range;
    usdPerMillionOutputTokensAllInRange: Range;
  };
  energy: { joulesPerOutputTokenRange: Range; joulesPerTokenRange: Range };
}

/**
 * The 80% range of every predicted figure: latencies from their own family's band; per-user
 * speed from TPOT's (inverse); throughput, and what is proportional to its inverse (cost and
 * energy per token), from the throughput band.
 */
export function figureRanges(f: BandedFigures, file: BandsFile | undefined): FigureRanges {
  const band = (metric: BandMetric) => ratioBand({ ...f.cls, metric }, file);
  const ttft = band('ttft');
  const tpot = band('tpot');
  const tput = band('throughput');
  const perToken = (x: number | null) => (x === null ? null : rangeOf(x, tput, true));
  return {
    bands: { ttft, tpot, throughput: tput },
    latency: {
      ttftMsRange: rangeOf(f.ttftMs, ttft),
      tpotMsRange: rangeOf(f.tpotMs, tpot),
      stepMsRange: rangeOf(f.stepMs, tpot),
    },
    throughput: {
      tokPerSecPerUserRange: rangeOf(f.tokPerSecPerUser, tpot, true),
      outputTokPerSecPerGpuRange: rangeOf(f.outputTokPerSecPerGpu, tput),
      totalTokPerSecPerGpuRange: rangeOf(f.totalTokPerSecPerGpu, tput),
      requestsPerSecRange: rangeOf(f.requestsPerSec, tput),
    },
    cost: {
      usdPerMillionOutputTokensRange: perToken(f.cost.usdPerMillionOutputTokens),
      usdPerMillionInputTokensRange: perToken(f.cost.usdPerMillionInputTokens),
      usdPerMillionTokensBlendedRange: perToken(f.cost.usdPerMillionTokensBlended),
      usdPerMillionOutputTokensAllInRange: perToken(f.cost.usdPerMillionOutputTokensAllIn),
    },
    energy: {
      joulesPerOutputTokenRange: perToken(f.joulesPerOutputToken),
      joulesPerTokenRange: perToken(f.joulesPerToken),
    },
  };
}
