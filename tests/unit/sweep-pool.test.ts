import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Catalog } from '../../src/core/catalog';
import type { SweepQuery, SweepResult } from '../../src/core/sweep';
import { runSweep } from '../../src/core/sweep';
import { catalog } from './core/fixtures';
import type { WorkerLike } from '../../src/workers/sweep-pool';
import { SweepPool } from '../../src/workers/sweep-pool';
import type { SweepMessage, SweepRequest } from '../../src/workers/sweep-protocol';
import type { HardwareKernels } from '../../src/core/kernels/schema';
import { packCatalog, unpackCatalog } from '../../src/workers/catalog-transfer';
import { rememberKernelsText } from '../../src/workers/kernel-texts';
import { packSweep, unpackSweep } from '../../src/workers/sweep-transfer';

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
const result = (n: number) =>
  packSweep({ points: [], frontiers: [], configurations: n } as SweepResult).packed;

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

describe('a sweep result crossing from the worker', () => {
  it('comes back equal, field for field and in order, nulls and all', () => {
    const r = runSweep(
      {
        model: 'deepseek-v4-flash',
        inputTokens: 8192,
        outputTokens: 1024,
        disaggregated: true,
        speculative: true,
        series: [
          { hardware: 'b200', weights: 'native', framework: 'sglang' },
          { hardware: 'mi355x', weights: 'native', framework: 'sglang' },
        ],
      },
      catalog,
    );
    const blank = { ...r.points[0]!, usdPerMillionInputTokens: null, ttftMsRange: null };
    const withNulls = { ...r, points: [...r.points, blank] };
    const { packed, transfer } = packSweep(withNulls);
    // Points of one layout share one scenario on the wire.
    expect(packed.scenarios.length).toBeLessThan(r.points.length / 4);
    const back = unpackSweep(structuredClone(packed, { transfer }));
    expect(JSON.stringify(back)).toBe(JSON.stringify(withNulls));
    expect(back).toEqual(withNulls);
  });
});

describe('a catalog crossing to the sweep worker', () => {
  const loaded = (id: string) => ({ hardware: id, frameworks: { vllm: { version: '0.1' } } });
  it('carries a kernel table as the text it was loaded from, and the worker reads it back', () => {
    const text = JSON.stringify(loaded('b200'));
    const b200 = rememberKernelsText(JSON.parse(text) as HardwareKernels, text);
    const other = loaded('h200-sxm') as unknown as HardwareKernels;
    const catalog = {
      version: 'v',
      kernels: new Map([
        ['b200', b200],
        ['h200-sxm', other],
      ]),
    } as unknown as Catalog;
    const t = packCatalog(catalog);
    // A table whose text is not known (loaded on the main thread) crosses as itself.
    expect([...t.catalog.kernels!.keys()]).toEqual(['h200-sxm']);
    expect(t.kernelTexts).toEqual([['b200', text]]);
    const back = unpackCatalog(structuredClone(t));
    expect(back.kernels!.get('b200')).toEqual(b200);
    expect(back.kernels!.get('h200-sxm')).toEqual(other);
    expect(back.version).toBe('v');
  });
});

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
    expect(workers[0]!.sent.at(-2)).toEqual({
      type: 'catalog',
      catalog: catalogB,
      kernelTexts: [],
    });
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
    expect(workers[1]!.sent[0]).toEqual({ type: 'catalog', catalog: catalogA, kernelTexts: [] });
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
