import type { PoolRole } from './engine-memory';
import { compressorStateBytes, engineReserve, swaPoolTokensPerSequence } from './engine-memory';
import type { HardwareSpec } from './hardware/schema';
import { memoryBytes } from './hardware/schema';
import type { KvFormat } from './model/kv';
import { kvBytesPerSequence, kvShareHeldPerTpRank } from './model/kv';
import type { ModelSpec } from './model/schema';
import type { BytesByGroup } from './model/weights';
import { emptyByGroup, tpRankBytes, weightBytes } from './model/weights';
import { memoOn } from './memo';
import type { WeightGroup } from './model/tensors';
import { WEIGHT_GROUPS } from './model/tensors';
import type { WeightPrecision } from './precision';
import type { Layout } from './scenario/layout';
import type { Framework } from './scenario/schema';

export interface MemoryInputs {
  model: ModelSpec;
  hardware: HardwareSpec;
  weights: WeightPrecision;
  kvFormat: KvFormat;
  /** Load and cache the MTP block (speculative decoding with MTP). */
  withMtp: boolean;
  /** The engine whose memory pools hold the KV (engine-memory.ts). */
  framework: Framework;
  /** The scenario's own share of GPU memory for weights + KV; unset: the engine's default. */
  memoryUtilization?: number | undefined;
  /** Speculative draft tokens per step (engines size some per-request state by them). */
  draftTokens: number;
}

export interface SequenceBytes {
  /** KV of the sequence by the model's arithmetic (model/kv.ts), all layers. */
  kv: number;
  /** What the engine keeps beside it: compressor state, SGLang's SWA-pool share. */
  engine: number;
}

/** Memory one whole sequence takes in the engine's KV pool at a context (all layers). */
export function sequenceBytes(inp: MemoryInputs, contextTokens: number): SequenceBytes {
  const kv = kvBytesPerSequence(inp.model, contextTokens, inp.kvFormat, inp.withMtp);
  const state = compressorStateBytes(inp.model, inp.framework, inp.draftTokens, inp.withMtp);
  const swaTokens = swaPoolTokensPerSequence(inp.model, inp.framework, contextTokens);
  const window = inp.model.attention.kind === 'v4-hybrid' ? inp.model.attention.windowTokens : 0;
  const held = Math.min(Math.max(0, Math.floor(contextTokens)), window);
  const swa = swaTokens !== null && held > 0 ? kv.tokenEntryBytes * (swaTokens / held - 1) : 0;
  return { kv: kv.totalBytes, engine: state + swa };
}

/** How one weight group divides across the GPUs of an instance. */
type Split = 'instance' | 'tp' | 'replicated' | 'vocab';
const SPLIT: Record<WeightGroup, Split> = {
  routedExperts: 'instance',
  sharedExperts: 'tp',
  denseFfn: 'tp',
  attention: 'tp',
  indexer: 'tp',
  mtpProjection: 'tp',
  // V4's compressors cannot be sharded along heads (LMSYS DeepSeek-V4 blog); small ones replicate.
  compressor: 'replicated',
  router: 'replicated',
  norms: 'replicated',
  mhc: 'replicated',
  hashTable: 'replicated',
  embedding: 'vocab',
  head: 'vocab',
};

/**
 * Weight bytes one GPU holds, by group, under a layout: routed experts spread over all GPUs of the
 * instance (EP ranks, and TP inside an expert when ep < tp·pp); attention, shared experts and dense
 * FFN split by TP (each tensor over at most the ranks its heads allow) and replicated across
 * attention-DP ranks; embedding and head vocab-parallel over TP; small tensors replicated. PP
 * gives each stage ceil(L/pp) of the L layers (the worst stage); the embedding sits on the first
 * stage, the head and the MTP block on the last.
 */
const perGpuCache = new WeakMap<ModelSpec, Map<string, Readonly<BytesByGroup>>>();

export function weightsPerGpu(inp: MemoryInputs, layout: Layout): Readonly<BytesByGroup> {
  // A capacity search asks for the same few splits thousands of times.
  const per = memoOn(perGpuCache, inp.model, () => new Map<string, Readonly<BytesByGroup>>());
  const key = `${inp.weights}|${inp.withMtp}|${layout.tp}|${layout.pp}|${layout.instanceGpus}`;
  let hit = per.get(key);
  if (!hit) {
    hit = Object.freeze(splitWeights(inp, layout));
    per.set(key, hit);
  }
  return hit;
}

function splitWeights(inp: MemoryInputs, layout: Layout): BytesByGroup {
  const wb = weightBytes(inp.model, inp.weights);
  const held = tpRankBytes(inp.model, inp.weights, layout.tp);
  const L = inp.model.numLayers;
  const stageShare = Math.ceil(L / layout.pp) / L;
  const out = emptyByGroup();
  for (const g of WEIGHT_GROUPS) {
    const mtp = inp.withMtp ? wb.mtpByGroup[g] : 0;
    const main = wb.mainByGroup[g];
    if (SPLIT[g] === 'tp') {
      // Each tensor over at most the ranks its heads allow (tensors.ts tpWays).
      out[g] = held.mainByGroup[g] * stageShare + (inp.withMtp ? held.mtpByGroup[g] : 0);
      continue;
    }
    const divisor =
      SPLIT[g] === 'instance'
        ? layout.instanceGpus / layout.pp
        : SPLIT[g] === 'replicated'
          ? 1
          : layout.tp;
    out[g] = SPLIT[g] === 'vocab' ? (main + mtp) / divisor : (main * stageShare + mtp) / divisor;
  }
  // With pp > 1 the embedding sits on the first stage and the head on the last: the worst GPU
  // holds only the larger of the two.
  if (layout.pp > 1) {
    if (out.embedding >= out.head) out.head = 0;
    else out.embedding = 0;
  }
  return out;
}

export interface PoolMemory {
  capacityBytesPerGpu: number;
  weightsBytesPerGpu: number;
  weightsByGroupBytesPerGpu: BytesByGroup;
  /** KV of one whole sequence at the context (all layers, not divided). */
  kvCacheBytesPerSequence: number;
  /** What the engine keeps per sequence beside that KV (all layers, not divided). */
  engineBytesPerSequence: number;
  /** Sequences whose KV one GPU holds at the scenario's concurrency. */
  sequencesPerGpu: number;
  /** Share of a sequence's KV one GPU holds (TP head split, PP stage share). */
  kvShareHeldPerGpu: number;
  /** The KV pool in use on one GPU: KV and the engine's per-sequence state. */
  kvCacheBytesPerGpu: number;
  /** What the engine keeps out of the weights and the KV pool (activations, CUDA graphs). */
  workspaceBytesPerGpu: number;
  /** How the engine sets that reserve: flag, default or formula; then the source. */
  workspaceBasis: string;
  totalBytesPerGpu: number;
  freeBytesPerGpu: number;
  /** The pool can run: its weights, the engine's reserve and at least one sequence fit. */
  fits: boolean;
  /** Every sequence in flight fits in the KV pool at once (otherwise the rest queue). */
  holdsAllSequences: boolean;
  /** Largest concurrency whose KV fits beside the weights and workspace (0 if weights do not fit). */
  maxConcurrency: number;
}

/** Sequences a single KV-holding rank carries when `concurrency` requests spread over the pool. */
export function sequencesPerRank(layout: Layout, concurrency: number): number {
  return Math.ceil(concurrency / (layout.instances * layout.attentionDpRanks));
}

export function kvShareHeldPerGpu(model: ModelSpec, layout: Layout): number {
  const L = model.numLayers;
  return kvShareHeldPerTpRank(model, layout.tp) * (Math.ceil(L / layout.pp) / L);
}

/** What the engine keeps out of the KV pool on one GPU of this layout. */
function reserveOf(inp: MemoryInputs, layout: Layout, role: PoolRole, weights: number) {
  return engineReserve(
    inp.framework,
    inp.model,
    inp.hardware,
    layout,
    role,
    weights,
    inp.memoryUtilization,
    inp.draftTokens,
  );
}

export function poolMemory(
  inp: MemoryInputs,
  layout: Layout,
  concurrency: number,
  contextTokens: number,
  role: PoolRole = 'aggregated',
): PoolMemory {
  const capacity = memoryBytes(inp.hardware);
  const byGroup = weightsPerGpu(inp, layout);
  const weights = WEIGHT_GROUPS.reduce((s, g) => s + byGroup[g], 0);
  const seq = sequenceBytes(inp, contextTokens);
  const share = kvShareHeldPerGpu(inp.model, layout);
  const seqs = sequencesPerRank(layout, concurrency);
  const perSeq = (seq.kv + seq.engine) * share;
  const kvGpu = seqs * perSeq;
  const reserve = reserveOf(inp, layout, role, weights);
  const workspace = reserve.bytesPerGpu;
  const total = weights + kvGpu + workspace;
  const room = capacity - weights - workspace;
  const maxSeqsPerRank = room > 0 && perSeq > 0 ? Math.floor(room / perSeq) : 0;
  return {
    capacityBytesPerGpu: capacity,
    weightsBytesPerGpu: weights,
    weightsByGroupBytesPerGpu: byGroup,
    kvCacheBytesPerSequence: seq.kv,
    engineBytesPerSequence: seq.engine,
    sequencesPerGpu: seqs,
    kvShareHeldPerGpu: share,
    kvCacheBytesPerGpu: kvGpu,
    workspaceBytesPerGpu: workspace,
    workspaceBasis: reserve.basis,
    totalBytesPerGpu: total,
    freeBytesPerGpu: capacity - total,
    fits: room > 0 && room >= perSeq,
    holdsAllSequences: total <= capacity,
    maxConcurrency: maxSeqsPerRank * layout.instances * layout.attentionDpRanks,
  };
}

/**
 * Longest context (≤ `upperTokens`) at which `concurrency` sequences fit: the room left beside the
 * weights and workspace bounds one sequence's KV; bisection inverts the monotone KV size.
 * 0 if not even one token fits.
 */
export function maxContextThatFits(
  inp: MemoryInputs,
  layout: Layout,
  concurrency: number,
  upperTokens: number,
  role: PoolRole = 'aggregated',
): number {
  const base = poolMemory(inp, layout, concurrency, 1, role);
  const room = base.capacityBytesPerGpu - base.weightsBytesPerGpu - base.workspaceBytesPerGpu;
  const perSeqBudget = room / (base.sequencesPerGpu * base.kvShareHeldPerGpu);
  const kvAt = (n: number) => {
    const s = sequenceBytes(inp, n);
    return s.kv + s.engine;
  };
  if (!(perSeqBudget >= kvAt(1))) return 0;
  if (kvAt(upperTokens) <= perSeqBudget) return upperTokens;
  let lo = 1;
  let hi = upperTokens;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (kvAt(mid) <= perSeqBudget) lo = mid;
    else hi = mid;
  }
  return lo;
}
