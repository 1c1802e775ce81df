import type { HardwareSpec } from '../hardware/schema';
import type { MathPrecision } from '../precision';

/**
 * Dense tensor FLOP/s the hardware executes a matmul of this precision at. FP4 weights on
 * hardware without FP4 tensor cores are read as FP4 bytes but dequantised and computed in BF16
 * (W4A16 kernels such as Marlin: the V4-on-H200 recipe in reference row C08); with FP4 tensor
 * cores, W4A8 (MXFP4 × FP8) runs at the FP8 rate.
 */
export function peakFlopsPerSec(hw: HardwareSpec, math: MathPrecision): number {
  const f = hw.denseFlopsPerSec;
  if (math === 'fp4') return f.fp4 ?? f.bf16;
  if (math === 'fp4-w4a8') return f.fp4 === null ? f.bf16 : (f.fp8 ?? f.bf16);
  if (math === 'fp8') return f.fp8 ?? f.bf16;
  return f.bf16;
}

/** Bandwidth one GPU has to peers in a group of `groupGpus`: scale-up inside the domain. */
export function linkBytesPerSec(
  hw: HardwareSpec,
  groupGpus: number,
): { bytesPerSec: number; scaleOut: boolean } {
  if (groupGpus <= hw.scaleUp.domainGpus || hw.scaleOut.bitsPerSecPerGpu === null)
    return { bytesPerSec: hw.scaleUp.bytesPerSecPerGpu, scaleOut: false };
  return { bytesPerSec: hw.scaleOut.bitsPerSecPerGpu / 8, scaleOut: true };
}

/**
 * The link a prompt's KV crosses from a prefill pool to a decode pool: the pools' own link when
 * they share an accelerator, else the slower of the two scale-out NICs (two machines of
 * different kinds share no NVLink domain).
 */
export function kvTransferBytesPerSec(
  prefill: HardwareSpec,
  decode: HardwareSpec,
  gpus: number,
): number {
  if (prefill === decode) return linkBytesPerSec(decode, gpus).bytesPerSec;
  const nic = (hw: HardwareSpec) =>
    hw.scaleOut.bitsPerSecPerGpu === null
      ? hw.scaleUp.bytesPerSecPerGpu
      : hw.scaleOut.bitsPerSecPerGpu / 8;
  return Math.min(nic(prefill), nic(decode));
}
