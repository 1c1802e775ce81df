import type { Demand } from '../core/capacity/demand';
import type { RecommendResult } from '../core/capacity/recommend';
import type { SweepQuery, SweepResult } from '../core/sweep';
import type { ScenarioInput } from '../core/scenario/schema';
import type { SimulationOptions, SimulationOutcome } from '../core/sim/simulate';
import type { CatalogTransfer } from './catalog-transfer';
import type { PackedSweep } from './sweep-transfer';

/** What the worker computes: a frontier sweep, a capacity search, or request-level simulations
 * of some scenarios. */
export type WorkerTask =
  | { kind: 'sweep'; query: SweepQuery }
  | { kind: 'capacity'; demand: Demand }
  | { kind: 'simulate'; scenarios: ScenarioInput[]; options: SimulationOptions };
export type TaskResult = SweepResult | RecommendResult | SimulationOutcome[];

/** Messages to the sweep worker: a catalog it keeps for later jobs (its kernel tables as text
 * where known, kernel-texts.ts), and jobs (by id). */
export type SweepRequest =
  ({ type: 'catalog' } & CatalogTransfer) | { type: 'sweep'; job: number; task: WorkerTask };

/** A task's result as it crosses from the worker: a sweep's packed (sweep-transfer.ts). */
export type WireResult = PackedSweep | RecommendResult | SimulationOutcome[];

/** Messages from the sweep worker, about one job. */
export type SweepMessage =
  | { type: 'progress'; job: number; done: number }
  | { type: 'done'; job: number; result: WireResult }
  | { type: 'error'; job: number; message: string };
