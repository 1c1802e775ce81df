import type { HardwareSpec } from '../hardware/schema';
import type { KvFormat } from '../model/kv';
import type { ModelSpec } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { tensorInventory } from '../model/tensors';
import { formatOf } from '../model/weights';
import { memoOn } from '../memo';
import type { MathPrecision, WeightPrecision } from '../precision';
import { mathPrecisionOf } from '../precision';
import { curveUs, curveUsOrScaled } from './lookup';
import type { Curve, FrameworkKernels, KernelFramework, MoeStandIn } from './schema';
import { hardwareOfSystem, isWideEp } from './schema';
import type { ModuleSet } from './attention-modules';
import { attentionModules, moduleSet, moduleSum, moduleUs } from './attention-modules';
import type { SummedCurve } from './gemm-curves';
import { groupCurves } from './gemm-curves';
import type { KernelSource, Priced } from './priced';
import { floorUs, priced } from './priced';

/** Layout facts the tables are keyed by. */
export interface PricerLayout {
  tp: number;
  /** Expert-parallel ranks per pipeline stage, and the GPUs that split one expert. */
  moeEp: number;
  moeTp: number;
}

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

export interface KernelPricer {
  /** GEMMs of a weight group on one TP rank for m tokens (ms), or null where not covered. */
  gemm(group: WeightGroup, m: number): Priced | null;
  /** Weight groups a measured attention module already includes (projections, compressor). */
  moduleCovers: ReadonlySet<WeightGroup>;
  /** Whole-model attention (module or core) for a decode step: batch × context. */
  decodeAttention(sequences: number, tokensPerSeq: number, contextTokens: number): Priced | null;
  /** The longest context every decode table measured (null without decode tables): past it a
   * decode is priced at this context plus the roofline of the rest (terms/attention.ts). */
  decodeContextMax: number | null;
  /** Whole-model attention module for prefill of `batch` prompts of `promptTokens`. */
  prefillAttention(batch: number, promptTokens: number): Priced | null;
  /** The longest prompt every prefill module measured (null without prefill modules). */
  prefillContextMax: number | null;
  /** Routed experts of every MoE layer for the instance's tokens, on the busiest EP rank
   * (measured with the routing skew of a mild power law); null for wide EP (isWideEp). */
  moe(instanceTokens: number): Priced | null;
  /** The most tokens the fused-MoE table measured (null without one). */
  moeTokensMax: number | null;
  /** mHC pre- and post-mapping of every layer for a rank's tokens. */
  mhc(tokens: number): Priced | null;
  /** One BF16 all-reduce of `elements` values over `gpus` GPUs. */
  allReduce(gpus: number, elements: number): Priced | null;
  /**
   * The engine's fastest measured GEMM, fused-MoE kernel and MLA decode core on this GPU (µs):
   * what one such kernel costs before it does any work (launch and synchronisation). An
   * operation no table covers runs a kernel all the same; its roofline counts only its work.
   */
  launchUs: { gemm: number | null; moe: number | null; mlaDecode: number | null };
}

const launchCache = new WeakMap<FrameworkKernels, KernelPricer['launchUs']>();
const fastest = (curves: Record<string, Curve>): number | null => {
  let min = Infinity;
  for (const c of Object.values(curves)) min = Math.min(min, floorUs(c.q));
  return Number.isFinite(min) ? min : null;
};
/** The engine's fastest measured GEMM, fused MoE and MLA decode core on this GPU (µs), null where
 * it measured none. */
const launchOf = (fk: FrameworkKernels): KernelPricer['launchUs'] =>
  memoOn(launchCache, fk, () => ({
    gemm: fastest(fk.gemm),
    moe: fastest(fk.moe),
    mlaDecode: fk.mlaDecodeFloorUs ?? null,
  }));

/**
 * GEMMs and the fused MoE keep getting more efficient past their largest measured size (more
 * tokens per expert, fuller tiles), so no proportional scaling there: past a GEMM's sweep the
 * roofline takes over, and past the MoE's the roofline prices the tokens beyond it
 * (terms/experts.ts).
 */
const fromCurve = curveUs;

interface MoeCurve {
  curve: Curve;
  floorUs: number;
  source: KernelSource;
}

/**
 * A fused MoE's curve from one engine's tables: its shape at this layout's split, else the same
 * GPUs' measured split nearest in TP (siblingSplit), in the first dtype measured. `through`
 * names another engine whose tables time the same kernels (null: the engine's own).
 */
function moeCurveOf(
  fk: FrameworkKernels,
  dtypes: readonly string[],
  shape: readonly number[],
  layout: PricerLayout,
  moeLayers: number,
  through: KernelFramework | null,
): MoeCurve | null {
  const keyOf = (d: string, moeTp: number, moeEp: number) =>
    [d, ...shape, moeTp, moeEp, MOE_DISTRIBUTION].join('|');
  const by = through ? { through: { framework: through, version: folderVersion(fk, 'moe') } } : {};
  const on = fk.moeMeasuredOn
    ? `, measured on the ${hardwareOfSystem(fk.moeMeasuredOn).toUpperCase()} tray (same GPU die and HBM)`
    : '';
  for (const d of dtypes) {
    const key = keyOf(d, layout.moeTp, layout.moeEp);
    const curve = fk.moe[key];
    if (curve)
      return {
        curve,
        floorUs: floorUs(curve.q),
        source: { table: 'moe', key: `${key} ×${moeLayers} layers${on}`, axis: 'tokens', ...by },
      };
  }
  for (const d of dtypes) {
    const split = siblingSplit(layout.moeTp, layout.moeEp, (t, e) => keyOf(d, t, e) in fk.moe);
    if (!split) continue;
    const key = keyOf(d, split.moeTp, split.moeEp);
    const curve = fk.moe[key]!;
    return {
      curve,
      floorUs: floorUs(curve.q),
      source: {
        table: 'moe',
        key: `${key} ×${moeLayers} layers${on}, the same GPUs split TP ${split.moeTp} × EP ${split.moeEp} for this layout's unmeasured TP ${layout.moeTp} × EP ${layout.moeEp}`,
        axis: 'tokens',
        ...by,
      },
    };
  }
  return null;
}

/** The version an engine's tables of one kernel folder were measured with ('' if unknown),
 * without the other board a borrowed table names ("moe 0.5.14 (gb200)"): its source says so. */
export const folderVersion = (fk: FrameworkKernels, folder: string): string =>
  fk.version
    .split(', ')
    .find((v) => v.startsWith(`${folder} `))
    ?.slice(folder.length + 1)
    .replace(/ \([^)]*\)$/, '') ?? '';

function buildPricer(
  fk: FrameworkKernels,
  model: ModelSpec,
  hw: HardwareSpec,
  weights: WeightPrecision,
  kv: KvFormat,
  layout: PricerLayout,
  moeStandIn: MoeStandIn | null,
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
  let moeCurve: MoeCurve | null = null;
  if (moe && moeLayers > 0 && !isWideEp(layout.moeEp)) {
    const routed = tensorInventory(model).find((t) => t.perToken === 'routed' && !t.mtp);
    const math = routed ? mathPrecisionOf(formatOf(routed, weights)) : 'bf16';
    const shape = [
      model.hiddenSize,
      moe.expertIntermediate,
      moe.expertsPerToken,
      moe.routedExperts,
    ];
    const dtypes = moeDtypes(math, hw);
    const standInDtypes = !moeStandIn
      ? []
      : moeStandIn.dtypes
        ? dtypes.slice(0, 1).filter((d) => moeStandIn.dtypes!.has(d))
        : dtypes;
    moeCurve =
      moeCurveOf(fk, dtypes, shape, layout, moeLayers, null) ??
      (moeStandIn && standInDtypes.length
        ? moeCurveOf(
            moeStandIn.kernels,
            standInDtypes,
            shape,
            layout,
            moeLayers,
            moeStandIn.framework,
          )
        : null);
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
  for (const [gpus, c] of Object.entries(fk.allReduce)) {
    const on = fk.allReduceMeasuredOn?.[gpus];
    allReduceCurves.set(Number(gpus), {
      curve: c,
      floorUs: floorUs(c.q),
      source: {
        table: 'all-reduce',
        key: on
          ? `${gpus} GPUs, BF16, ${on.nccl ? "NCCL's (the engine's own all-reduce stays within a host) " : ''}measured on the ${hardwareOfSystem(on.system).toUpperCase()} board (same GPU die and NVLink switch)`
          : `${gpus} GPUs, BF16`,
        axis: 'elements',
      },
    });
  }
  return {
    launchUs: launchOf(fk),
    gemm(group, m) {
      const g = groups[group];
      if (!g || m <= 0) return null;
      return priced(fromCurve(g.curve, m), 1, g.fixedUs, gemmSources.get(group)!);
    },
    moduleCovers: new Set(decodeSet?.covers ?? []),
    decodeContextMax: decode ? contextReach(decode) : null,
    prefillContextMax: prefill ? contextReach(prefill) : null,
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
    moeTokensMax: moeCurve ? moeCurve.curve.x.at(-1)! : null,
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

/**
 * The measured split of the same MoE over the same GPUs closest to TP × EP (TP 8 × EP 1 → TP 4 ×
 * EP 2, then TP 2 × EP 4, then TP 1 × EP 8), or null. Each GPU holds the same share of the expert
 * weights and does the same share of their FLOPs either way (whole experts or a slice of every
 * one), so the same kernel's measured time on the same GPU prices it better than the roofline.
 */
export function siblingSplit(
  moeTp: number,
  moeEp: number,
  measured: (moeTp: number, moeEp: number) => boolean,
): { moeTp: number; moeEp: number } | null {
  const gpus = moeTp * moeEp;
  let best: { moeTp: number; moeEp: number } | null = null;
  let bestDistance = Infinity;
  for (let t = 1; t <= gpus; t *= 2) {
    if (gpus % t !== 0 || t === moeTp || !measured(t, gpus / t)) continue;
    const distance = Math.abs(Math.log2(t / moeTp));
    if (distance < bestDistance) {
      best = { moeTp: t, moeEp: gpus / t };
      bestDistance = distance;
    }
  }
  return best;
}

/** The longest context measured by every module of a set that reads the whole context (a
 * sliding-window module reads at most its window, whatever the context). */
function contextReach(set: ModuleSet): number | null {
  let reach = Infinity;
  for (const m of set.modules) if (!m.maxContext) reach = Math.min(reach, m.grid.y.at(-1)!);
  return Number.isFinite(reach) ? reach : null;
}

/** The pricer of one model on one framework's tables at one layout (memoised). */
export function kernelPricer(
  fk: FrameworkKernels,
  model: ModelSpec,
  hw: HardwareSpec,
  weights: WeightPrecision,
  kv: KvFormat,
  layout: PricerLayout,
  moeStandIn: MoeStandIn | null = null,
): KernelPricer {
  const byModel = memoOn(cache, fk, () => new WeakMap<ModelSpec, Map<string, KernelPricer>>());
  const byKey = memoOn(byModel, model, () => new Map<string, KernelPricer>());
  const key = `${hw.id}|${weights}|${kv.kv}|${kv.indexer}|${layout.tp}|${layout.moeEp}|${layout.moeTp}|${moeStandIn ? `${moeStandIn.framework} ${moeStandIn.kernels.version}` : ''}`;
  return memoOn(byKey, key, () => buildPricer(fk, model, hw, weights, kv, layout, moeStandIn));
}
