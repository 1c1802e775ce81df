import type { StepTime } from './step-types';
import { STEP_OPS } from './step-types';

/** Step times combined op by op: sums, differences and means of steps. */

/** a + k·b, op by op. */
export function addSteps(a: StepTime, b: StepTime, k: number): StepTime {
  const breakdownMs = { ...a.breakdownMs };
  for (const op of STEP_OPS) breakdownMs[op] += k * b.breakdownMs[op];
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
  const breakdownMs = { ...a.breakdownMs };
  let totalMs = 0;
  for (const op of STEP_OPS) totalMs += breakdownMs[op] = Math.max(0, breakdownMs[op]);
  return { totalMs, breakdownMs };
}

/** k·a, op by op. */
export function scaleStep(a: StepTime, k: number): StepTime {
  const breakdownMs = { ...a.breakdownMs };
  for (const op of STEP_OPS) breakdownMs[op] *= k;
  return { totalMs: k * a.totalMs, breakdownMs };
}
