import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Catalog } from '../../src/core/catalog';
import type { SweepQuery, SweepResult } from '../../src/core/sweep';
import type { WorkerLike } from '../../src/workers/sweep-pool';
import { SweepPool } from '../../src/workers/sweep-pool';
import type { SweepMessage, SweepRequest } from '../../src/workers/sweep-protocol';

/** A worker that records what it is sent and answers when the test says so. */
class FakeWorker implements WorkerLike {
  sent: SweepRequest[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<SweepMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: SweepRequest) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  answer(m: SweepMessage) {
    this.onmessage?.({ data: m } as MessageEvent<SweepMessage>);
  }
  jobs() {
    return this.sent.flatMap((m) => (m.type === 'sweep' ? [m.job] : []));
  }
}

const catalogA = { version: 'a' } as unknown as Catalog;
const catalogB = { version: 'b' } as unknown as Catalog;
const query = { model: 'm' } as unknown as SweepQuery;
const result = (n: number) => ({ points: [], frontiers: [], configurations: n }) as SweepResult;

function setup(idleMs = 1000) {
  const workers: FakeWorker[] = [];
  const pool = new SweepPool(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  }, idleMs);
  return { pool, workers };
}

afterEach(() => vi.useRealTimers());

describe('the page keeps one sweep worker', () => {
  it('runs sweep after sweep on one worker, sending the catalog once', async () => {
    const { pool, workers } = setup();
    const first = pool.run(query, catalogA, {});
    workers[0]!.answer({ type: 'done', job: workers[0]!.jobs()[0]!, result: result(1) });
    expect((await first).configurations).toBe(1);
    const second = pool.run(query, catalogA, {});
    workers[0]!.answer({ type: 'done', job: workers[0]!.jobs()[1]!, result: result(2) });
    expect((await second).configurations).toBe(2);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.sent.filter((m) => m.type === 'catalog')).toHaveLength(1);
    // A new catalog (kernels loaded for another GPU) crosses before the sweep that needs it.
    void pool.run(query, catalogB, {});
    expect(workers[0]!.sent.at(-2)).toEqual({ type: 'catalog', catalog: catalogB });
  });

  it('lets the worker go after a while without sweeps, and starts a new one when needed', async () => {
    vi.useFakeTimers();
    const { pool, workers } = setup(1000);
    const run = pool.run(query, catalogA, {});
    workers[0]!.answer({ type: 'done', job: 1, result: result(1) });
    await run;
    vi.advanceTimersByTime(999);
    expect(workers[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(pool.alive).toBe(false);
    void pool.run(query, catalogA, {});
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]).toEqual({ type: 'catalog', catalog: catalogA });
  });

  it('a cancelled sweep stops at once and delivers nothing; a waiting one restarts on a fresh worker', async () => {
    const { pool, workers } = setup();
    const ac = new AbortController();
    const progress: number[] = [];
    const cancelled = pool.run(query, catalogA, { signal: ac.signal });
    const waiting = pool.run(query, catalogA, { onProgress: (d) => progress.push(d) });
    ac.abort();
    await expect(cancelled).rejects.toThrow('Aborted');
    expect(workers[0]!.terminated).toBe(true);
    // A late answer from the terminated worker is ignored.
    workers[0]!.answer({ type: 'done', job: 1, result: result(99) });
    const job = workers[1]!.jobs()[0]!;
    workers[1]!.answer({ type: 'progress', job, done: 256 });
    workers[1]!.answer({ type: 'done', job, result: result(3) });
    expect((await waiting).configurations).toBe(3);
    expect(progress).toEqual([256]);
  });

  it('a worker that fails rejects its sweeps with the reason, and the next sweep gets a new one', async () => {
    const { pool, workers } = setup();
    const run = pool.run(query, catalogA, {});
    workers[0]!.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(run).rejects.toThrow('out of memory');
    void pool.run(query, catalogA, {});
    expect(workers).toHaveLength(2);
  });
});
