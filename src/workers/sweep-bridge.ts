import type { Demand } from '../core/capacity/demand';
import type { RecommendResult } from '../core/capacity/recommend';
import { recommend } from '../core/capacity/recommend';
import type { Catalog } from '../core/catalog';
import type { SweepQuery, SweepResult } from '../core/sweep';
import { runSweep } from '../core/sweep';
import type { ScenarioInput } from '../core/scenario/schema';
import type { SimulationOptions, SimulationOutcome } from '../core/sim/simulate';
import type { WorkerLike } from './sweep-pool';
import { SweepPool } from './sweep-pool';

export interface SweepRun {
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number) => void) | undefined;
  /** Test hook: run on the main thread even where workers exist. */
  forceMainThread?: boolean;
}

/** A minute without sweeps lets the worker (and its copy of the catalog) go. */
const IDLE_MS = 60_000;
let shared: SweepPool | null = null;
const pool = () =>
  (shared ??= new SweepPool(
    () =>
      new Worker(new URL('./sweep.worker.ts', import.meta.url), {
        type: 'module',
        name: 'sweep',
      }) as unknown as WorkerLike,
    IDLE_MS,
  ));

/** Starts the sweep worker before a view's first sweep (while its kernel tables load). */
export function warmSweepWorker(): void {
  if (typeof Worker !== 'undefined') pool().warm();
}

/**
 * Runs a sweep in the page's one sweep worker (sweep-pool.ts): an aborted signal terminates it,
 * so a superseded sweep stops at once and never delivers a stale result. Where workers are
 * missing, the sweep runs on the main thread after a yield, checking the signal as it goes.
 */
export function runSweepAsync(
  query: SweepQuery,
  catalog: Catalog,
  run: SweepRun = {},
): Promise<SweepResult> {
  const { signal, onProgress } = run;
  if (signal?.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
  if (typeof Worker === 'undefined' || run.forceMainThread) {
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(
            runSweep(query, catalog, { isCancelled: () => Boolean(signal?.aborted), onProgress }),
          );
        } catch (e) {
          reject(signal?.aborted ? new DOMException('Aborted', 'AbortError') : e);
        }
      }, 0),
    );
  }
  return pool().run(query, catalog, { signal, onProgress });
}

/**
 * Runs a capacity search in the sweep worker (off the main thread); an aborted signal stops it.
 * Where workers are missing it runs on the main thread after a yield.
 */
export function recommendAsync(
  demand: Demand,
  catalog: Catalog,
  run: Pick<SweepRun, 'signal'> = {},
): Promise<RecommendResult> {
  const { signal } = run;
  if (signal?.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
  if (typeof Worker === 'undefined')
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(recommend(demand, catalog));
        } catch (e) {
          reject(e);
        }
      }, 0),
    );
  return pool().recommend(demand, catalog, { signal });
}

/**
 * Simulates scenarios request by request in the sweep worker (off the main thread); an aborted
 * signal stops it. Where workers are missing it runs on the main thread after a yield.
 */
export function simulateAsync(
  scenarios: ScenarioInput[],
  options: SimulationOptions,
  catalog: Catalog,
  run: SweepRun = {},
): Promise<SimulationOutcome[]> {
  const { signal, onProgress } = run;
  if (signal?.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
  // Without workers the simulation loads on first use: the page's first paint does not carry it.
  if (typeof Worker === 'undefined' || run.forceMainThread)
    return import('../core/sim/simulate').then(({ simulateAll }) =>
      simulateAll(scenarios, catalog, options, onProgress),
    );
  return pool().simulate(scenarios, options, catalog, { signal, onProgress });
}
