import { z } from 'zod';
import { WebUrl } from '../web-url';

const positive = z.number().positive();

export const HARDWARE_GENERATIONS = [
  'hopper',
  'ada',
  'blackwell',
  'blackwell-ultra',
  'cdna3',
  'cdna4',
] as const;

export const PRICE_TIERS = [
  'hyperscalerOwning',
  'neocloudOwning',
  'rental3yr',
  'onDemand',
] as const;
export type PriceTier = (typeof PRICE_TIERS)[number];

/**
 * One accelerator as deployed in its usual system. Dense tensor FLOP/s (no sparsity); scale-up
 * bandwidth per GPU, one direction (the InferenceX convention); memory in GiB as the vendors'
 * "GB" capacities are binary (an H100's 80 GB is 5 x 16 GiB HBM3 stacks).
 */
export const HardwareSpec = z.object({
  id: z.string().min(1).max(80),
  name: z.string().min(1).max(120),
  vendor: z.enum(['nvidia', 'amd', 'other']),
  generation: z.enum(HARDWARE_GENERATIONS),
  sources: z.array(WebUrl).min(1),
  notes: z.string().max(2000).optional(),
  memoryGiB: positive,
  memBandwidthBytesPerSec: positive,
  denseFlopsPerSec: z.object({
    /** null: no FP4 tensor cores (FP4 weights are computed at FP8/BF16). */
    fp4: positive.nullable(),
    /** null: no FP8 tensor cores. */
    fp8: positive.nullable(),
    bf16: positive,
  }),
  scaleUp: z.object({
    tech: z.string().min(1).max(60),
    bytesPerSecPerGpu: positive,
    /** GPUs in one NVLink / Infinity Fabric domain (8 for HGX/OAM boards, 72 for NVL72). */
    domainGpus: z.number().int().positive(),
  }),
  scaleOut: z.object({ bitsPerSecPerGpu: positive.nullable() }),
  tdpWatts: positive,
  /** Facility power per GPU incl. host, network and cooling (SemiAnalysis); null if unpublished. */
  allInKwPerGpu: positive.nullable(),
  usdPerGpuHour: z.partialRecord(z.enum(PRICE_TIERS), positive),
});

export type HardwareSpec = z.infer<typeof HardwareSpec>;
export type HardwareSpecInput = z.input<typeof HardwareSpec>;

export const GIB = 2 ** 30;

export function memoryBytes(hw: HardwareSpec): number {
  return hw.memoryGiB * GIB;
}
