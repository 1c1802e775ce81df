import type { HardwareSpec } from '../hardware/schema';
import type { KvFormat } from '../model/kv';
import { decodeFlopsPerToken, prefillFlops } from '../model/flops';
import type { ModelSpec } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { tensorsPerLayer } from '../model/tensors';
import type { WeightPrecision } from '../precision';
import type { Layout } from '../scenario/layout';
import type { Framework } from '../scenario/schema';
import { activationTraffic } from './activation-traffic';
import { kvReadBytesPerSequence } from './attention-reads';
import type { Calibration } from './calibration';
import { modelCosts } from './model-costs';
import { linkBytesPerSec, peakFlopsPerSec } from './rates';

/** Where a step's time goes (the per-step breakdown shown to users). */
export const STEP_OPS = [
  'attention',
  'indexer',
  'moe',
  'dense',
  'comms',
  'overhead',
  'draft',
] as const;
export type StepOp = (typeof STEP_OPS)[number];
export type StepBreakdown = Record<StepOp, number>;

export interface StepContext {
  model: ModelSpec;
  hardware: HardwareSpec;
  weights: WeightPrecision;
  kvFormat: KvFormat;
  framework: Framework;
  cal: Calibration;
  layout: Layout;
}

export interface StepLoad {
  /** Decoding sequences on the busiest attention rank. */
  decodeSeqsPerRank: number;
  /** Tokens each decoding sequence runs per step (1 + draft tokens). */
  tokensPerSeq: number;
  /** Mean context of decoding sequences (tokens). */
  decodeContextTokens: number;
  /** Prefill tokens the busiest rank runs this step (chunked prefill, or a prefill pool). */
  prefillTokensPerRank: number;
  /** Length of the prompts those prefill tokens belong to. */
  promptTokens: number;
  /** Tokens the whole instance sends through the MoE this step (all attention-DP ranks). */
  instanceTokens: number;
  /** Draft tokens proposed per sequence (MTP / EAGLE), 0 without speculation. */
  draftTokens: number;
}

export interface StepTime {
  totalMs: number;
  breakdownMs: StepBreakdown;
}

/** How a dense weight group divides across the GPUs of a TP group. */
const TP_SPLIT: Partial<Record<WeightGroup, boolean>> = {
  attention: true,
  indexer: true,
  sharedExperts: true,
  denseFfn: true,
  head: true,
};
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

/** Tensors per layer the framework's per-layer overhead is quoted for (about an MLA+MoE layer). */
export const REFERENCE_TENSORS_PER_LAYER = 15;

const DENSE_GROUPS = Object.keys(OP_OF) as WeightGroup[];

/** One operation's time on its roofline: the slower of its compute and its memory traffic (s). */
function roofline(flops: number, bytes: number, flopsPerSec: number, bytesPerSec: number): number {
  const c = flops / flopsPerSec;
  const m = bytes / bytesPerSec;
  return c > m ? c : m;
}

const empty = (): StepBreakdown => ({
  attention: 0,
  indexer: 0,
  moe: 0,
  dense: 0,
  comms: 0,
  overhead: 0,
  draft: 0,
});

/**
 * Time of one forward step on the busiest GPU: every operation group bounded by its own roofline,
 * max(FLOPs / achievable FLOP/s, bytes / achievable B/s), plus collectives and fixed overheads
 * (design §3). Weights are read once per step whatever the batch; routed experts only where
 * touched: E_local·(1-(1-k/E)^M) per EP rank for M tokens.
 */
export function stepTime(ctx: StepContext, load: StepLoad): StepTime {
  const { model, hardware: hw, layout, cal } = ctx;
  const eff = cal.generations[hw.generation];
  const fw = cal.frameworks[ctx.framework];
  const memBps = hw.memBandwidthBytesPerSec * eff.memory * fw.kernelEfficiency;
  const computeScale = eff.compute * fw.kernelEfficiency;
  const costs = modelCosts(model, ctx.weights);
  const tp = layout.tp;
  const decodeTokens = load.decodeSeqsPerRank * load.tokensPerSeq;
  const tokens = decodeTokens + load.prefillTokensPerRank;
  const out = empty();

  // Dense matmuls (attention projections, indexer projections, compressors, router, shared
  // experts, dense FFN, LM head, mHC): every GPU of the TP group reads its shard once per step.
  for (const g of DENSE_GROUPS) {
    const share = TP_SPLIT[g] ? tp : 1;
    const params = costs.denseParamsByGroup[g] / share;
    const bytes = costs.denseBytesByGroup[g] / share;
    if (params === 0) continue;
    const m = g === 'head' ? decodeTokens : tokens;
    out[OP_OF[g]!] += roofline(
      2 * params * m,
      bytes,
      peakFlopsPerSec(hw, costs.mathByGroup[g]) * computeScale,
      memBps,
    );
  }

  // Element-wise kernels between the matmuls stream activations through HBM; under TP every
  // GPU of the group runs them over all of the group's tokens.
  const act = activationTraffic(model);
  out.dense += (cal.activationTrafficScale * tokens * act.perTokenBytes) / memBps;

  // Attention core and indexer scoring over the cache.
  if (load.decodeSeqsPerRank > 0) {
    const perTok = decodeFlopsPerToken(model, load.decodeContextTokens);
    const reads = kvReadBytesPerSequence(model, load.decodeContextTokens, ctx.kvFormat);
    const kvShare =
      model.attention.kind === 'gqa'
        ? Math.ceil(model.attention.numKvHeads / tp) / model.attention.numKvHeads
        : 1;
    out.attention += roofline(
      (decodeTokens * perTok.attentionFlops) / tp,
      load.decodeSeqsPerRank * reads.attentionBytes * kvShare,
      peakFlopsPerSec(hw, 'bf16') * computeScale,
      memBps,
    );
    if (perTok.indexerFlops > 0)
      out.indexer += roofline(
        (decodeTokens * perTok.indexerFlops) / tp,
        load.decodeSeqsPerRank * reads.indexerBytes,
        peakFlopsPerSec(hw, 'fp8') * computeScale,
        memBps,
      );
  }
  if (load.prefillTokensPerRank > 0 && load.promptTokens > 0) {
    const pf = prefillFlops(model, load.promptTokens);
    const perToken = load.prefillTokensPerRank / load.promptTokens;
    out.attention += roofline(
      (pf.attentionFlops * perToken) / tp,
      0,
      peakFlopsPerSec(hw, 'bf16') * computeScale,
      memBps,
    );
    if (pf.indexerFlops > 0)
      out.indexer += roofline(
        (pf.indexerFlops * perToken) / tp,
        0,
        peakFlopsPerSec(hw, 'fp8') * computeScale,
        memBps,
      );
  }

  // Routed experts, spread over every GPU of the instance.
  const moe = model.ffn.moe;
  if (moe && costs.moeLayers > 0 && load.instanceTokens > 0) {
    const E = moe.routedExperts;
    const k = moe.expertsPerToken;
    // With PP, each stage holds its layers' experts over its own GPUs: EP per stage = ep / pp.
    const stageGpus = layout.instanceGpus / layout.pp;
    const ep = Math.min(E, stageGpus, Math.max(1, layout.ep / layout.pp));
    const gpusPerEpRank = stageGpus / ep;
    // Routing is skewed: the hottest quarter of experts takes a share q of the routings (q = 1/4
    // is uniform, the design's E_local(1-(1-k/E)^M)).
    const q = cal.hotExpertShare;
    const hot = E / 4;
    const touchedAll =
      hot * (1 - Math.pow(Math.max(0, 1 - (q * k) / hot), load.instanceTokens)) +
      (E - hot) * (1 - Math.pow(Math.max(0, 1 - ((1 - q) * k) / (E - hot)), load.instanceTokens));
    const touched = touchedAll / ep;
    const bytes = (costs.moeLayers * touched * costs.expertBytes) / gpusPerEpRank;
    const f = (2 * costs.expertParams * k * load.instanceTokens * costs.moeLayers) / stageGpus;
    const imbalance = ep > 1 ? cal.moeImbalance : 1;
    const copiesPerEpRank = (load.instanceTokens * k) / ep;
    const actBytes =
      cal.activationTrafficScale *
      copiesPerEpRank *
      act.moeLayers *
      (act.perCopyHiddenBytes + act.perCopyIntermediateBytes / gpusPerEpRank);
    out.moe +=
      imbalance *
      (roofline(f, bytes, peakFlopsPerSec(hw, costs.expertMath) * computeScale, memBps) +
        actBytes / memBps);
  }

  // Collectives: TP all-reduce of the hidden state, EP dispatch (FP8) and combine (BF16).
  const dim = model.hiddenSize;
  const L = model.numLayers;
  const lat = cal.collectiveLatencyUs / 1e6;
  if (tp > 1) {
    const link = linkBytesPerSec(hw, tp);
    const epCombines = moe && layout.ep > 1 ? costs.moeLayers : 0;
    const count = 2 * L - epCombines;
    const bytes = (2 * (tp - 1) * tokens * dim * 2) / tp;
    out.comms += count * (bytes / (link.bytesPerSec * eff.link) + lat * (link.scaleOut ? 2 : 1));
  }
  if (moe && layout.ep > 1) {
    // Dispatch (FP8, 1 B) + combine (BF16, 2 B) of each token's hidden state to its experts.
    const k = moe.expertsPerToken;
    const perGpuTokens = load.instanceTokens / (layout.instanceGpus / layout.pp);
    const copy = dim * 3;
    const domain = hw.scaleUp.domainGpus;
    const nodes = Math.ceil(layout.instanceGpus / domain);
    const nvlink = hw.scaleUp.bytesPerSecPerGpu * eff.link;
    let seconds: number;
    if (nodes <= 1 || hw.scaleOut.bitsPerSecPerGpu === null) {
      seconds = (perGpuTokens * k * copy * (layout.ep - 1)) / layout.ep / nvlink + 2 * lat;
    } else {
      // Across nodes (DeepEP): one copy per destination node over RDMA, then fan-out over
      // NVLink inside it. Expected distinct remote nodes of k uniformly routed experts:
      // (N-1)(1-(1-1/N)^k).
      const remoteNodes = (nodes - 1) * (1 - Math.pow(1 - 1 / nodes, k));
      const rdma = (hw.scaleOut.bitsPerSecPerGpu / 8) * eff.link;
      seconds =
        (perGpuTokens * remoteNodes * copy) / rdma +
        (perGpuTokens * k * copy * (domain - 1)) / domain / nvlink +
        4 * lat;
    }
    const epSeconds = costs.moeLayers * seconds;
    const computeSeconds = out.attention + out.indexer + out.moe + out.dense;
    out.comms += epSeconds - cal.epCommOverlap * Math.min(epSeconds, computeSeconds);
  }
  if (layout.pp > 1) out.comms += (layout.pp - 1) * lat;

  // Everything above is in seconds; report milliseconds.
  for (const op of STEP_OPS) out[op] *= 1000;
  // Kernel launches and small ops scale with what a layer contains (V4's mHC, compressors and
  // indexer launch about twice what an MLA layer does); layerOverheadUs is per 15 tensors.
  const layerUs = (fw.layerOverheadUs * tensorsPerLayer(model)) / REFERENCE_TENSORS_PER_LAYER;
  out.overhead =
    fw.stepOverheadMs + (L * layerUs) / 1000 + (load.decodeSeqsPerRank * fw.seqOverheadUs) / 1000;

  // Draft model: d sequential passes of one MTP-sized layer over the decoding sequences.
  if (load.draftTokens > 0) {
    const layerMs = (out.attention + out.indexer + out.moe + out.dense) / L;
    out.draft = load.draftTokens * (layerMs + layerUs / 1000);
  }
  let total = 0;
  for (const op of STEP_OPS) total += out[op];
  return { totalMs: total, breakdownMs: out };
}
