import { FRAMEWORK_NAMES } from '../framework';
import type { KernelSource } from '../kernels/priced';
import type { FrameworkKernels } from '../kernels/schema';
import { isWideEp } from '../kernels/schema';
import { folderVersion } from '../kernels/pricer';
import type { PricedOp, PricingBasis, StepContext, StepLoad, StepOp } from './step-types';
import { stepTime } from './step';
import { moeEpRanks } from './terms/env';
import { enNumber } from '../en-number';
import { memoOn } from '../memo';

/** One line of "show the math" for a decode step: an operation group, its time and its source. */
export interface PricingLine {
  op: StepOp;
  what: string;
  ms: number;
  basis: PricingBasis;
  source: string;
}

/** The kernel folder each table family was read from (for its version in the source line). */
const OP_FOLDER: Record<string, string[]> = {
  gemm: ['gemm'],
  moe: ['moe'],
  'attention module': ['sparse_attention', 'mla'],
  'attention core': ['attention'],
  mhc: ['mhc'],
  'all-reduce': ['comm'],
};

/** The version of the engine's tables a source's table family was read from ("0.5.14"). */
export function versionOf(fk: FrameworkKernels, table: string): string {
  for (const folder of OP_FOLDER[table] ?? []) {
    const v = folderVersion(fk, folder);
    if (v) return v;
  }
  return '';
}

/** Lines already written per table source (a plan writes the same few for every call). */
const lines = new WeakMap<KernelSource, Map<string, string>>();

function kernelLine(
  ctx: StepContext,
  s: KernelSource,
  lo: number,
  hi: number,
  scaled: boolean,
): string {
  const per = memoOn(lines, s, () => new Map<string, string>());
  const key = `${ctx.framework}|${ctx.hardware.name}|${ctx.kernels!.version}|${lo}|${hi}|${scaled}`;
  return memoOn(per, key, () => writeKernelLine(ctx, s, lo, hi, scaled));
}

function writeKernelLine(
  ctx: StepContext,
  s: KernelSource,
  lo: number,
  hi: number,
  scaled: boolean,
): string {
  const own = FRAMEWORK_NAMES[ctx.framework] ?? ctx.framework;
  const fw = s.through
    ? `${FRAMEWORK_NAMES[s.through.framework] ?? s.through.framework} ${s.through.version} timing the kernel ${own} runs`
    : `${own} ${versionOf(ctx.kernels!, s.table)}`;
  const where = scaled
    ? `scaled in proportion from the largest measured ${s.axis}=${enNumber(lo)}`
    : lo === hi
      ? `measured at ${s.axis}=${enNumber(lo)}`
      : `interpolated between ${s.axis}=${enNumber(lo)} and ${enNumber(hi)}`;
  return `measured kernel table (${fw.trim()}, ${ctx.hardware.name}; ${s.table} ${s.key}), ${where}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Why a GPU with measured tables priced an operation on its roofline ('' without tables). */
function uncoveredWhy(ctx: StepContext, n: PricedOp): string {
  if (!ctx.kernels) return '';
  const ep = moeEpRanks(ctx);
  if (n.tableMs !== null)
    return `DeepEP hands each rank only the tokens routed to its experts, for grouped GEMMs no table times: faster than the measured fused MoE over every gathered token (${enNumber(n.tableMs, { maximumSignificantDigits: 3 })} ms); `;
  return n.launch === 'moe' && isWideEp(ep)
    ? `wide EP ${ep} balances its experts (tables time skewed routing); busiest rank ${ctx.cal.moeImbalance.toFixed(2)}× the mean (fitted); `
    : 'no measured table covers this shape; ';
}

function otherLine(ctx: StepContext, basis: PricingBasis, why: string): string {
  const eff = ctx.cal.generations[ctx.hardware.generation];
  const k = ctx.cal.frameworks[ctx.framework].kernelEfficiency;
  switch (basis) {
    case 'bandwidth':
      return `HBM traffic at ${pct(eff.memory * k)} of bandwidth (fitted)`;
    case 'link':
      return `link bandwidth at ${pct(eff.link)} of peak plus a fitted collective latency`;
    case 'calibrated':
      return 'fitted to end-to-end measurements (framework overheads)';
    case 'derived':
      return "one layer's priced operations per draft token";
    default:
      return `${why}roofline at ${pct(eff.compute * k)} of peak FLOP/s and ${pct(eff.memory * k)} of HBM bandwidth`;
  }
}

const LAUNCH_KINDS: Record<NonNullable<PricedOp['launch']>, string> = {
  gemm: 'GEMMs',
  moe: 'fused-MoE kernel per layer',
  mla: 'MLA decode kernel per layer',
};

/** The engine's measured launch latency a roofline-priced GEMM group or fused MoE was also
 * charged (its note says which), in words ('' where none was charged). */
function launchNote(ctx: StepContext, n: PricedOp): string {
  if (!n.launch) return '';
  const kind = LAUNCH_KINDS[n.launch];
  const engine = FRAMEWORK_NAMES[ctx.framework] ?? ctx.framework;
  return `, plus the launch latency of its ${kind} as ${engine} measured it on ${ctx.hardware.name}`;
}

/** What priced one operation, in words: its measured table and shapes, or its roofline. */
export const sourceOf = (ctx: StepContext, n: PricedOp): string =>
  n.source
    ? kernelLine(ctx, n.source, n.lo, n.hi, n.scaled)
    : otherLine(ctx, n.basis, uncoveredWhy(ctx, n)) + launchNote(ctx, n);

/** Where each operation group of a step got its time: measured table or roofline. */
export function stepPricing(ctx: StepContext, load: StepLoad): PricingLine[] {
  const notes: PricedOp[] = [];
  stepTime(ctx, load, notes);
  return notes.map((n) => ({
    op: n.op,
    what: n.what,
    ms: n.ms,
    basis: n.basis,
    source: sourceOf(ctx, n),
  }));
}
