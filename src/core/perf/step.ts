import type { PricedOp, StepBreakdown, StepContext, StepLoad, StepTime } from './step-types';
import { totalOf } from './step-arithmetic';
import { attentionCore, measuredAttention } from './terms/attention';
import { epDispatchCombine, ppHandoff, tpAllReduce } from './terms/comms';
import { denseMatmuls, elementwiseTraffic, measuredMhc } from './terms/dense';
import { stepEnv } from './terms/env';
import { routedExperts } from './terms/experts';
import { newLedger } from './terms/ledger';
import { draftPasses, frameworkOverhead } from './terms/overhead';

/**
 * Time of one forward step on the busiest GPU (design §3): every operation group priced from its
 * measured kernel table where one covers the shape, else bounded by its own roofline,
 * max(FLOPs / achievable FLOP/s, bytes / achievable B/s); then the collectives (TP, EP, PP), the
 * framework's fixed time and the draft passes. Each term lives in ./terms and notes what priced it.
 */
export function stepTime(ctx: StepContext, load: StepLoad, notes?: PricedOp[]): StepTime {
  const env = stepEnv(ctx, load);
  const l = newLedger(notes);
  const s = l.seconds;

  const attention = measuredAttention(env, l);
  const mhc = measuredMhc(env, l);
  denseMatmuls(
    env,
    l,
    (g) => Boolean(attention.moduleCovers?.has(g)) || (g === 'mhc' && mhc !== null),
  );
  elementwiseTraffic(env, l, mhc !== null);
  attentionCore(env, l, attention);
  routedExperts(env, l);

  tpAllReduce(env, l);
  epDispatchCombine(env, l, s.attention + s.indexer + s.moe + s.dense);
  ppHandoff(env, l);

  const launchUs = frameworkOverhead(env, l);
  draftPasses(env, l, launchUs);

  // A literal of one shape (a step is priced hundreds of thousands of times per sweep).
  const breakdownMs: StepBreakdown = {
    attention: s.attention * 1000,
    indexer: s.indexer * 1000,
    moe: s.moe * 1000,
    dense: s.dense * 1000,
    tpComms: s.tpComms * 1000,
    epComms: s.epComms * 1000,
    ppComms: s.ppComms * 1000,
    overhead: s.overhead * 1000,
    draft: s.draft * 1000,
  };
  return { totalMs: totalOf(breakdownMs), breakdownMs };
}
