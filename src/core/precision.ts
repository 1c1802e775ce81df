/**
 * Number formats for stored tensors and how many bytes a [rows, cols] tensor takes in each,
 * scales included. Block scales are counted per block actually stored (ceil), which is what
 * makes checkpoint sizes reproduce to the byte.
 */
export const TENSOR_FORMATS = [
  'fp32',
  'bf16',
  'int64',
  /** FP8 E4M3 with one scale for the whole tensor (4 B, counted). */
  'fp8',
  /** FP8 E4M3 with a UE8M0 (1 B) scale per 128x128 block: DeepSeek-V4, V3.2. */
  'fp8-block128-ue8m0',
  /** FP8 E4M3 with an FP32 scale per 128x128 block: DeepSeek-V3/R1, Kimi K2, MiniMax-M2. */
  'fp8-block128-f32',
  /** FP4 E2M1 packed two per byte with a UE8M0 scale per 32 values (MXFP4; V4 routed experts). */
  'mxfp4',
  /** FP4 E2M1 with an FP8 E4M3 scale per 16 values plus one FP32 tensor scale (NVFP4). */
  'nvfp4',
] as const;
export type TensorFormat = (typeof TENSOR_FORMATS)[number];

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** Bytes of one [rows, cols] tensor stored in `format` (cols is the reduction/input dimension). */
export function tensorBytes(format: TensorFormat, rows: number, cols: number): number {
  const elements = rows * cols;
  switch (format) {
    case 'fp32':
      return 4 * elements;
    case 'bf16':
      return 2 * elements;
    case 'int64':
      return 8 * elements;
    case 'fp8':
      return elements + 4;
    case 'fp8-block128-ue8m0':
      return elements + ceilDiv(rows, 128) * ceilDiv(cols, 128);
    case 'fp8-block128-f32':
      return elements + 4 * ceilDiv(rows, 128) * ceilDiv(cols, 128);
    case 'mxfp4':
      return elements / 2 + rows * ceilDiv(cols, 32);
    case 'nvfp4':
      return elements / 2 + rows * ceilDiv(cols, 16) + 4;
  }
}

/** Effective bits per value for display (scales amortised over large tensors). */
export function effectiveBitsPerValue(format: TensorFormat): number {
  switch (format) {
    case 'fp32':
      return 32;
    case 'bf16':
      return 16;
    case 'int64':
      return 64;
    case 'fp8':
      return 8;
    case 'fp8-block128-ue8m0':
      return 8 + 8 / (128 * 128);
    case 'fp8-block128-f32':
      return 8 + 32 / (128 * 128);
    case 'mxfp4':
      return 4 + 8 / 32;
    case 'nvfp4':
      return 4 + 8 / 16;
  }
}

/**
 * Width class of a format: what tensor cores execute its matmuls at. NVFP4 checkpoints quantise
 * activations to FP4 too (W4A4: the FP4 rate). MXFP4 checkpoints (DeepSeek-V4's experts,
 * gpt-oss) run with FP8 activations (W4A8: DeepGEMM's FP8×FP4 MoE, TensorRT-LLM's
 * W4A8_MXFP4_MXFP8), which Blackwell's mixed-input MMA executes at the FP8 rate.
 */
export type MathPrecision = 'fp4' | 'fp4-w4a8' | 'fp8' | 'bf16' | 'fp32';
export function mathPrecisionOf(format: TensorFormat): MathPrecision {
  switch (format) {
    case 'mxfp4':
      return 'fp4-w4a8';
    case 'nvfp4':
      return 'fp4';
    case 'fp8':
    case 'fp8-block128-ue8m0':
    case 'fp8-block128-f32':
      return 'fp8';
    case 'bf16':
      return 'bf16';
    case 'fp32':
    case 'int64':
      return 'fp32';
  }
}

/** The weight precision a scenario asks for (design §2). */
export const WEIGHT_PRECISIONS = ['native', 'nvfp4', 'mxfp4', 'fp8', 'bf16'] as const;
export type WeightPrecision = (typeof WEIGHT_PRECISIONS)[number];

export const KV_PRECISIONS = ['bf16', 'fp8'] as const;
export type KvPrecision = (typeof KV_PRECISIONS)[number];

/** Format of the DSA / V4 lightning-indexer keys in the KV cache. */
export const INDEXER_PRECISIONS = ['bf16', 'fp8', 'fp4'] as const;
export type IndexerPrecision = (typeof INDEXER_PRECISIONS)[number];

const WIDTH_RANK: Record<MathPrecision, number> = {
  fp4: 0,
  'fp4-w4a8': 0,
  fp8: 1,
  bf16: 2,
  fp32: 3,
};

/**
 * Weight groups that a re-quantisation touches. Everything else (embeddings, head, norms, router,
 * compressors, mHC mixing) keeps its native format, as the published re-quantised checkpoints do
 * (nvidia/DeepSeek-V4-Pro-NVFP4: experts NVFP4, rest FP8; sgl-project/DeepSeek-V4-Pro-FP8).
 */
export type QuantGroupRole = 'fp4-eligible' | 'linear' | 'keep';

/**
 * Stored format of a tensor group under the chosen weight precision.
 * - native: as published.
 * - fp8 / bf16: every linear group (experts, shared experts, dense FFN, attention, indexer
 *   projections) in that format; FP8 uses 128x128 blocks with UE8M0 scales.
 * - nvfp4 / mxfp4: routed experts and dense FFN in FP4; other linear groups FP8 if native is
 *   wider than FP8, else native.
 */
export function storedFormat(
  native: TensorFormat,
  role: QuantGroupRole,
  choice: WeightPrecision,
): TensorFormat {
  if (choice === 'native' || role === 'keep') return native;
  if (choice === 'bf16') return 'bf16';
  if (choice === 'fp8') return 'fp8-block128-ue8m0';
  if (role === 'fp4-eligible') return choice;
  return WIDTH_RANK[mathPrecisionOf(native)] > WIDTH_RANK.fp8 ? 'fp8-block128-ue8m0' : native;
}
