import type { Priced } from '../../kernels/priced';
import type { WeightGroup } from '../../model/tensors';
import { activationTraffic } from '../activation-traffic';
import { weightStreamBytesPerSec } from '../dequant';
import { denseHeldPerRank } from '../model-costs';
import { peakFlopsPerSec } from '../rates';
import type { MathPrecision } from '../../precision';
import type { StepContext, StepOp } from '../step-types';
import type { StepEnv } from './env';
import type { Ledger } from './ledger';
import { charge, chargeMeasured, measuredMs, roofline } from './ledger';

/** The operation group each dense weight group's matmuls count towards. */
const OP_OF: Partial<Record<WeightGroup, StepOp>> = {
  attention: 'attention',
  compressor: 'attention',
  indexer: 'indexer',
  router: 'moe',
  sharedExperts: 'dense',
  denseFfn: 'dense',
  head: 'dense',
  mhc: 'dense',
};
const DENSE_GROUPS = Object.keys(OP_OF) as WeightGroup[];

/** DeepSeek-V4's mHC mixing of the residual streams from its measured table, or null. */
export function measuredMhc(env: StepEnv, l: Ledger): Priced | null {
  const p = env.pricer ? env.pricer.mhc(env.tokens) : null;
  if (p)
    chargeMeasured(
      l,
      'dense',
      'mHC mixing',
      p,
      env.keepModule,
      l.notes
        ? {
            flops: 2 * env.costs.denseParamsByGroup.mhc * env.tokens,
            bytes: env.tokens * activationTraffic(env.ctx.model).mhcPerTokenBytes,
            math: env.costs.mathByGroup.mhc,
          }
        : null,
    );
  return p;
}

/** A dense weight group as one GPU of the TP group holds it, with its roofline rates. */
interface DenseGroup {
  g: WeightGroup;
  op: StepOp;
  params: number;
  bytes: number;
  math: MathPrecision;
  gemms: number;
  flopsPerSec: number;
  bytesPerSec: number;
}

/** Each context's dense groups with weights, worked out once: a sweep prices a context's step
 * at every concurrency, and these depend on the context alone (the model, its TP, the GPU and
 * the engine's fitted rates). */
const denseGroupsByContext = new WeakMap<StepContext, DenseGroup[]>();

function denseGroupsOf(env: StepEnv): DenseGroup[] {
  let groups = denseGroupsByContext.get(env.ctx);
  if (groups) return groups;
  const { ctx, costs } = env;
  const held = denseHeldPerRank(ctx.model, ctx.weights, ctx.layout.tp);
  groups = [];
  for (const g of DENSE_GROUPS) {
    const params = held.params[g];
    if (params === 0) continue;
    const math = costs.mathByGroup[g];
    groups.push({
      g,
      op: OP_OF[g]!,
      params,
      bytes: held.bytes[g],
      math,
      gemms: costs.gemmsByGroup[g],
      flopsPerSec: peakFlopsPerSec(ctx.hardware, math) * env.computeScale,
      bytesPerSec: weightStreamBytesPerSec(ctx.hardware, math, env.memBytesPerSec),
    });
  }
  denseGroupsByContext.set(ctx, groups);
  return groups;
}

/**
 * Dense matmuls (attention projections, indexer projections, compressors, router, shared experts,
 * dense FFN, LM head, mHC): every GPU of the TP group reads its shard once per step; measured
 * GEMMs where a table covers the shape, else the roofline at the weights' math precision.
 * `covered` groups are already in a measured module.
 */
export function denseMatmuls(env: StepEnv, l: Ledger, covered: (g: WeightGroup) => boolean): void {
  const { pricer, keep, tokens, decodeTokens } = env;
  for (const d of denseGroupsOf(env)) {
    const { g, params, bytes } = d;
    if (covered(g)) continue;
    const m = g === 'head' ? decodeTokens : tokens;
    if (m <= 0) continue;
    const measured = pricer ? pricer.gemm(g, m) : null;
    // An uncovered group still launches its GEMMs, at the engine's GEMM launch latency.
    const launchUs = measured ? 0 : (pricer?.launchUs.gemm ?? 0) * d.gemms;
    const seconds = measured
      ? measuredMs(measured, keep) / 1000
      : roofline(2 * params * m, bytes, d.flopsPerSec, d.bytesPerSec) + (keep * launchUs) / 1e6;
    charge(
      l,
      d.op,
      l.notes ? `${g} matmuls` : '',
      seconds,
      measured,
      'roofline',
      l.notes ? { flops: 2 * params * m, bytes, math: d.math } : null,
      launchUs > 0 ? 'gemm' : null,
    );
  }
}

/**
 * Element-wise kernels between the matmuls stream activations through HBM; under TP every GPU of
 * the group runs them over all of the group's tokens. A measured mHC kernel already moved the
 * residual streams it mixes.
 */
export function elementwiseTraffic(env: StepEnv, l: Ledger, mhcMeasured: boolean): void {
  const act = activationTraffic(env.ctx.model);
  const bytesPerToken = act.perTokenBytes - (mhcMeasured ? act.mhcPerTokenBytes : 0);
  const seconds =
    (env.ctx.cal.activationTrafficScale * env.tokens * bytesPerToken) / env.memBytesPerSec;
  charge(
    l,
    'dense',
    'element-wise activation traffic',
    seconds,
    null,
    'bandwidth',
    l.notes
      ? {
          flops: 0,
          bytes: env.ctx.cal.activationTrafficScale * env.tokens * bytesPerToken,
          math: null,
        }
      : null,
  );
}
