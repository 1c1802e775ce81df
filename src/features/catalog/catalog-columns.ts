/**
 * The catalog tables' columns, pure: one list per table drives both the table and its CSV (the
 * header carries the unit; cells are plain numbers in the CSV).
 */
import type { Column } from '../../components/columns';
import { GIB, formatSig } from '../../components/format';
import type { HardwareSpec } from '../../core/hardware/schema';
import { KERNEL_ATTRIBUTION, KERNEL_SYSTEMS } from '../../core/kernels/schema';
import type { ModelSpec } from '../../core/model/schema';
import type { ParamCounts } from '../../core/model/weights';
import { paramCounts, weightBytes } from '../../core/model/weights';
import { enNumber } from '../../core/en-number';

const T = 1e12;
const B = 1e9;
const sig = (n: number) => formatSig(n, 4);

export interface ModelRow {
  m: ModelSpec;
  p: ParamCounts;
  bytes: number;
}

export const modelRow = (m: ModelSpec): ModelRow => ({
  m,
  p: paramCounts(m),
  bytes: weightBytes(m, 'native').totalBytes,
});

function attentionWords(m: ModelSpec): string {
  const a = m.attention;
  if (a.kind === 'gqa')
    return `GQA ${a.numHeads}/${a.numKvHeads}×${a.headDim}${a.slidingWindow ? `, ${a.slidingWindow.layers} sliding-${a.slidingWindow.tokens}` : ''}`;
  if (a.kind === 'mla')
    return `MLA ${a.numHeads} heads, latent ${a.kvLoraRank}+${a.qkRopeHeadDim}${a.indexer ? `, DSA top-${a.indexer.topK}` : ''}`;
  return `V4 CSA/HCA ${a.numHeads}×${a.headDim}, window ${a.windowTokens}, top-${a.indexer.topK}`;
}

function ffnWords(m: ModelSpec): string {
  const moe = m.ffn.moe;
  return moe
    ? `${moe.routedExperts} + ${moe.sharedExperts} shared, top-${moe.expertsPerToken}, width ${moe.expertIntermediate}`
    : `dense, width ${m.ffn.denseIntermediate}`;
}

export const MODEL_COLUMNS: readonly Column<ModelRow>[] = [
  { header: 'Model', value: (r) => r.m.name },
  { header: 'Id', value: (r) => r.m.id, csvOnly: true },
  { header: 'Layers', value: (r) => r.m.numLayers },
  { header: 'MTP layers', value: (r) => r.m.mtp?.layers ?? 0 },
  { header: 'Hidden size', value: (r) => r.m.hiddenSize },
  { header: 'Attention', value: (r) => attentionWords(r.m) },
  { header: 'FFN / experts', value: (r) => ffnWords(r.m) },
  {
    header: 'Parameters with MTP',
    value: (r) => r.p.totalWithMtp,
    show: (r) => `${sig(r.p.totalWithMtp / B)} B`,
  },
  {
    header: 'Activated parameters',
    value: (r) => r.p.activated,
    show: (r) => `${sig(r.p.activated / B)} B`,
  },
  {
    header: 'Checkpoint, native (bytes)',
    value: (r) => r.bytes,
    show: (r) => `${enNumber(r.bytes)} B (${(r.bytes / GIB).toFixed(1)} GiB)`,
  },
  { header: 'Max context (tokens)', value: (r) => r.m.maxContextTokens },
  { header: 'Sources', value: (r) => r.m.sources.join(' ') },
];

/** Which GPUs' operations are priced from measured timings, and which from the roofline. */
export function kernelTables(id: string, custom: boolean): string {
  return Object.hasOwn(KERNEL_SYSTEMS, id) && !custom
    ? `TensorRT-LLM, SGLang, vLLM (${KERNEL_ATTRIBUTION})`
    : 'none: roofline with fitted fractions of peak';
}

export interface HardwareRow {
  h: HardwareSpec;
  custom: boolean;
}

const tflops = (v: number | null) => (v === null ? null : v / T);

export const HARDWARE_COLUMNS: readonly Column<HardwareRow>[] = [
  { header: 'Accelerator', value: (r) => r.h.name },
  { header: 'Id', value: (r) => r.h.id, csvOnly: true },
  { header: 'Memory (GiB)', value: (r) => r.h.memoryGiB },
  { header: 'Bandwidth (TB/s)', value: (r) => r.h.memBandwidthBytesPerSec / T },
  { header: 'Dense FP4 (TFLOPS)', value: (r) => tflops(r.h.denseFlopsPerSec.fp4) },
  { header: 'Dense FP8 (TFLOPS)', value: (r) => tflops(r.h.denseFlopsPerSec.fp8) },
  { header: 'Dense BF16 (TFLOPS)', value: (r) => tflops(r.h.denseFlopsPerSec.bf16) },
  { header: 'Scale-up', value: (r) => r.h.scaleUp.tech },
  {
    header: 'Scale-up per GPU, one way (GB/s)',
    value: (r) => r.h.scaleUp.bytesPerSecPerGpu / 1e9,
  },
  { header: 'Scale-up domain (GPUs)', value: (r) => r.h.scaleUp.domainGpus },
  {
    header: 'Scale-out per GPU (Gb/s)',
    value: (r) =>
      r.h.scaleOut.bitsPerSecPerGpu === null ? null : r.h.scaleOut.bitsPerSecPerGpu / 1e9,
    show: (r) =>
      r.h.scaleOut.bitsPerSecPerGpu === null
        ? 'not published'
        : enNumber(r.h.scaleOut.bitsPerSecPerGpu / 1e9),
  },
  { header: 'TDP (W)', value: (r) => r.h.tdpWatts },
  { header: 'All-in per GPU (kW)', value: (r) => r.h.allInKwPerGpu },
  {
    header: '$ per GPU-hour',
    value: (r) =>
      Object.entries(r.h.usdPerGpuHour)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ') || null,
    show: (r) =>
      Object.entries(r.h.usdPerGpuHour)
        .map(([k, v]) => `${k} $${v}`)
        .join(', ') || '—',
  },
  { header: 'Measured kernel tables', value: (r) => kernelTables(r.h.id, r.custom) },
  { header: 'Sources', value: (r) => r.h.sources.join(' ') },
];
