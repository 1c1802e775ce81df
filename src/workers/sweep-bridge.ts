import type { Catalog } from '../core/catalog';
import type { SweepQuery, SweepResult } from '../core/sweep';
import { runSweep } from '../core/sweep';
import type { SweepMessage } from './sweep-protocol';

export interface SweepRun {
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
  /** Test hook: run on the main thread even where workers exist. */
  forceMainThread?: boolean;
}

/**
 * Runs a sweep in a Web Worker (one per job): an aborted signal terminates the worker, so a
 * superseded sweep stops at once and never delivers a stale result. Where workers are missing,
 * the sweep runs on the main thread after a yield, checking the signal as it goes.
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
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sweep.worker.ts', import.meta.url), {
      type: 'module',
      name: 'sweep',
    });
    const stop = () => {
      worker.terminate();
      reject(new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.onmessage = (e: MessageEvent<SweepMessage>) => {
      const m = e.data;
      if (m.type === 'progress') return onProgress?.(m.done);
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      if (m.type === 'done') resolve(m.result);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      reject(new Error(e.message || 'the sweep worker failed'));
    };
    worker.postMessage({ query, catalog });
  });
}
