import type { HardwareSpec } from '../hardware/schema';
import type { KvFormat } from '../model/kv';
import { decodeFlopsPerToken, prefillFlops } from '../model/flops';
import type { ModelSpec } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { tensorsPerLayer } from '../model/tensors';
import type { WeightPrecision } from '../precision';
import type { Layout } from '../scenario/layout';
import type { Framework } from '../scenario/schema';
import type { KernelPricer, KernelSource, Priced, PricerLayout } from '../kernels/pricer';
import { memoOn } from '../memo';
import { kernelPricer } from '../kernels/pricer';
import type { FrameworkKernels, ReferenceKernels } from '../kernels/schema';
import { activationTraffic } from './activation-traffic';
import type { LaunchFloor } from './launch-floor';
import { launchFloor } from './launch-floor';
import { kvReadBytesPerSequence } from './attention-reads';
import type { Calibration } from './calibration';
import { modelCosts } from './model-costs';
import { weightStreamBytesPerSec } from './dequant';
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
  /** Measured kernel tables of this hardware and framework; null prices everything on rooflines. */
  kernels: FrameworkKernels | null;
  /** Without them, a measured GPU of the class whose tables give the kernels' launch latency. */
  reference: ReferenceKernels | null;
}

/** Which table priced an operation group's time (absent: its roofline). */
export interface PricedOp {
  op: StepOp;
  what: string;
  ms: number;
  source: KernelSource | null;
  /** Measured neighbours along the table's interpolated axis (0 on a roofline). */
  lo: number;
  hi: number;
  /** Scaled in proportion from the largest measured size `lo`. */
  scaled: boolean;
  /** What priced it without a table: compute/memory roofline, link or HBM bandwidth alone,
   * fitted framework overheads, or a sum of the other operations. */
  basis: PricingBasis;
}

export type PricingBasis = 'kernel' | 'roofline' | 'bandwidth' | 'link' | 'calibrated' | 'derived';

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

/**
 * Work a TP shard of latent (MLA) or V4 sparse attention does per head it holds: FlashMLA's decode
 * kernels run 64 or 128 query heads per rank (h_q ∈ {64, 128}), so a rank holding fewer pads
 * up to 64 and computes the empty heads too (vLLM FlashMLA-sparse backend,
 * https://github.com/vllm-project/vllm/blob/008a0c31dc020099dd40e8a2b7d2bdb37699b047/vllm/v1/attention/backends/mla/flashmla_sparse.py).
 * GQA kernels do not pad. 1 when the shard fills its tile.
 */
export function headPadding(model: ModelSpec, tp: number): number {
  if (model.attention.kind === 'gqa') return 1;
  const perRank = model.attention.numHeads / tp;
  const tile = perRank <= 64 ? 64 : 128;
  return perRank >= tile ? 1 : tile / perRank;
}

/** Expert-parallel ranks per pipeline stage: each stage holds its layers' experts over its GPUs. */
function moeEpRanks({ model, layout }: StepContext): number {
  const moe = model.ffn.moe;
  const stageGpus = layout.instanceGpus / layout.pp;
  return moe ? Math.min(moe.routedExperts, stageGpus, Math.max(1, layout.ep / layout.pp)) : 1;
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
      )
    : null;

/** The layout facts the kernel tables are keyed by. */
function pricerLayoutOf(ctx: StepContext): PricerLayout {
  const moeEp = moeEpRanks(ctx);
  return { tp: ctx.layout.tp, moeEp, moeTp: ctx.layout.instanceGpus / ctx.layout.pp / moeEp };
}

/** Time of a measured operation in a served step: its floor only partly remains (CUDA graphs). */
const measuredMs = (p: Priced, keep: number): number => p.ms - (1 - keep) * p.fixedMs;

function pushNote(
  notes: PricedOp[],
  op: StepOp,
  what: string,
  seconds: number,
  p: Priced | null,
  basis: PricingBasis = 'roofline',
): void {
  notes.push({
    op,
    what,
    ms: seconds * 1000,
    source: p?.source ?? null,
    lo: p?.lo ?? 0,
    hi: p?.hi ?? 0,
    scaled: p?.scaled ?? false,
    basis: p ? 'kernel' : basis,
  });
}

/** Adds a measured operation's time (seconds, as the step sums them) to its group, noted. */
function addMeasured(
  out: StepBreakdown,
  notes: PricedOp[] | undefined,
  op: StepOp,
  what: string,
  p: Priced,
  keep: number,
): void {
  const seconds = measuredMs(p, keep) / 1000;
  out[op] += seconds;
  if (notes) pushNote(notes, op, what, seconds, p);
}

const floors = new WeakMap<StepContext, LaunchFloor | null>();
/** The reference GPU's launch latency for a roofline-priced step context (memoised). */
const floorOf = (ctx: StepContext): LaunchFloor | null => memoOn(floors, ctx, makeFloor);
const makeFloor = (ctx: StepContext): LaunchFloor | null =>
  ctx.reference
    ? launchFloor(ctx.reference, ctx.model, ctx.weights, ctx.kvFormat, pricerLayoutOf(ctx))
    : null;

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
export function stepTime(ctx: StepContext, load: StepLoad, notes?: PricedOp[]): StepTime {
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
  const moe = model.ffn.moe;
  const moeEp = moeEpRanks(ctx);
  const pricer = pricerOf(ctx);
  // Tables time each operation called on its own; a serving engine replays steps from CUDA
  // graphs, where only a share of each kernel's fixed latency (launch, sync) remains.
  const keep = cal.kernelFixedShare;

  // Attention from a measured module (projections, compressor, indexer, core) or core table.
  let attnDecode: Priced | null = null;
  let attnPrefill: Priced | null = null;
  if (pricer) {
    if (load.decodeSeqsPerRank > 0)
      attnDecode = pricer.decodeAttention(
        load.decodeSeqsPerRank,
        load.tokensPerSeq,
        load.decodeContextTokens,
      );
    if (load.prefillTokensPerRank > 0 && load.promptTokens > 0) {
      const whole = load.prefillTokensPerRank >= load.promptTokens;
      attnPrefill = pricer.prefillAttention(
        whole ? load.prefillTokensPerRank / load.promptTokens : 1,
        whole ? load.promptTokens : load.prefillTokensPerRank,
      );
    }
  }
  const decodeOk = load.decodeSeqsPerRank === 0 || attnDecode !== null;
  const prefillOk = load.prefillTokensPerRank === 0 || attnPrefill !== null;
  const moduleCovers =
    pricer && pricer.moduleCovers.size > 0 && decodeOk && prefillOk ? pricer.moduleCovers : null;
  if (moduleCovers) {
    if (attnDecode) addMeasured(out, notes, 'attention', 'attention module', attnDecode, keep);
    if (attnPrefill) addMeasured(out, notes, 'attention', 'attention module', attnPrefill, keep);
  }
  const mhcPriced = pricer ? pricer.mhc(tokens) : null;
  if (mhcPriced) addMeasured(out, notes, 'dense', 'mHC mixing', mhcPriced, keep);

  // Dense matmuls (attention projections, indexer projections, compressors, router, shared
  // experts, dense FFN, LM head, mHC): every GPU of the TP group reads its shard once per step.
  for (const g of DENSE_GROUPS) {
    const share = TP_SPLIT[g] ? tp : 1;
    const params = costs.denseParamsByGroup[g] / share;
    const bytes = costs.denseBytesByGroup[g] / share;
    if (params === 0) continue;
    if (moduleCovers?.has(g) || (g === 'mhc' && mhcPriced)) continue;
    const m = g === 'head' ? decodeTokens : tokens;
    if (m <= 0) continue;
    const measured = pricer ? pricer.gemm(g, m) : null;
    const seconds = measured
      ? measuredMs(measured, keep) / 1000
      : roofline(
          2 * params * m,
          bytes,
          peakFlopsPerSec(hw, costs.mathByGroup[g]) * computeScale,
          weightStreamBytesPerSec(hw, costs.mathByGroup[g], memBps),
        );
    out[OP_OF[g]!] += seconds;
    if (notes) pushNote(notes, OP_OF[g]!, `${g} matmuls`, seconds, measured);
  }

  // Element-wise kernels between the matmuls stream activations through HBM; under TP every
  // GPU of the group runs them over all of the group's tokens.
  const act = activationTraffic(model);
  // A measured mHC kernel already moved the residual streams it mixes.
  const actBytesPerToken = act.perTokenBytes - (mhcPriced ? act.mhcPerTokenBytes : 0);
  const elementwise = (cal.activationTrafficScale * tokens * actBytesPerToken) / memBps;
  out.dense += elementwise;
  if (notes)
    pushNote(notes, 'dense', 'element-wise activation traffic', elementwise, null, 'bandwidth');

  // Attention core and indexer scoring over the cache.
  const coreDecode = pricer?.moduleCovers.size === 0 && attnDecode ? attnDecode : null;
  if (coreDecode) addMeasured(out, notes, 'attention', 'attention core', coreDecode, keep);
  const attentionBefore = out.attention;
  const indexerBefore = out.indexer;
  if (load.decodeSeqsPerRank > 0 && !moduleCovers) {
    const perTok = decodeFlopsPerToken(model, load.decodeContextTokens);
    const reads = kvReadBytesPerSequence(model, load.decodeContextTokens, ctx.kvFormat);
    const kvShare =
      model.attention.kind === 'gqa'
        ? Math.ceil(model.attention.numKvHeads / tp) / model.attention.numKvHeads
        : 1;
    if (!coreDecode)
      out.attention += roofline(
        (decodeTokens * perTok.attentionFlops * headPadding(model, tp)) / tp,
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
  if (load.prefillTokensPerRank > 0 && load.promptTokens > 0 && !moduleCovers) {
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

  if (out.attention !== attentionBefore)
    if (notes)
      pushNote(notes, 'attention', 'attention core', out.attention - attentionBefore, null);
  if (out.indexer !== indexerBefore)
    if (notes) pushNote(notes, 'indexer', 'indexer scoring', out.indexer - indexerBefore, null);

  // Routed experts, spread over every GPU of the instance: the measured fused-MoE kernel, else
  // the roofline below.
  const moePriced = pricer && load.instanceTokens > 0 ? pricer.moe(load.instanceTokens) : null;
  if (moePriced) addMeasured(out, notes, 'moe', 'routed experts', moePriced, keep);
  else if (moe && costs.moeLayers > 0 && load.instanceTokens > 0) {
    const E = moe.routedExperts;
    const k = moe.expertsPerToken;
    // With PP, each stage holds its layers' experts over its own GPUs: EP per stage = ep / pp.
    const ep = moeEp;
    const stageGpus = layout.instanceGpus / layout.pp;
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
    const moeBefore = out.moe;
    out.moe +=
      imbalance *
      (roofline(
        f,
        bytes,
        peakFlopsPerSec(hw, costs.expertMath) * computeScale,
        weightStreamBytesPerSec(hw, costs.expertMath, memBps),
      ) +
        actBytes / memBps);
    if (notes) pushNote(notes, 'moe', 'routed experts', out.moe - moeBefore, null);
  }

  // Collectives: TP all-reduce of the hidden state, EP dispatch (FP8) and combine (BF16).
  const dim = model.hiddenSize;
  const L = model.numLayers;
  const lat = cal.collectiveLatencyUs / 1e6;
  if (tp > 1) {
    const link = linkBytesPerSec(hw, tp);
    const epCombines = moe && layout.ep > 1 ? costs.moeLayers : 0;
    const count = 2 * L - epCombines;
    const measured = link.scaleOut || !pricer ? null : pricer.allReduce(tp, tokens * dim);
    const bytes = (2 * (tp - 1) * tokens * dim * 2) / tp;
    const seconds = measured
      ? count * (measuredMs(measured, keep) / 1000)
      : count * (bytes / (link.bytesPerSec * eff.link) + lat * (link.scaleOut ? 2 : 1));
    out.comms += seconds;
    if (notes) pushNote(notes, 'comms', `${count} TP all-reduces`, seconds, measured, 'link');
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
    const exposed = epSeconds - cal.epCommOverlap * Math.min(epSeconds, computeSeconds);
    out.comms += exposed;
    if (notes)
      pushNote(
        notes,
        'comms',
        'expert-parallel dispatch and combine (exposed)',
        exposed,
        null,
        'link',
      );
  }
  if (layout.pp > 1) {
    // Pipeline hand-off: at each stage boundary the microbatch's hidden states (BF16) cross to
    // the next stage's GPUs, each TP rank sending its share, over the scale-up link inside the
    // domain and the scale-out NIC beyond it (stages of a multi-node instance sit on different
    // nodes).
    const link = linkBytesPerSec(hw, layout.instanceGpus);
    const bytes = (tokens * model.hiddenSize * 2) / tp;
    const handoff =
      (layout.pp - 1) * (bytes / (link.bytesPerSec * eff.link) + lat * (link.scaleOut ? 2 : 1));
    out.comms += handoff;
    if (notes)
      pushNote(notes, 'comms', `${layout.pp - 1} pipeline-stage hand-offs`, handoff, null, 'link');
  }

  // Everything above is in seconds; report milliseconds.
  for (const op of STEP_OPS) out[op] *= 1000;
  // Kernel launches and small ops scale with what a layer contains (V4's mHC, compressors and
  // indexer launch about twice what an MLA layer does); layerOverheadUs is per 15 tensors.
  const layerUs = (fw.layerOverheadUs * tensorsPerLayer(model)) / REFERENCE_TENSORS_PER_LAYER;
  // Measured tables already include each kernel's launch. Priced on rooflines, a step's kernels
  // cost what their launches and syncs cost on a measured GPU of the class (the same kernel
  // sequence), a fitted share of it under CUDA graphs as above; without such a reference, a
  // generic per-layer overhead.
  const floor = pricer ? null : floorOf(ctx);
  const launchUs = pricer ? 0 : floor ? (1000 * keep * eff.launch * floor.ms) / L : layerUs;
  out.overhead =
    fw.stepOverheadMs + (L * launchUs) / 1000 + (load.decodeSeqsPerRank * fw.seqOverheadUs) / 1000;
  if (notes)
    pushNote(
      notes,
      'overhead',
      pricer
        ? 'framework: step and per-sequence host work'
        : floor
          ? `framework: step, per-sequence host work, and the launch latency of this model's kernels as measured on ${floor.hardware}`
          : 'framework: step, per-layer launches, per-sequence host work',
      out.overhead / 1000,
      null,
      'calibrated',
    );

  // Draft model: d sequential passes of one MTP-sized layer over the decoding sequences.
  if (load.draftTokens > 0) {
    const layerMs = (out.attention + out.indexer + out.moe + out.dense) / L;
    out.draft = load.draftTokens * (layerMs + launchUs / 1000);
    if (notes)
      pushNote(
        notes,
        'draft',
        `${load.draftTokens} draft passes of one layer`,
        out.draft / 1000,
        null,
        'derived',
      );
  }
  let total = 0;
  for (const op of STEP_OPS) total += out[op];
  return { totalMs: total, breakdownMs: out };
}
