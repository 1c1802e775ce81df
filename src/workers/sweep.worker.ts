/// <reference lib="webworker" />
// Entry only: the sweep itself lives in src/core/sweep.ts.
import '../app/zod-config';
import { runSweep } from '../core/sweep';
import type { SweepMessage, SweepRequest } from './sweep-protocol';

const post = (m: SweepMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = (e: MessageEvent<SweepRequest>) => {
  try {
    const result = runSweep(e.data.query, e.data.catalog, {
      onProgress: (done) => post({ type: 'progress', done }),
    });
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
  }
};
