import { linkBytesPerSec } from '../rates';
import type { StepEnv } from './env';
import type { Ledger } from './ledger';
import { charge, measuredMs } from './ledger';

/** TP all-reduces carry the hidden state in BF16. */
export const ALL_REDUCE_BYTES_PER_VALUE = 2;
/** EP dispatch sends each token's hidden state to its experts in FP8 (DeepEP's dispatch). */
export const DISPATCH_BYTES_PER_VALUE = 1;
/** EP combine returns the experts' outputs in BF16. */
export const COMBINE_BYTES_PER_VALUE = 2;
/** A pipeline stage hands its hidden states to the next in BF16. */
export const HANDOFF_BYTES_PER_VALUE = 2;

/** Bytes each GPU moves in a ring all-reduce of `values` BF16 values over `gpus`: 2(g−1)/g of it. */
export const ringAllReduceBytes = (values: number, gpus: number): number =>
  (2 * (gpus - 1) * values * ALL_REDUCE_BYTES_PER_VALUE) / gpus;

/**
 * Whether MoE layers exchange tokens between expert-parallel ranks (dispatch and combine): only
 * when the ranks hold different tokens (attention-DP, or experts on GPUs outside the TP group).
 * When EP splits the experts over the TP group itself, every rank already holds every token
 * after attention's all-reduce, so each runs its own experts on the tokens routed to them and
 * the FFN's TP all-reduce sums the experts' outputs (SGLang without an all-to-all MoE backend,
 * vLLM's FusedMoE at DP 1, TensorRT-LLM's MoE without attention-DP).
 */
export function expertsExchangeTokens({ model, layout }: StepEnv['ctx']): boolean {
  if (!model.ffn.moe || layout.ep <= 1) return false;
  return layout.attentionDpRanks > 1 || layout.ep > layout.tp * layout.pp;
}

/**
 * TP all-reduces of the hidden state: two per layer (after attention and after the FFN), less the
 * MoE layers whose EP combine already sums the experts' outputs (when they exchange tokens).
 * Measured NCCL/custom all-reduce inside the scale-up domain, else ring bytes over the link plus
 * a collective latency (twice across the NIC).
 */
export function tpAllReduce(env: StepEnv, l: Ledger): void {
  const { ctx, costs, pricer, tokens } = env;
  const { model, hardware: hw, layout, cal } = ctx;
  const tp = layout.tp;
  if (tp <= 1) return;
  const dim = model.hiddenSize;
  const link = linkBytesPerSec(hw, tp);
  const epLayers = model.ffn.moe && layout.ep > 1 ? costs.moeLayers : 0;
  const exchange = expertsExchangeTokens(ctx);
  const epCombines = exchange ? epLayers : 0;
  // EP over the TP group itself: each MoE layer's second all-reduce sums its experts' outputs.
  const sumExperts = exchange ? 0 : epLayers;
  const count = 2 * model.numLayers - epCombines;
  const measured = link.scaleOut || !pricer ? null : pricer.allReduce(tp, tokens * dim);
  const latency = (cal.collectiveLatencyUs / 1e6) * (link.scaleOut ? 2 : 1);
  const seconds = measured
    ? count * (measuredMs(measured, env.keep) / 1000)
    : count * (ringAllReduceBytes(tokens * dim, tp) / (link.bytesPerSec * env.eff.link) + latency);
  charge(
    l,
    'tpComms',
    l.notes
      ? `${count} TP all-reduces${sumExperts ? ` (${sumExperts} of them also sum the EP experts)` : ''}`
      : '',
    seconds,
    measured,
    'link',
    l.notes
      ? {
          flops: 0,
          bytes: count * ringAllReduceBytes(tokens * dim, tp),
          math: null,
        }
      : null,
  );
}

/**
 * Seconds of one MoE layer's EP dispatch and combine on a GPU sending `tokens` tokens to `k`
 * experts each: inside one scale-up domain every copy but the local share crosses NVLink; across
 * nodes (DeepEP) one copy per distinct remote node crosses the NIC — expected distinct remote nodes
 * of k uniformly routed experts: (N−1)(1−(1−1/N)^k) — then fans out over NVLink inside it.
 */
export function epLayerSeconds(env: StepEnv, tokens: number, k: number): number {
  const { hardware: hw, layout, cal, model } = env.ctx;
  const lat = cal.collectiveLatencyUs / 1e6;
  const copy = model.hiddenSize * (DISPATCH_BYTES_PER_VALUE + COMBINE_BYTES_PER_VALUE);
  const domain = hw.scaleUp.domainGpus;
  const nodes = Math.ceil(layout.instanceGpus / domain);
  const nvlink = hw.scaleUp.bytesPerSecPerGpu * env.eff.link;
  if (nodes <= 1 || hw.scaleOut.bitsPerSecPerGpu === null)
    return (tokens * k * copy * (layout.ep - 1)) / layout.ep / nvlink + 2 * lat;
  const remoteNodes = (nodes - 1) * (1 - Math.pow(1 - 1 / nodes, k));
  const rdma = (hw.scaleOut.bitsPerSecPerGpu / 8) * env.eff.link;
  return (
    (tokens * remoteNodes * copy) / rdma +
    (tokens * k * copy * (domain - 1)) / domain / nvlink +
    4 * lat
  );
}

/**
 * EP dispatch and combine of every MoE layer, less the share hidden behind the step's computation
 * (two-batch overlap, DeepEP's hooks), up to the computation there is to hide it.
 */
export function epDispatchCombine(env: StepEnv, l: Ledger, computeSeconds: number): void {
  const { model, layout, cal } = env.ctx;
  const moe = model.ffn.moe;
  if (!moe || !expertsExchangeTokens(env.ctx)) return;
  const perGpuTokens = env.load.instanceTokens / (layout.instanceGpus / layout.pp);
  const total = env.costs.moeLayers * epLayerSeconds(env, perGpuTokens, moe.expertsPerToken);
  const exposed = total - cal.epCommOverlap * Math.min(total, computeSeconds);
  const copy = model.hiddenSize * (DISPATCH_BYTES_PER_VALUE + COMBINE_BYTES_PER_VALUE);
  charge(
    l,
    'epComms',
    'expert-parallel dispatch and combine (exposed)',
    exposed,
    null,
    'link',
    l.notes
      ? {
          flops: 0,
          bytes:
            (env.costs.moeLayers * perGpuTokens * moe.expertsPerToken * copy * (layout.ep - 1)) /
            layout.ep,
          math: null,
        }
      : null,
  );
}

/**
 * Pipeline hand-off: at each stage boundary the microbatch's hidden states cross to the next
 * stage's GPUs, each TP rank sending its share, over the scale-up link inside the domain and the
 * NIC beyond it (stages of a multi-node instance sit on different nodes).
 */
export function ppHandoff(env: StepEnv, l: Ledger): void {
  const { model, hardware: hw, layout, cal } = env.ctx;
  if (layout.pp <= 1) return;
  const link = linkBytesPerSec(hw, layout.instanceGpus);
  const bytes = (env.tokens * model.hiddenSize * HANDOFF_BYTES_PER_VALUE) / layout.tp;
  const latency = (cal.collectiveLatencyUs / 1e6) * (link.scaleOut ? 2 : 1);
  const seconds = (layout.pp - 1) * (bytes / (link.bytesPerSec * env.eff.link) + latency);
  charge(
    l,
    'ppComms',
    l.notes ? `${layout.pp - 1} pipeline-stage hand-offs` : '',
    seconds,
    null,
    'link',
    l.notes ? { flops: 0, bytes: (layout.pp - 1) * bytes, math: null } : null,
  );
}
