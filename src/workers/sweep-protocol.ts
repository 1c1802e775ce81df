import type { Catalog } from '../core/catalog';
import type { SweepQuery, SweepResult } from '../core/sweep';

/** Messages to the sweep worker: a catalog it keeps for later sweeps, and sweeps (by job id). */
export type SweepRequest =
  { type: 'catalog'; catalog: Catalog } | { type: 'sweep'; job: number; query: SweepQuery };

/** Messages from the sweep worker, about one job. */
export type SweepMessage =
  | { type: 'progress'; job: number; done: number }
  | { type: 'done'; job: number; result: SweepResult }
  | { type: 'error'; job: number; message: string };
