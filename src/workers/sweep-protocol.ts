import type { Catalog } from '../core/catalog';
import type { SweepQuery, SweepResult } from '../core/sweep';

/** Messages between the page and the sweep worker. */
export type SweepRequest = { query: SweepQuery; catalog: Catalog };
export type SweepMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; result: SweepResult }
  | { type: 'error'; message: string };
