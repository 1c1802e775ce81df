import type { HardwareSpec } from '../hardware/schema';
import type { MathPrecision } from '../precision';

/**
 * Share of the HBM bandwidth an FP8 kernel reaches that a weight-only 4-bit kernel (W4A16:
 * Marlin-style MoE GEMMs that unpack FP4/INT4 to BF16 in registers) reaches on a GPU without FP4
 * tensor cores. The unpacking and rescaling run on the CUDA cores beside the loads, so the
 * half-size weights do not stream twice as fast: measured on H100 and H200 (NVIDIA
 * AIConfigurator kernel tables, Apache-2.0; SGLang and vLLM fused-MoE `int4_wo` against
 * `fp8_block` at the same shape, tokens 1-64), the 4-bit kernel takes 0.58-0.97 of the FP8
 * kernel's time for half its weight bytes: a median 0.74 of its bandwidth (10th-90th percentile
 * 0.51-0.86). tests/unit/core/dequant.test.ts recomputes it from the shipped tables.
 */
export const DEQUANT_READ_SHARE = 0.74;

/** Weights stored in 4 bits on a GPU whose tensor cores cannot multiply them as stored. */
export function isDequantised(hw: HardwareSpec, math: MathPrecision): boolean {
  return (math === 'fp4' || math === 'fp4-w4a8') && hw.denseFlopsPerSec.fp4 === null;
}

/** Bandwidth at which a kernel streams weights of this math precision (B/s). */
export function weightStreamBytesPerSec(
  hw: HardwareSpec,
  math: MathPrecision,
  memBytesPerSec: number,
): number {
  return isDequantised(hw, math) ? memBytesPerSec * DEQUANT_READ_SHARE : memBytesPerSec;
}
