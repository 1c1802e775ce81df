import type { RecommendResult } from '../core/capacity/recommend';
import type { Demand } from '../core/capacity/demand';
import type { Catalog } from '../core/catalog';
import type { SweepQuery, SweepResult } from '../core/sweep';
import type { ScenarioInput } from '../core/scenario/schema';
import type { SimulationOptions, SimulationOutcome } from '../core/sim/simulate';
import { packCatalog } from './catalog-transfer';
import type {
  SweepMessage,
  SweepRequest,
  TaskResult,
  WireResult,
  WorkerTask,
} from './sweep-protocol';
import type { PackedSweep } from './sweep-transfer';
import { unpackSweep } from './sweep-transfer';

/** What the pool needs of a worker (a Web Worker, or a fake in tests). */
export interface WorkerLike {
  postMessage(m: SweepRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<SweepMessage>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

interface Job {
  task: WorkerTask;
  catalog: Catalog;
  onProgress: ((done: number) => void) | undefined;
  resolve: (r: TaskResult) => void;
  reject: (e: unknown) => void;
}

const aborted = () => new DOMException('Aborted', 'AbortError');

interface RunOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number) => void) | undefined;
}

/**
 * One sweep worker kept alive between sweeps: the catalog crosses to it once (again only when it
 * changes), and it is let go after `idleMs` without work. A sweep runs to its end inside the
 * worker, so cancelling one terminates the worker — it stops at once, never delivers a stale
 * result — and the sweeps still waiting start again on a fresh one.
 */
export class SweepPool {
  private worker: WorkerLike | null = null;
  private catalog: Catalog | null = null;
  private readonly jobs = new Map<number, Job>();
  private next = 1;
  private idle: ReturnType<typeof setTimeout> | null = null;

  private readonly spawn: () => WorkerLike;
  private readonly idleMs: number;

  constructor(spawn: () => WorkerLike, idleMs: number) {
    this.spawn = spawn;
    this.idleMs = idleMs;
  }

  run(query: SweepQuery, catalog: Catalog, opts: RunOptions): Promise<SweepResult> {
    return this.runTask({ kind: 'sweep', query }, catalog, opts) as Promise<SweepResult>;
  }

  /** A capacity search in the same worker (it shares the catalog the sweeps sent). */
  recommend(demand: Demand, catalog: Catalog, opts: RunOptions): Promise<RecommendResult> {
    return this.runTask({ kind: 'capacity', demand }, catalog, opts) as Promise<RecommendResult>;
  }

  /** Request-level simulations of some scenarios, in order. */
  simulate(
    scenarios: ScenarioInput[],
    options: SimulationOptions,
    catalog: Catalog,
    opts: RunOptions,
  ): Promise<SimulationOutcome[]> {
    return this.runTask({ kind: 'simulate', scenarios, options }, catalog, opts) as Promise<
      SimulationOutcome[]
    >;
  }

  private runTask(task: WorkerTask, catalog: Catalog, opts: RunOptions): Promise<TaskResult> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(aborted());
    return new Promise((resolve, reject) => {
      const id = this.next++;
      const finish = () => signal?.removeEventListener('abort', cancel);
      const job: Job = {
        task,
        catalog,
        onProgress: opts.onProgress,
        resolve: (r) => (finish(), resolve(r)),
        reject: (e) => (finish(), reject(e)),
      };
      const cancel = () => this.cancel(id);
      signal?.addEventListener('abort', cancel, { once: true });
      this.jobs.set(id, job);
      this.post(id, job);
    });
  }

  /** Starts the worker ahead of its first job (its start-up overlaps whatever the page loads
   * meanwhile); it goes again after `idleMs` if no job comes. */
  warm(): void {
    this.ensureWorker();
    this.idleIfDone();
  }

  /** Whether a worker is alive (for tests and the idle timeout). */
  get alive(): boolean {
    return this.worker !== null;
  }

  private ensureWorker(): WorkerLike {
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => this.fail(new Error(e.message || 'the sweep worker failed'));
    this.worker = w;
    this.catalog = null;
    return w;
  }

  private post(id: number, job: Job): void {
    const w = this.ensureWorker();
    if (this.catalog !== job.catalog) {
      w.postMessage({ type: 'catalog', ...packCatalog(job.catalog) });
      this.catalog = job.catalog;
    }
    w.postMessage({ type: 'sweep', job: id, task: job.task });
  }

  private receive(m: SweepMessage): void {
    const job = this.jobs.get(m.job);
    if (!job) return;
    if (m.type === 'progress') return job.onProgress?.(m.done);
    this.jobs.delete(m.job);
    if (m.type === 'done')
      job.resolve(
        job.task.kind === 'sweep'
          ? unpackSweep(m.result as PackedSweep)
          : (m.result as Exclude<WireResult, PackedSweep>),
      );
    else job.reject(new Error(m.message));
    this.idleIfDone();
  }

  private cancel(id: number): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    job.reject(aborted());
    this.stopWorker();
    // The others were queued behind it (or running beside nothing): start them again.
    for (const [other, j] of this.jobs) this.post(other, j);
    this.idleIfDone();
  }

  private fail(e: Error): void {
    this.stopWorker();
    const pending = [...this.jobs.values()];
    this.jobs.clear();
    for (const j of pending) j.reject(e);
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.catalog = null;
  }

  private idleIfDone(): void {
    if (this.jobs.size > 0 || !this.worker) return;
    this.idle = setTimeout(() => {
      this.idle = null;
      if (this.jobs.size === 0) this.stopWorker();
    }, this.idleMs);
  }
}
