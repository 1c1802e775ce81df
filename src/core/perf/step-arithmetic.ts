import type { StepBreakdown, StepTime } from './step-types';

/**
 * Step times combined op by op: sums, differences and means of steps. Each writes its breakdown
 * out field by field (a sweep combines steps hundreds of thousands of times, and a spread copy
 * of a breakdown is several times slower than a literal).
 */

/** a + k·b, op by op. */
export function addSteps(a: StepTime, b: StepTime, k: number): StepTime {
  const x = a.breakdownMs;
  const y = b.breakdownMs;
  const breakdownMs: StepBreakdown = {
    attention: x.attention + k * y.attention,
    indexer: x.indexer + k * y.indexer,
    moe: x.moe + k * y.moe,
    dense: x.dense + k * y.dense,
    tpComms: x.tpComms + k * y.tpComms,
    epComms: x.epComms + k * y.epComms,
    ppComms: x.ppComms + k * y.ppComms,
    overhead: x.overhead + k * y.overhead,
    draft: x.draft + k * y.draft,
  };
  return { totalMs: a.totalMs + k * b.totalMs, breakdownMs };
}

/** a - b, op by op. */
export function subSteps(a: StepTime, b: StepTime): StepTime {
  return addSteps(a, b, -1);
}

/**
 * A mean step op by op, none below zero: a prompt chunk can hide more of a step's exposed
 * communication than a decode step has, but never more than there is. The total is the sum.
 */
export function nonNegative(a: StepTime): StepTime {
  const x = a.breakdownMs;
  const breakdownMs: StepBreakdown = {
    attention: Math.max(0, x.attention),
    indexer: Math.max(0, x.indexer),
    moe: Math.max(0, x.moe),
    dense: Math.max(0, x.dense),
    tpComms: Math.max(0, x.tpComms),
    epComms: Math.max(0, x.epComms),
    ppComms: Math.max(0, x.ppComms),
    overhead: Math.max(0, x.overhead),
    draft: Math.max(0, x.draft),
  };
  return { totalMs: totalOf(breakdownMs), breakdownMs };
}

/** k·a, op by op. */
export function scaleStep(a: StepTime, k: number): StepTime {
  const x = a.breakdownMs;
  const breakdownMs: StepBreakdown = {
    attention: k * x.attention,
    indexer: k * x.indexer,
    moe: k * x.moe,
    dense: k * x.dense,
    tpComms: k * x.tpComms,
    epComms: k * x.epComms,
    ppComms: k * x.ppComms,
    overhead: k * x.overhead,
    draft: k * x.draft,
  };
  return { totalMs: k * a.totalMs, breakdownMs };
}

/** The sum of a breakdown's operations (ms), in STEP_OPS order. */
export function totalOf(b: StepBreakdown): number {
  return (
    b.attention +
    b.indexer +
    b.moe +
    b.dense +
    b.tpComms +
    b.epComms +
    b.ppComms +
    b.overhead +
    b.draft
  );
}
