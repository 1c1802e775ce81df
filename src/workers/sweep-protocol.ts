import type { Demand } from '../core/capacity/demand';
import type { RecommendResult } from '../core/capacity/recommend';
import type { Catalog } from '../core/catalog';
import type { SweepQuery, SweepResult } from '../core/sweep';

/** What the worker computes: a frontier sweep, or a capacity search. */
export type WorkerTask =
  { kind: 'sweep'; query: SweepQuery } | { kind: 'capacity'; demand: Demand };
export type TaskResult = SweepResult | RecommendResult;

/** Messages to the sweep worker: a catalog it keeps for later jobs, and jobs (by id). */
export type SweepRequest =
  { type: 'catalog'; catalog: Catalog } | { type: 'sweep'; job: number; task: WorkerTask };

/** Messages from the sweep worker, about one job. */
export type SweepMessage =
  | { type: 'progress'; job: number; done: number }
  | { type: 'done'; job: number; result: TaskResult }
  | { type: 'error'; job: number; message: string };
