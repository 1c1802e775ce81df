import type { Demand } from '../core/capacity/demand';
import type { RecommendResult } from '../core/capacity/recommend';
import type { Catalog } from '../core/catalog';
import type { SweepQuery, SweepResult } from '../core/sweep';
import type { ScenarioInput } from '../core/scenario/schema';
import type { SimulationOptions, SimulationOutcome } from '../core/sim/simulate';

/** What the worker computes: a frontier sweep, a capacity search, or request-level simulations
 * of some scenarios. */
export type WorkerTask =
  | { kind: 'sweep'; query: SweepQuery }
  | { kind: 'capacity'; demand: Demand }
  | { kind: 'simulate'; scenarios: ScenarioInput[]; options: SimulationOptions };
export type TaskResult = SweepResult | RecommendResult | SimulationOutcome[];

/** Messages to the sweep worker: a catalog it keeps for later jobs, and jobs (by id). */
export type SweepRequest =
  { type: 'catalog'; catalog: Catalog } | { type: 'sweep'; job: number; task: WorkerTask };

/** Messages from the sweep worker, about one job. */
export type SweepMessage =
  | { type: 'progress'; job: number; done: number }
  | { type: 'done'; job: number; result: TaskResult }
  | { type: 'error'; job: number; message: string };
