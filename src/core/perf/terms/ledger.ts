import type { Priced } from '../../kernels/priced';
import type { OpWork, PricedOp, PricingBasis, StepBreakdown, StepOp } from '../step-types';
import type { STEP_OPS } from '../step-types';

/** A step's time by operation group, in seconds, and (when asked for) a note per operation. */
export interface Ledger {
  seconds: StepBreakdown;
  notes: PricedOp[] | undefined;
}

/** A breakdown with every operation group at zero (a literal: a step makes one on a hot path). */
export function zeroBreakdown(): StepBreakdown {
  return {
    attention: 0,
    indexer: 0,
    moe: 0,
    dense: 0,
    tpComms: 0,
    epComms: 0,
    ppComms: 0,
    overhead: 0,
    draft: 0,
  } satisfies Record<(typeof STEP_OPS)[number], number>;
}

export function newLedger(notes?: PricedOp[]): Ledger {
  return { seconds: zeroBreakdown(), notes };
}

/**
 * Adds an operation's time to its group and notes what priced it (a table, else `basis`). Only a
 * ledger that keeps notes reads `what`: callers build a computed one only then.
 */
export function charge(
  l: Ledger,
  op: StepOp,
  what: string,
  seconds: number,
  p: Priced | null,
  basis: PricingBasis = 'roofline',
  work: OpWork | null = null,
  launch: PricedOp['launch'] = null,
  tableMs: number | null = null,
): void {
  l.seconds[op] += seconds;
  l.notes?.push({
    op,
    what,
    ms: seconds * 1000,
    source: p?.source ?? null,
    lo: p?.lo ?? 0,
    hi: p?.hi ?? 0,
    scaled: p?.scaled ?? false,
    basis: p ? 'kernel' : basis,
    work,
    launch,
    tableMs,
  });
}

/** Time of a measured operation in a served step (ms): tables time each operation called on its
 * own; an engine replays steps from CUDA graphs, where only `keep` of its fixed latency remains. */
export const measuredMs = (p: Priced, keep: number): number => p.ms - (1 - keep) * p.fixedMs;

/** Adds a measured operation's time to its group, noted with its table. */
export function chargeMeasured(
  l: Ledger,
  op: StepOp,
  what: string,
  p: Priced,
  keep: number,
  work: OpWork | null = null,
): void {
  charge(l, op, what, measuredMs(p, keep) / 1000, p, 'kernel', work);
}

/** One operation's time on its roofline: the slower of its compute and its memory traffic (s). */
export function roofline(
  flops: number,
  bytes: number,
  flopsPerSec: number,
  bytesPerSec: number,
): number {
  const c = flops / flopsPerSec;
  const m = bytes / bytesPerSec;
  return c > m ? c : m;
}
