import { enNumber } from '../../en-number';
import { pricedPast } from '../../kernels/noted';
import type { KernelPricer } from '../../kernels/pricer';
import type { Priced } from '../../kernels/priced';
import { activationTraffic } from '../activation-traffic';
import { weightStreamBytesPerSec } from '../dequant';
import { peakFlopsPerSec } from '../rates';
import type { StepEnv } from './env';
import type { Ledger } from './ledger';
import { FRAMEWORK_SCHEDULING } from '../../framework';
import { expertsExchangeTokens } from './comms';
import { charge, chargeMeasured, measuredMs, roofline } from './ledger';

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
 * imbalance across EP ranks. Where the engine can dispatch with DeepEP instead (offersDeepEp),
 * the roofline of the rank's own routed tokens is priced whenever it beats the table.
 */
export function routedExperts(env: StepEnv, l: Ledger): void {
  const { load, costs } = env;
  if (load.instanceTokens <= 0) return;
  const measured = env.pricer ? measuredExperts(env, env.pricer, l.notes !== null) : null;
  const deepEp = measured !== null && dispatchesWithDeepEp(env);
  const w = !measured || deepEp || l.notes ? expertWork(env, load.instanceTokens) : null;
  const seconds = w ? rooflineSeconds(env, w) : Infinity;
  const tableMs = measured ? measuredMs(measured, env.keep) : Infinity;
  if (measured && !(deepEp && seconds * 1000 < tableMs)) {
    const work = w && { flops: w.flops, bytes: w.bytes + w.actBytes, math: costs.expertMath };
    chargeMeasured(l, 'moe', 'routed experts', measured, env.keep, work);
    return;
  }
  if (!w) return;
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
    (env.pricer?.launchUs.moe ?? 0) > 0 ? 'moe' : null,
    measured ? tableMs : null,
  );
}

/** Whether this step's experts may run on DeepEP's own tokens rather than the gathered tokens
 * the engine's table timed: an engine that offers it, on a layout whose ranks exchange tokens. */
const dispatchesWithDeepEp = (env: StepEnv): boolean =>
  FRAMEWORK_SCHEDULING[env.ctx.framework].offersDeepEp && expertsExchangeTokens(env.ctx);

/** The busiest rank's routed experts on their roofline, plus, on a GPU whose engine measured its
 * kernels, the fused MoE's launch once per layer at that engine's measured launch latency (what
 * survives CUDA graphs, as for a table) (s). */
function rooflineSeconds(env: StepEnv, w: NonNullable<ReturnType<typeof expertWork>>): number {
  const launchUs = env.pricer?.launchUs.moe ?? 0;
  return expertRoofline(env, w) + (env.keep * env.costs.moeLayers * launchUs) / 1e6;
}

/**
 * The fused MoE from its table; past the most tokens it measured, its time there plus the
 * roofline of the tokens beyond, so the time never drops where the table ends.
 */
function measuredExperts(env: StepEnv, pricer: KernelPricer, noting: boolean): Priced | null {
  const tokens = env.load.instanceTokens;
  const reach = pricer.moeTokensMax;
  if (reach === null || tokens <= reach) return pricer.moe(tokens);
  const at = pricer.moe(reach);
  const past = expertWork(env, tokens);
  const upTo = expertWork(env, reach);
  if (!at || !past || !upTo) return null;
  const extraMs = 1000 * Math.max(0, expertRoofline(env, past) - expertRoofline(env, upTo));
  return pricedPast(
    at,
    extraMs,
    noting,
    () =>
      `, at the most tokens it measured (${enNumber(reach)}) plus the roofline of the tokens past them`,
  );
}

/** The busiest EP rank's routed experts on their roofline (s). */
function expertRoofline(env: StepEnv, w: NonNullable<ReturnType<typeof expertWork>>): number {
  const { ctx, costs } = env;
  const hw = ctx.hardware;
  return (
    w.imbalance *
    (roofline(
      w.flops,
      w.bytes,
      peakFlopsPerSec(hw, costs.expertMath) * env.computeScale,
      weightStreamBytesPerSec(hw, costs.expertMath, env.memBytesPerSec),
    ) +
      w.actBytes / env.memBytesPerSec)
  );
}

/** The busiest EP rank's expert work for the instance's `tokens`: FLOPs, weight bytes,
 * activation bytes, and the routing imbalance across ranks (null without routed experts). */
function expertWork(env: StepEnv, tokens: number) {
  const { ctx, costs, moeEp: ep } = env;
  const { model, layout, cal } = ctx;
  const moe = model.ffn.moe;
  if (!moe || costs.moeLayers === 0) return null;
  const k = moe.expertsPerToken;
  const stageGpus = layout.instanceGpus / layout.pp;
  const gpusPerEpRank = stageGpus / ep;
  const touched = expertsTouched(moe.routedExperts, k, tokens, cal.hotExpertShare) / ep;
  const act = activationTraffic(model);
  const copiesPerEpRank = (tokens * k) / ep;
  return {
    bytes: (costs.moeLayers * touched * costs.expertBytes) / gpusPerEpRank,
    flops: (2 * costs.expertParams * k * tokens * costs.moeLayers) / stageGpus,
    actBytes:
      cal.activationTrafficScale *
      copiesPerEpRank *
      act.moeLayers *
      (act.perCopyHiddenBytes + act.perCopyIntermediateBytes / gpusPerEpRank),
    imbalance: ep > 1 ? cal.moeImbalance : 1,
  };
}
