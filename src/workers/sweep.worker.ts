/// <reference lib="webworker" />
// Entry only: the sweep lives in src/core/sweep.ts, the capacity search in src/core/capacity,
// the simulation in src/core/sim.
import '../app/zod-config';
import { recommend } from '../core/capacity/recommend';
import type { Catalog } from '../core/catalog';
import { runSweep } from '../core/sweep';
import { simulateAll } from '../core/sim/simulate';
import { unpackCatalog } from './catalog-transfer';
import type { SweepMessage, SweepRequest } from './sweep-protocol';
import { packSweep } from './sweep-transfer';

const post = (m: SweepMessage, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);
/** The catalog the page sent last: kept between sweeps, so it crosses once, not per sweep. */
let catalog: Catalog | null = null;

self.onmessage = (e: MessageEvent<SweepRequest>) => {
  const m = e.data;
  if (m.type === 'catalog') {
    catalog = unpackCatalog(m);
    return;
  }
  try {
    if (!catalog) throw new Error('the sweep worker has no catalog');
    const t = m.task;
    const progress = (done: number) => post({ type: 'progress', job: m.job, done });
    if (t.kind === 'sweep') {
      const { packed, transfer } = packSweep(runSweep(t.query, catalog, { onProgress: progress }));
      post({ type: 'done', job: m.job, result: packed }, transfer);
      return;
    }
    const result =
      t.kind === 'capacity'
        ? recommend(t.demand, catalog)
        : simulateAll(t.scenarios, catalog, t.options, progress);
    post({ type: 'done', job: m.job, result });
  } catch (err) {
    post({ type: 'error', job: m.job, message: (err as Error).message });
  }
};
