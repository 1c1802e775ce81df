import type { HardwareSpec } from '../hardware/schema';
import type { KernelSource } from '../kernels/priced';
import type { FrameworkKernels, MoeStandIn, ReferenceKernels } from '../kernels/schema';
import type { KvFormat } from '../model/kv';
import type { ModelSpec } from '../model/schema';
import type { MathPrecision, WeightPrecision } from '../precision';
import type { Layout } from '../scenario/layout';
import type { Framework } from '../scenario/schema';
import type { Calibration } from './calibration';

/** Where a step's time goes (the per-step breakdown shown to users). */
export const STEP_OPS = [
  'attention',
  'indexer',
  'moe',
  'dense',
  'tpComms',
  'epComms',
  'ppComms',
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
  /** Another engine's tables timing the same fused-MoE kernels on this GPU, for MoE shapes the
   * engine's own tables lack (catalog.ts moeStandInFor; null: none). */
  moeStandIn?: MoeStandIn | null;
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
  /** Its work on the busiest GPU, where the term knows it (the per-operator roofline). */
  work: OpWork | null;
  /** A roofline-priced operation also charged the engine's measured launch latency of its GEMMs,
   * its fused MoE or its MLA decode core (null: none charged). */
  launch: 'gemm' | 'moe' | 'mla' | null;
  /** A measured table's time (ms) where the engine's faster path, which no table times, priced
   * the operation on its roofline instead (null otherwise). */
  tableMs: number | null;
}

/** An operation's work on the busiest GPU: FLOPs, bytes through HBM or a link, and the
 * precision its math runs at (null: no matmul work). */
export interface OpWork {
  flops: number;
  bytes: number;
  math: MathPrecision | null;
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
