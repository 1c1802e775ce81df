import { z } from 'zod';
import { WebUrl } from '../web-url';
import { enNumber } from '../en-number';

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
 * The hardware schema, built on first use (z.lazy below): a page that parses no custom GPU never
 * pays for constructing zod's schema objects.
 */
function hardwareSchema() {
  /**
   * Bounds on every hardware figure, far outside any accelerator's (an MI355X has 288 GiB at
   * 8 TB/s; a GB300 15 dense FP4 PFLOP/s): a custom GPU past them would only produce infinities
   * and NaNs.
   */
  const within = (min: number, max: number, unit: string) =>
    z
      .number()
      .min(min, `at least ${enNumber(min)} ${unit}`)
      .max(max, `at most ${enNumber(max)} ${unit}: far beyond any accelerator`);
  const FLOPS = within(1e11, 1e18, 'FLOP/s');
  const LINK = within(1e8, 1e14, 'bytes/s');

  /**
   * Host memory, local NVMe and the GPU↔host link of a system, per GPU (a node's figure over its
   * GPUs). Null where the sources leave a figure unconfirmed.
   */
  const HostSpec = z.object({
    dramGiBPerGpu: within(0, 65_536, 'GiB').nullable(),
    nvmeGiBPerGpu: within(0, 1_048_576, 'GiB').nullable(),
    /** GPU↔host bytes/s per GPU, one direction (PCIe Gen5 x16 ≈ 63 GB/s; NVLink-C2C). */
    linkBytesPerSecPerGpu: LINK,
    linkTech: z.string().min(1).max(60),
    sources: z.array(WebUrl).min(1),
    notes: z.string().max(1000).optional(),
  });

  return z.object({
    id: z.string().min(1).max(80),
    name: z.string().min(1).max(120),
    vendor: z.enum(['nvidia', 'amd', 'other']),
    generation: z.enum(HARDWARE_GENERATIONS),
    sources: z.array(WebUrl).min(1),
    notes: z.string().max(2000).optional(),
    memoryGiB: within(1, 16_384, 'GiB'),
    memBandwidthBytesPerSec: within(1e9, 1e15, 'bytes/s'),
    denseFlopsPerSec: z.object({
      /** null: no FP4 tensor cores (FP4 weights are computed at FP8/BF16). */
      fp4: FLOPS.nullable(),
      /** null: no FP8 tensor cores. */
      fp8: FLOPS.nullable(),
      bf16: FLOPS,
    }),
    scaleUp: z.object({
      tech: z.string().min(1).max(60),
      bytesPerSecPerGpu: LINK,
      /** GPUs in one NVLink / Infinity Fabric domain (8 for HGX/OAM boards, 72 for NVL72). */
      domainGpus: z.number().int().positive().max(4096, 'at most 4,096 GPUs in one domain'),
    }),
    scaleOut: z.object({ bitsPerSecPerGpu: within(1e8, 1e14, 'bits/s').nullable() }),
    tdpWatts: within(1, 100_000, 'W'),
    /** Facility power per GPU incl. host, network and cooling (SemiAnalysis); null if
     * unpublished. */
    allInKwPerGpu: within(0.001, 100, 'kW').nullable(),
    usdPerGpuHour: z.partialRecord(z.enum(PRICE_TIERS), within(0.001, 10_000, '$/GPU-hour')),
    /** The host of the usual system, for KV offload tiers (reference/engines.md §9); absent where
     * no source gives it. */
    host: HostSpec.optional(),
  });
}

/**
 * One accelerator as deployed in its usual system. Dense tensor FLOP/s (no sparsity); scale-up
 * bandwidth per GPU, one direction (the InferenceX convention); memory in GiB as the vendors'
 * "GB" capacities are binary (an H100's 80 GB is 5 x 16 GiB HBM3 stacks).
 */
export const HardwareSpec = z.lazy(hardwareSchema);

export type HardwareSpec = z.infer<typeof HardwareSpec>;
export type HardwareSpecInput = z.input<typeof HardwareSpec>;

export const GIB = 2 ** 30;

export function memoryBytes(hw: HardwareSpec): number {
  return hw.memoryGiB * GIB;
}
