import { z } from 'zod';
import type { HardwareSpec } from '../hardware/schema';

/**
 * Measured kernel latencies, compacted for shipping (built by `npm run kernels` from
 * ../shared/reference/kernels, NVIDIA AIConfigurator, Apache-2.0).
 *
 * Latencies are stored as q = round(log2(latency µs) · LATENCY_STEPS_PER_OCTAVE): an integer
 * per measurement, within 0.3% of the measured value, and the log space the lookups
 * interpolate in anyway.
 */
export const LATENCY_STEPS_PER_OCTAVE = 128;

const LN2_PER_STEP = Math.LN2 / LATENCY_STEPS_PER_OCTAVE;
/** 2^(q / steps per octave), as exp (the lookups' hot path; Math.exp is cheaper than a power). */
export const latencyUsOf = (q: number): number => Math.exp(q * LN2_PER_STEP);
export const quantiseLatencyUs = (us: number): number =>
  Math.round(Math.log2(us) * LATENCY_STEPS_PER_OCTAVE);

/** Latency along one shape axis (tokens, message bytes), axis ascending. */
export const Curve = z.object({ x: z.array(z.number().positive()), q: z.array(z.number().int()) });
export type Curve = z.infer<typeof Curve>;

/** Latency over two axes (batch × context), row-major over x then y; null where not measured. */
export const Grid = z.object({
  x: z.array(z.number().positive()),
  y: z.array(z.number().positive()),
  q: z.array(z.number().int().nullable()),
});
export type Grid = z.infer<typeof Grid>;

/**
 * One framework's tables on one GPU. Keys name the shape that is not interpolated:
 * - gemm `dtype|n|k` → Curve over m (tokens);
 * - moe `dtype|hidden|inter|topk|experts|moeTp|moeEp|distribution` → Curve over tokens;
 * - attention `family|...` → Grid over batch × context (decode) or batch × prompt (prefill);
 * - mhc `pre|post|hcMult|hidden` → Curve over tokens (one site);
 * - allReduce `gpus` → Curve over message size in elements (BF16; the tables' `message_size`
 *   counts elements: an all-gather of 2^28 of them takes twice as long in half as in int8).
 */
export const FrameworkKernels = z.object({
  version: z.string(),
  gemm: z.record(z.string(), Curve),
  moe: z.record(z.string(), Curve),
  attention: z.record(z.string(), Grid),
  mhc: z.record(z.string(), Curve),
  allReduce: z.record(z.string(), Curve),
  /** The engine's fastest measured MLA decode attention core on this GPU (µs, its table's floor:
   * batch 1, one token of context), where it times the core alone (`generation_mla_perf`). The
   * launch an MLA core priced on its roofline still pays. */
  mlaDecodeFloorUs: z.number().positive().optional(),
  /** All-reduce GPU counts measured on another GPU's board (gpus → its system folder, and
   * whether NCCL's all-reduce stands in for the engine's own): an NVL72 tray measured 2 and 4
   * GPUs, its HGX sibling with the same die and NVLink 8. */
  allReduceMeasuredOn: z
    .record(z.string(), z.object({ system: z.string(), nccl: z.boolean() }))
    .optional(),
  /** The system folder whose fused-MoE table stands in for this board's, where its engine timed
   * none here: the NVL72 tray with the same GPU die and HBM (scripts/kernels/build.ts TRAY_OF). */
  moeMeasuredOn: z.string().optional(),
  /** The system folder whose MLA module tables, re-timed with the engine's fused norms, gave the
   * time the native norm chain added to this board's (scripts/kernels/norm-method.ts). */
  mlaNormsFrom: z.string().optional(),
});
export type FrameworkKernels = z.infer<typeof FrameworkKernels>;

/**
 * Expert-parallel ranks one 8-GPU node holds; past it, expert parallelism is "wide". The fused-MoE
 * tables time the busiest rank of a mild power-law routing (α = 1.01, the hottest experts on it):
 * within a node that is how prompts route where nothing balances the experts, and it fits the
 * silicon measurements (scripts/kernels/build.ts). Its busiest rank's share, though, grows with
 * the ranks, one hot expert filling it: in SGLang's DeepSeek-V3 FP8 sweep on GB200 at 16,384
 * tokens that rank takes 0.74 of EP 1's time at EP 2 (1.5× the mean rank), 0.36 at EP 8 (2.9×),
 * 0.27 at EP 32 (8.7×) and 0.17 at EP 256 (43×). Wide EP runs a load balancer (DeepSeek's EPLB:
 * SGLang and vLLM --enable-eplb, TensorRT-LLM's wide-EP load balancer; reference rows M03, M04,
 * M11 state it), so past a node the routed experts are priced on the roofline at the busiest
 * rank's share times the fitted imbalance, as EP 48–96, which no table sweeps, always were.
 */
export const NODE_EP_RANKS = 8;
/** Expert parallelism past one node (NODE_EP_RANKS): its routed experts are not table-priced. */
export const isWideEp = (moeEp: number): boolean => moeEp > NODE_EP_RANKS;

export const KERNEL_FRAMEWORKS = ['trtllm', 'sglang', 'vllm'] as const;
export type KernelFramework = (typeof KERNEL_FRAMEWORKS)[number];

/** Every framework's tables for one catalog hardware id. */
export const HardwareKernels = z.object({
  hardware: z.string(),
  /** The GPU the tables were measured on (AIConfigurator's system folder). */
  system: z.string(),
  attribution: z.string(),
  frameworks: z.object({
    trtllm: FrameworkKernels.optional(),
    sglang: FrameworkKernels.optional(),
    vllm: FrameworkKernels.optional(),
  }),
});
export type HardwareKernels = z.infer<typeof HardwareKernels>;

export const KERNEL_ATTRIBUTION = 'kernel timings: NVIDIA AIConfigurator, Apache-2.0';

/**
 * GPUs whose own kernels were not measured (AMD, H20, H800, custom hardware) borrow one thing
 * from a measured GPU of their class: the fixed latency of the model's kernels (launch and
 * synchronisation of the same kernel sequence), never their speed, which stays on the roofline.
 */
export const REFERENCE_KERNEL_HARDWARE: Readonly<Record<string, string>> = {
  hopper: 'h200-sxm',
  cdna3: 'h200-sxm',
  blackwell: 'b200',
  'blackwell-ultra': 'b200',
  cdna4: 'b200',
  ada: 'l40s',
};

/** Tables of a measured GPU of the same class, for hardware without its own (REFERENCE_KERNEL_HARDWARE). */
/** Another engine's tables that time the kernels this engine runs (catalog.ts moeStandInFor). */
export interface MoeStandIn {
  framework: KernelFramework;
  kernels: FrameworkKernels;
  /** The expert formats whose kernel the two engines share (null: every format): used only when
   * it is the scenario's own format, never as a second choice. */
  dtypes: ReadonlySet<string> | null;
}

export interface ReferenceKernels {
  hardware: HardwareSpec;
  /** The scenario's framework first, then the others: a floor missing from one may be in another. */
  frameworks: FrameworkKernels[];
}

/** Catalog hardware id → AIConfigurator system folder whose GPU it is. */
export const KERNEL_SYSTEMS: Readonly<Record<string, string>> = {
  'h100-sxm': 'h100_sxm',
  'h200-sxm': 'h200_sxm',
  b200: 'b200_sxm',
  b300: 'b300_sxm',
  'gb200-nvl72': 'gb200',
  'gb300-nvl72': 'gb300',
  l40s: 'l40s',
  'rtx-pro-6000': 'rtx_pro_6000_server',
};

/** The catalog hardware id of an AIConfigurator system folder (the folder name if none). */
export const hardwareOfSystem = (system: string): string =>
  Object.entries(KERNEL_SYSTEMS).find(([, s]) => s === system)?.[0] ?? system;
