import { activationTraffic } from '../activation-traffic';
import { weightStreamBytesPerSec } from '../dequant';
import { peakFlopsPerSec } from '../rates';
import type { StepEnv } from './env';
import type { Ledger } from './ledger';
import { charge, chargeMeasured, roofline } from './ledger';

/**
 * Distinct experts M tokens touch among E when each picks k and the hottest quarter of experts
 * takes a share q of the routings (q = 1/4 is uniform: E(1-(1-k/E)^M), design §3).
 */
export function expertsTouched(E: number, k: number, tokens: number, q: number): number {
  const hot = E / 4;
  return (
    hot * (1 - Math.pow(Math.max(0, 1 - (q * k) / hot), tokens)) +
    (E - hot) * (1 - Math.pow(Math.max(0, 1 - ((1 - q) * k) / (E - hot)), tokens))
  );
}

/**
 * Routed experts of every MoE layer, spread over every GPU of the instance: the measured fused-MoE
 * kernel, else a roofline on the busiest EP rank — the weights of the experts its tokens touch
 * (each stage holds its layers' experts over its own GPUs, EP per stage = ep / pp), its share of
 * the expert FLOPs, the token copies its activations carry in and out, times the routing
 * imbalance across EP ranks.
 */
export function routedExperts(env: StepEnv, l: Ledger): void {
  const { ctx, load, costs } = env;
  if (load.instanceTokens <= 0) return;
  const measured = env.pricer ? env.pricer.moe(load.instanceTokens) : null;
  if (measured) {
    const w = l.notes ? expertWork(env) : null;
    const work = w && { flops: w.flops, bytes: w.bytes + w.actBytes, math: costs.expertMath };
    chargeMeasured(l, 'moe', 'routed experts', measured, env.keep, work);
    return;
  }
  const w = expertWork(env);
  if (!w) return;
  const hw = ctx.hardware;
  // On a GPU whose engine measured its kernels, an uncovered fused MoE still launches once per
  // layer, at the engine's fused-MoE launch latency (what survives CUDA graphs, as for a table).
  const launchUs = env.pricer?.launchUs.moe ?? 0;
  const seconds =
    w.imbalance *
      (roofline(
        w.flops,
        w.bytes,
        peakFlopsPerSec(hw, costs.expertMath) * env.computeScale,
        weightStreamBytesPerSec(hw, costs.expertMath, env.memBytesPerSec),
      ) +
        w.actBytes / env.memBytesPerSec) +
    (env.keep * costs.moeLayers * launchUs) / 1e6;
  charge(
    l,
    'moe',
    'routed experts',
    seconds,
    null,
    'roofline',
    l.notes
      ? {
          flops: w.flops,
          bytes: w.bytes + w.actBytes,
          math: costs.expertMath,
        }
      : null,
    launchUs > 0 ? 'moe' : null,
  );
}

/** The busiest EP rank's expert work: FLOPs, weight bytes, activation bytes, and the routing
 * imbalance across ranks (null without routed experts). */
function expertWork(env: StepEnv) {
  const { ctx, load, costs, moeEp: ep } = env;
  const { model, layout, cal } = ctx;
  const moe = model.ffn.moe;
  if (!moe || costs.moeLayers === 0) return null;
  const k = moe.expertsPerToken;
  const stageGpus = layout.instanceGpus / layout.pp;
  const gpusPerEpRank = stageGpus / ep;
  const touched =
    expertsTouched(moe.routedExperts, k, load.instanceTokens, cal.hotExpertShare) / ep;
  const act = activationTraffic(model);
  const copiesPerEpRank = (load.instanceTokens * k) / ep;
  return {
    bytes: (costs.moeLayers * touched * costs.expertBytes) / gpusPerEpRank,
    flops: (2 * costs.expertParams * k * load.instanceTokens * costs.moeLayers) / stageGpus,
    actBytes:
      cal.activationTrafficScale *
      copiesPerEpRank *
      act.moeLayers *
      (act.perCopyHiddenBytes + act.perCopyIntermediateBytes / gpusPerEpRank),
    imbalance: ep > 1 ? cal.moeImbalance : 1,
  };
}
