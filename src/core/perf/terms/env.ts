import type { KernelPricer, PricerLayout } from '../../kernels/pricer';
import { kernelPricer } from '../../kernels/pricer';
import { memoOn } from '../../memo';
import type { FrameworkCosts, GenerationEfficiency } from '../calibration';
import type { ModelCosts } from '../model-costs';
import { modelCosts } from '../model-costs';
import type { StepContext, StepLoad } from '../step-types';

/** What every term of a step reads: the context, the load and the rates derived from them. */
export interface StepEnv {
  ctx: StepContext;
  load: StepLoad;
  eff: GenerationEfficiency;
  fw: FrameworkCosts;
  /** Achieved HBM bandwidth (B/s). */
  memBytesPerSec: number;
  /** Achieved share of datasheet FLOP/s. */
  computeScale: number;
  costs: ModelCosts;
  /** Tokens the busiest rank decodes this step (sequences × tokens each). */
  decodeTokens: number;
  /** Decode and prefill tokens of the busiest rank. */
  tokens: number;
  /** Expert-parallel ranks per pipeline stage. */
  moeEp: number;
  pricer: KernelPricer | null;
  /** Share of a measured kernel's fixed latency left under CUDA graphs. */
  keep: number;
  /** The same for a measured module of many kernels (an attention module, mHC). */
  keepModule: number;
}

/** Expert-parallel ranks per pipeline stage: each stage holds its layers' experts over its GPUs. */
export function moeEpRanks({ model, layout }: StepContext): number {
  const moe = model.ffn.moe;
  const stageGpus = layout.instanceGpus / layout.pp;
  return moe ? Math.min(moe.routedExperts, stageGpus, Math.max(1, layout.ep / layout.pp)) : 1;
}

/** The layout facts the kernel tables are keyed by. */
export function pricerLayoutOf(ctx: StepContext): PricerLayout {
  const moeEp = moeEpRanks(ctx);
  return { tp: ctx.layout.tp, moeEp, moeTp: ctx.layout.instanceGpus / ctx.layout.pp / moeEp };
}

const pricers = new WeakMap<StepContext, KernelPricer | null>();
/** The kernel pricer of a step context, resolved once per context (a plan makes a few). */
const pricerOf = (ctx: StepContext): KernelPricer | null => memoOn(pricers, ctx, makePricer);
const makePricer = (ctx: StepContext): KernelPricer | null =>
  ctx.kernels
    ? kernelPricer(
        ctx.kernels,
        ctx.model,
        ctx.hardware,
        ctx.weights,
        ctx.kvFormat,
        pricerLayoutOf(ctx),
        ctx.moeStandIn ?? null,
      )
    : null;

export function stepEnv(ctx: StepContext, load: StepLoad): StepEnv {
  const { hardware: hw, cal } = ctx;
  const eff = cal.generations[hw.generation];
  const fw = cal.frameworks[ctx.framework];
  const decodeTokens = load.decodeSeqsPerRank * load.tokensPerSeq;
  return {
    ctx,
    load,
    eff,
    fw,
    memBytesPerSec: hw.memBandwidthBytesPerSec * eff.memory * fw.kernelEfficiency,
    computeScale: eff.compute * fw.kernelEfficiency,
    costs: modelCosts(ctx.model, ctx.weights),
    decodeTokens,
    tokens: decodeTokens + load.prefillTokensPerRank,
    moeEp: moeEpRanks(ctx),
    pricer: pricerOf(ctx),
    keep: cal.kernelFixedShare,
    keepModule: cal.moduleFixedShare,
  };
}
