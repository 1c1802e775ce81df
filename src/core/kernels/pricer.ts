import type { HardwareSpec } from '../hardware/schema';
import type { KvFormat } from '../model/kv';
import type { ModelSpec } from '../model/schema';
import { layerAttentionKinds } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { tensorInventory } from '../model/tensors';
import { formatOf } from '../model/weights';
import { memoOn } from '../memo';
import type { MathPrecision, WeightPrecision } from '../precision';
import { mathPrecisionOf } from '../precision';
import type { Looked } from './lookup';
import { boxAt, curveUs, curveUsOrScaled, gridUsOrScaled, lastLookup } from './lookup';
import type { Curve, FrameworkKernels, Grid } from './schema';
import { latencyUsOf } from './schema';

/** What a priced operation's time came from, for "show the math". */
export interface KernelSource {
  /** Table family: 'gemm', 'moe', 'attention module', 'attention core', 'mhc', 'all-reduce'. */
  table: string;
  /** The measured shape key (dtype and fixed dimensions). */
  key: string;
  /** The interpolated axis ('m', 'batch', 'tokens', 'elements'). */
  axis: string;
}

export interface Priced {
  ms: number;
  /** The table's own floor: its fastest measurement (smallest shape), same multiples as `ms`.
   * Timed one call at a time, it is mostly launch and synchronisation latency. */
  fixedMs: number;
  /** Neighbouring measured values along the interpolated axis (equal when measured there). */
  lo: number;
  hi: number;
  /** Scaled in proportion from the largest measured size (`lo`) instead of interpolated. */
  scaled: boolean;
  source: KernelSource;
}

/** Layout facts the tables are keyed by. */
export interface PricerLayout {
  tp: number;
  /** Expert-parallel ranks per pipeline stage, and the GPUs that split one expert. */
  moeEp: number;
  moeTp: number;
}

/** Powers of two the GEMM tables keep along m. */
const M_GRID = Array.from({ length: 16 }, (_, i) => 2 ** i);

const GEMM_DTYPES: Record<MathPrecision, readonly string[]> = {
  fp4: ['nvfp4'],
  'fp4-w4a8': ['nvfp4'],
  fp8: ['fp8_block', 'fp8'],
  bf16: ['bfloat16'],
  fp32: [],
};

/** The fused-MoE kernel a framework runs for the experts' stored format on this GPU. */
function moeDtypes(math: MathPrecision, hw: HardwareSpec): readonly string[] {
  const fp4Cores = hw.denseFlopsPerSec.fp4 !== null;
  if (math === 'fp4-w4a8')
    return fp4Cores ? ['w4a8_mxfp4_mxfp8', 'nvfp4'] : ['w4a16_mxfp4', 'int4_wo'];
  if (math === 'fp4') return fp4Cores ? ['nvfp4', 'w4a8_mxfp4_mxfp8'] : ['w4a16_mxfp4', 'int4_wo'];
  if (math === 'fp8') return ['fp8_block', 'fp8'];
  if (math === 'bf16') return ['bfloat16'];
  return [];
}

/** The routing the shipped MoE tables were kept at (scripts/kernels/build.ts): a mild power
 * law, so a table's time is the busiest EP rank's. */
const MOE_DISTRIBUTION = 'power_law_1.01';

interface GemmIndex {
  ns: number[];
  ks: number[];
}

/** A curve over m of the summed latency of several GEMMs (one weight group on one TP rank). */
interface SummedCurve {
  curve: Curve;
  key: string;
  fixedUs: number;
}

interface ModuleLayers {
  grid: Grid;
  key: string;
  layers: number;
  floorUs: number;
  /** Sliding-window layers: the context they attend to is at most this. */
  maxContext?: number;
}

/** Fastest measurement of a table (µs). */
const floorUs = (q: readonly (number | null)[]): number => {
  let min = Infinity;
  for (const v of q) if (v !== null && v < min) min = v;
  return latencyUsOf(min);
};

export interface KernelPricer {
  /** GEMMs of a weight group on one TP rank for m tokens (ms), or null where not covered. */
  gemm(group: WeightGroup, m: number): Priced | null;
  /** Weight groups a measured attention module already includes (projections, compressor). */
  moduleCovers: ReadonlySet<WeightGroup>;
  /** Whole-model attention (module or core) for a decode step: batch × context. */
  decodeAttention(sequences: number, tokensPerSeq: number, contextTokens: number): Priced | null;
  /** Whole-model attention module for prefill of `batch` prompts of `promptTokens`. */
  prefillAttention(batch: number, promptTokens: number): Priced | null;
  /** Routed experts of every MoE layer for the instance's tokens, on the busiest EP rank
   * (measured with the routing skew of a mild power law). */
  moe(instanceTokens: number): Priced | null;
  /** mHC pre- and post-mapping of every layer for a rank's tokens. */
  mhc(tokens: number): Priced | null;
  /** One BF16 all-reduce of `elements` values over `gpus` GPUs. */
  allReduce(gpus: number, elements: number): Priced | null;
}

const gemmIndexCache = new WeakMap<FrameworkKernels, Map<string, GemmIndex>>();

function gemmIndex(fk: FrameworkKernels, dtype: string): GemmIndex {
  const per = memoOn(gemmIndexCache, fk, () => new Map<string, GemmIndex>());
  return memoOn(per, dtype, () => {
    const ns = new Set<number>();
    const ks = new Set<number>();
    for (const key of Object.keys(fk.gemm)) {
      const [d, n, k] = key.split('|');
      if (d !== dtype) continue;
      ns.add(Number(n));
      ks.add(Number(k));
    }
    return { ns: [...ns].sort((a, b) => a - b), ks: [...ks].sort((a, b) => a - b) };
  });
}

/**
 * One GEMM (n outputs, k inputs) at m tokens from the tables: the fastest kernel measured for
 * the weights' math (an engine picks among its kernels; FP8 weights run block-scaled or
 * per-tensor), µs, or null.
 */
function gemmUs(fk: FrameworkKernels, dtypes: readonly string[], m: number, n: number, k: number) {
  let best: { hit: Looked; dtype: string } | null = null;
  for (const d of dtypes) {
    const idx = gemmIndex(fk, d);
    if (idx.ns.length === 0) continue;
    const hit = boxAt(idx.ns, idx.ks, (a, b) => fk.gemm[`${d}|${a}|${b}`], n, k, m);
    if (hit && (!best || hit.us < best.hit.us)) best = { hit, dtype: d };
  }
  return best;
}

/** Per-group GEMM latency summed over the group's matrices, precomputed along M_GRID. */
function groupCurves(
  fk: FrameworkKernels,
  model: ModelSpec,
  weights: WeightPrecision,
  tp: number,
): Partial<Record<WeightGroup, SummedCurve>> {
  const TP_SPLIT = new Set<WeightGroup>([
    'attention',
    'indexer',
    'sharedExperts',
    'denseFfn',
    'head',
  ]);
  const sums = new Map<WeightGroup, { us: number[]; dtypes: Set<string>; ok: boolean }>();
  for (const t of tensorInventory(model)) {
    if (t.mtp || t.perToken !== 'all') continue;
    const entry = sums.get(t.group) ?? {
      us: M_GRID.map(() => 0),
      dtypes: new Set<string>(),
      ok: true,
    };
    sums.set(t.group, entry);
    if (!entry.ok) continue;
    const split = TP_SPLIT.has(t.group) ? tp : 1;
    const n = Math.max(1, Math.round(t.rows / split));
    const dtypes = GEMM_DTYPES[mathPrecisionOf(formatOf(t, weights))];
    for (let i = 0; i < M_GRID.length; i++) {
      const g = gemmUs(fk, dtypes, M_GRID[i]!, n, t.cols);
      if (!g) {
        entry.ok = false;
        break;
      }
      entry.dtypes.add(g.dtype);
      entry.us[i]! += g.hit.us * t.count;
    }
  }
  const out: Partial<Record<WeightGroup, SummedCurve>> = {};
  for (const [g, e] of sums) {
    if (!e.ok) continue;
    out[g] = {
      curve: { x: M_GRID, q: e.us.map((us) => Math.log2(us) * 128) },
      key: `${[...e.dtypes].join('+')}, ${g} matrices / TP ${tp}`,
      fixedUs: e.us[0]!,
    };
  }
  return out;
}

/**
 * GEMMs and the fused MoE keep getting more efficient past their largest measured size (more
 * tokens per expert, fuller tiles), so no proportional scaling there: the roofline takes over.
 */
const fromCurve = curveUs;

/** A priced operation from a numeric lookup (`us`, NaN when not covered) and `lastLookup`. */
function priced(us: number, scale: number, fixedUs: number, source: KernelSource): Priced | null {
  if (Number.isNaN(us)) return null;
  return {
    ms: (us * scale) / 1000,
    fixedMs: (Math.min(fixedUs, us) * scale) / 1000,
    lo: lastLookup.lo,
    hi: lastLookup.hi,
    scaled: lastLookup.scaled,
    source,
  };
}

function attentionModules(
  fk: FrameworkKernels,
  model: ModelSpec,
  weights: WeightPrecision,
  kv: KvFormat,
  tp: number,
  phase: 'decode' | 'prefill',
): { modules: ModuleLayers[]; covers: WeightGroup[]; table: string } | null {
  const a = model.attention;
  const kinds = layerAttentionKinds(model);
  const attnTensor = tensorInventory(model).find((t) => t.group === 'attention' && !t.mtp);
  const attnMath = attnTensor ? mathPrecisionOf(formatOf(attnTensor, weights)) : 'bf16';
  if (a.kind === 'v4-hybrid') {
    const gemm = attnMath === 'bf16' ? 'bf16' : 'fp8';
    const shape = `h${model.hiddenSize}|n${a.numHeads}`;
    const csa = kinds.filter((k) => k === 'csa').length;
    const hca = kinds.length - csa;
    const modules: ModuleLayers[] = [];
    for (const [kind, layers] of [
      ['csa', csa],
      ['hca', hca],
    ] as const) {
      if (layers === 0) continue;
      const key = `dsv4|${kind}|${shape}|tp${tp}|${gemm}|${phase}`;
      const grid = fk.attention[key];
      if (!grid) return null;
      modules.push({ grid, key, layers, floorUs: floorUs(grid.q) });
    }
    return { modules, covers: ['attention', 'compressor', 'indexer'], table: 'attention module' };
  }
  if (a.kind === 'mla') {
    // DeepSeek-V3's dense MLA: V3.2's sparse attention (an indexer picks 2,048 keys) is another
    // module, whose tables are not shipped; it stays on the roofline.
    const v3 =
      !a.indexer &&
      model.hiddenSize === 7168 &&
      a.qLoraRank === 1536 &&
      a.kvLoraRank === 512 &&
      a.qkNopeHeadDim === 128 &&
      a.qkRopeHeadDim === 64 &&
      a.vHeadDim === 128;
    if (!v3 || a.numHeads % tp !== 0) return null;
    const gemm =
      attnMath === 'fp4' || attnMath === 'fp4-w4a8'
        ? 'nvfp4'
        : attnMath === 'fp8'
          ? 'fp8_block'
          : 'bfloat16';
    const kvd = kv.kv === 'fp8' ? 'fp8' : 'bfloat16';
    const key = `mla|h7168|r${a.numHeads / tp}|${gemm}|${kvd}|${phase}`;
    const grid = fk.attention[key];
    if (!grid) return null;
    return {
      modules: [{ grid, key, layers: model.numLayers, floorUs: floorUs(grid.q) }],
      covers: ['attention'],
      table: 'attention module',
    };
  }
  if (a.kind === 'gqa' && phase === 'decode') {
    if (a.numHeads % tp !== 0) return null;
    const kvHeads = Math.max(1, Math.ceil(a.numKvHeads / tp));
    const kvd = kv.kv === 'fp8' ? 'fp8' : 'bfloat16';
    const key = `gqa|${a.numHeads / tp}|${kvHeads}|${a.headDim}|${kvd}|decode`;
    const grid = fk.attention[key];
    if (!grid) return null;
    // Sliding-window layers (gpt-oss) read at most their window of the cache.
    const sliding = kinds.filter((k) => k === 'sliding').length;
    const window = a.slidingWindow?.tokens ?? 0;
    const modules: ModuleLayers[] = [];
    if (model.numLayers - sliding > 0)
      modules.push({ grid, key, layers: model.numLayers - sliding, floorUs: floorUs(grid.q) });
    if (sliding > 0 && window > 0)
      modules.push({
        grid,
        key: `${key} (window ${window})`,
        layers: sliding,
        floorUs: floorUs(grid.q),
        maxContext: window,
      });
    return { modules, covers: [], table: 'attention core' };
  }
  return null;
}

interface ModuleSet {
  modules: ModuleLayers[];
  table: string;
  source: KernelSource;
}

function moduleSet(
  set: { modules: ModuleLayers[]; table: string } | null,
  axis: string,
): ModuleSet | null {
  if (!set) return null;
  return {
    ...set,
    source: {
      table: set.table,
      key: set.modules.map((m) => `${m.key} ×${m.layers}`).join(', '),
      axis,
    },
  };
}

/** Summed latency (µs) of every layer's module at (batch, y), NaN where one is not covered;
 * the floor share goes to `moduleFixedUs`, the first module's neighbours to `lastLookup`. */
let moduleFixedUs = 0;
function moduleUs(set: ModuleSet, batch: number, y: number): number {
  let us = 0;
  let fixed = 0;
  let lo = 0;
  let hi = 0;
  let scaled = false;
  for (let i = 0; i < set.modules.length; i++) {
    const m = set.modules[i]!;
    const one = gridUsOrScaled(m.grid, batch, m.maxContext ? Math.min(y, m.maxContext) : y);
    if (Number.isNaN(one)) return NaN;
    if (i === 0) {
      lo = lastLookup.lo;
      hi = lastLookup.hi;
      scaled = lastLookup.scaled;
    }
    us += one * m.layers;
    fixed += Math.min(one, m.floorUs) * m.layers;
  }
  lastLookup.lo = lo;
  lastLookup.hi = hi;
  lastLookup.scaled = scaled;
  moduleFixedUs = fixed;
  return set.modules.length ? us : NaN;
}

function moduleSum(set: ModuleSet | null, batch: number, y: number): Priced | null {
  if (!set || batch <= 0) return null;
  const us = moduleUs(set, batch, y);
  if (Number.isNaN(us)) return null;
  return {
    ms: us / 1000,
    fixedMs: moduleFixedUs / 1000,
    lo: lastLookup.lo,
    hi: lastLookup.hi,
    scaled: lastLookup.scaled,
    source: set.source,
  };
}

function buildPricer(
  fk: FrameworkKernels,
  model: ModelSpec,
  hw: HardwareSpec,
  weights: WeightPrecision,
  kv: KvFormat,
  layout: PricerLayout,
): KernelPricer {
  const groups = groupCurves(fk, model, weights, layout.tp);
  const decodeSet = attentionModules(fk, model, weights, kv, layout.tp, 'decode');
  const decode = moduleSet(decodeSet, 'batch');
  const prefill = moduleSet(
    attentionModules(fk, model, weights, kv, layout.tp, 'prefill'),
    'batch',
  );
  const moe = model.ffn.moe;
  const moeLayers = moe ? model.numLayers - model.ffn.denseLayers : 0;
  let moeCurve: { curve: Curve; floorUs: number; source: KernelSource } | null = null;
  if (moe && moeLayers > 0) {
    const routed = tensorInventory(model).find((t) => t.perToken === 'routed' && !t.mtp);
    const math = routed ? mathPrecisionOf(formatOf(routed, weights)) : 'bf16';
    for (const d of moeDtypes(math, hw)) {
      if (moeCurve) break;
      const key = [
        d,
        model.hiddenSize,
        moe.expertIntermediate,
        moe.expertsPerToken,
        moe.routedExperts,
        layout.moeTp,
        layout.moeEp,
        MOE_DISTRIBUTION,
      ].join('|');
      const curve = fk.moe[key];
      if (curve)
        moeCurve = {
          curve,
          floorUs: floorUs(curve.q),
          source: { table: 'moe', key: `${key} ×${moeLayers} layers`, axis: 'tokens' },
        };
    }
  }
  const hc = model.attention.kind === 'v4-hybrid' ? model.attention.hcMult : 0;
  const mhcPre = hc ? fk.mhc[`pre|${hc}|${model.hiddenSize}`] : undefined;
  const mhcPost = hc ? fk.mhc[`post|${hc}|${model.hiddenSize}`] : undefined;
  const mhcFloorUs =
    mhcPre && mhcPost ? { pre: floorUs(mhcPre.q), post: floorUs(mhcPost.q) } : null;
  const mhcSource: KernelSource = {
    table: 'mhc',
    key: `pre+post hc${hc} h${model.hiddenSize} (both sites) ×${model.numLayers} layers`,
    axis: 'tokens',
  };
  const gemmSources = new Map<WeightGroup, KernelSource>();
  for (const [g, c] of Object.entries(groups) as [WeightGroup, SummedCurve][])
    gemmSources.set(g, { table: 'gemm', key: c.key, axis: 'm' });
  const allReduceCurves = new Map<
    number,
    { curve: Curve; floorUs: number; source: KernelSource }
  >();
  for (const [gpus, c] of Object.entries(fk.allReduce))
    allReduceCurves.set(Number(gpus), {
      curve: c,
      floorUs: floorUs(c.q),
      source: { table: 'all-reduce', key: `${gpus} GPUs, BF16`, axis: 'elements' },
    });
  return {
    gemm(group, m) {
      const g = groups[group];
      if (!g || m <= 0) return null;
      return priced(fromCurve(g.curve, m), 1, g.fixedUs, gemmSources.get(group)!);
    },
    moduleCovers: new Set(decodeSet?.covers ?? []),
    decodeAttention(seqs, tokensPerSeq, ctx) {
      if (!decode || tokensPerSeq <= 1) return moduleSum(decode, seqs, Math.max(1, ctx));
      // Draft tokens being verified share their sequence's cache reads: each extra token costs
      // what the module's projections and scoring cost a token with (almost) no context.
      const short = moduleUs(decode, seqs, 1);
      const long = moduleUs(decode, seqs * tokensPerSeq, 1);
      const base = moduleSum(decode, seqs, Math.max(1, ctx));
      if (!base || Number.isNaN(short) || Number.isNaN(long)) return null;
      base.ms += Math.max(0, long - short) / 1000;
      return base;
    },
    prefillAttention: (batch, prompt) => moduleSum(prefill, batch, Math.max(1, prompt)),
    moe(tokens) {
      if (!moeCurve || tokens <= 0) return null;
      return priced(
        fromCurve(moeCurve.curve, tokens),
        moeLayers,
        moeCurve.floorUs,
        moeCurve.source,
      );
    },
    mhc(tokens) {
      if (!mhcPre || !mhcPost || !mhcFloorUs || tokens <= 0) return null;
      const post = curveUsOrScaled(mhcPost, tokens);
      const pre = curveUsOrScaled(mhcPre, tokens);
      if (Number.isNaN(pre) || Number.isNaN(post)) return null;
      // A layer has two mixing sites (before attention and before the FFN); the table times
      // both in one measurement (its num_sites column is 2), so it counts once per layer.
      const sites = model.numLayers;
      const fixedUs = Math.min(pre, mhcFloorUs.pre) + Math.min(post, mhcFloorUs.post);
      return priced(pre + post, sites, fixedUs, mhcSource);
    },
    allReduce(gpus, elements) {
      const c = allReduceCurves.get(gpus);
      if (!c) return null;
      return priced(
        curveUsOrScaled(c.curve, Math.max(c.curve.x[0]!, elements)),
        1,
        c.floorUs,
        c.source,
      );
    },
  };
}

const cache = new WeakMap<FrameworkKernels, WeakMap<ModelSpec, Map<string, KernelPricer>>>();

/** The pricer of one model on one framework's tables at one layout (memoised). */
export function kernelPricer(
  fk: FrameworkKernels,
  model: ModelSpec,
  hw: HardwareSpec,
  weights: WeightPrecision,
  kv: KvFormat,
  layout: PricerLayout,
): KernelPricer {
  const byModel = memoOn(cache, fk, () => new WeakMap<ModelSpec, Map<string, KernelPricer>>());
  const byKey = memoOn(byModel, model, () => new Map<string, KernelPricer>());
  const key = `${hw.id}|${weights}|${kv.kv}|${kv.indexer}|${layout.tp}|${layout.moeEp}|${layout.moeTp}`;
  return memoOn(byKey, key, () => buildPricer(fk, model, hw, weights, kv, layout));
}
