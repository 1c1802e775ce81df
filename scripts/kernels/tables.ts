/**
 * Reading AIConfigurator's parquet tables into the shapes the app ships: per key, latency along
 * one axis (curves) or over two (grids), the fastest kernel at each measured shape.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { Curve, Grid } from '../../src/core/kernels/schema';
import { quantiseLatencyUs } from '../../src/core/kernels/schema';

export type Row = Record<string, unknown>;
/** Minimum latency (ms) per key, then per grid cell (`"x y"`). */
export type CellMins = Map<string, Map<string, number>>;
export const num = (r: Row, c: string): number => Number(r[c]);
export const str = (r: Row, c: string): string => String(r[c]);
const latencyMs = (r: Row): number => num(r, 'latency');

export async function readTable(path: string): Promise<Row[]> {
  const b = readFileSync(path);
  const file = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  return (await parquetReadObjects({ file, compressors })) as Row[];
}

/** The one version folder of an op and framework (the README: one version per system). */
export function findTable(
  kernelsDir: string,
  system: string,
  op: string,
  fw: string,
  table: string,
): string | null {
  const dir = join(kernelsDir, system, op, fw);
  if (!existsSync(dir)) return null;
  for (const v of readdirSync(dir).sort()) {
    const p = join(dir, v, `${table}.parquet`);
    if (existsSync(p)) return p;
  }
  return null;
}
export const versionOf = (path: string): string => path.split('/').at(-2)!;

/**
 * A sweep's point timed well above both its measured neighbours is a timing outlier, not a
 * kernel: along m a kernel's time steps up tile by tile (or dips where m aligns with a tile),
 * it does not jump for one m and come back. vLLM 0.24's per-tensor FP8 GEMM on B200 at n=256,
 * k=7168 takes 9.7, 10.3, 26.8, 10.4 and 10.4 µs at m = 2..6; such spikes are rare elsewhere.
 * A point more than SPIKE times both neighbours takes the higher neighbour's time; the first and
 * last points keep theirs (m=1 runs kernels of its own).
 */
const SPIKE = 1.2;
function withoutSpikes(pts: [number, number][]): [number, number][] {
  return pts.map(([x, v], i) => {
    if (i === 0 || i === pts.length - 1) return [x, v];
    const [a, b] = [pts[i - 1]![1], pts[i + 1]![1]];
    const high = Math.max(a, b);
    return [x, v > SPIKE * high ? high : v];
  });
}

/**
 * Fastest measurement per (key, x) (`fastest`). With `along`, each key's sweep is cleared of
 * spikes over every measured x (withoutSpikes), then kept at the x `along` keeps.
 */
export function curves(
  rows: Row[],
  key: (r: Row) => string | null,
  x: (r: Row) => number,
  along?: (x: number) => boolean,
) {
  const best = fastest(rows, key, (r) => {
    const xv = x(r);
    return xv > 0 ? xv : null;
  });
  const out: Record<string, Curve> = {};
  for (const k of [...best.keys()].sort()) {
    const sorted = [...best.get(k)!.entries()].sort((a, b) => a[0] - b[0]);
    const pts = along ? withoutSpikes(sorted).filter((p) => along(p[0])) : sorted;
    if (pts.length < 2) continue;
    out[k] = { x: pts.map((p) => p[0]), q: pts.map((p) => quantiseLatencyUs(p[1] * 1000)) };
  }
  return out;
}

/**
 * Fastest measurement (ms) per key and shape: where several kernels were measured, the engine
 * picks one. Rows without a key, a positive latency or a shape (`at` null) are skipped.
 */
function fastest<T>(
  rows: Row[],
  key: (r: Row) => string | null,
  at: (r: Row) => T | null,
): Map<string, Map<T, number>> {
  const best = new Map<string, Map<T, number>>();
  for (const r of rows) {
    const ms = latencyMs(r);
    const k = key(r);
    const shape = at(r);
    if (k === null || !(ms > 0) || shape === null) continue;
    const m = best.get(k) ?? new Map<T, number>();
    best.set(k, m);
    const prev = m.get(shape);
    if (prev === undefined || ms < prev) m.set(shape, ms);
  }
  return best;
}

/** Fastest measurement per key and (x, y) cell, in ms. */
export function cellMins(
  rows: Row[],
  key: (r: Row) => string | null,
  x: (r: Row) => number,
  y: (r: Row) => number,
): CellMins {
  return fastest(rows, key, (r) => {
    const xv = x(r);
    const yv = y(r);
    return xv > 0 && yv > 0 ? `${xv} ${yv}` : null;
  });
}

/** Grids from cell minima, each cell's time times `scale` of its key and cell (norm-method.ts). */
export function grids(best: CellMins, adjust?: (key: string, ms: number) => number) {
  const out: Record<string, Grid> = {};
  for (const k of [...best.keys()].sort()) {
    const cells = best.get(k)!;
    const xs = new Set<number>();
    const ys = new Set<number>();
    for (const c of cells.keys()) {
      const [a, b] = c.split(' ').map(Number);
      xs.add(a!);
      ys.add(b!);
    }
    const x0 = [...xs].sort((a, b) => a - b);
    // The lookup reads a grid as triangular: each y measured from the smallest x up to a
    // largest, no further at longer y. A y column is kept up to its first gap (a failed
    // measurement), and dropped where it reaches less far than a longer y (a side sweep at a
    // few x only, whose holes the interpolation between columns cannot bridge).
    const reach = (b: number) => {
      let n = 0;
      while (n < x0.length && cells.has(`${x0[n]} ${b}`)) n++;
      return n;
    };
    const columns = [...ys].sort((a, b) => a - b).map((y) => ({ y, reach: reach(y) }));
    const kept = columns.filter(
      (c, j) => c.reach > 0 && columns.slice(j + 1).every((longer) => c.reach >= longer.reach),
    );
    if (x0.length < 2 || kept.length < 2) continue;
    const q: (number | null)[] = [];
    for (let i = 0; i < x0.length; i++)
      for (const c of kept) {
        const cell = `${x0[i]} ${c.y}`;
        const ms = i < c.reach ? cells.get(cell) : undefined;
        q.push(ms === undefined ? null : quantiseLatencyUs((adjust ? adjust(k, ms) : ms) * 1000));
      }
    out[k] = { x: x0, y: kept.map((c) => c.y), q };
  }
  return out;
}

export type Phase = 'decode' | 'prefill';
export const PHASES: readonly Phase[] = ['decode', 'prefill'];
export type ModuleTables = { decode: string; prefill: string | null };
const batchOf = (r: Row) => num(r, 'batch_size');
/** Decode cells over batch x context (`step`), prefill cells over batch x prompt (`isl`, nothing
 * cached before it), from a module's generation and context tables. */
export const phaseCells = (rows: Row[], phase: Phase, key: (r: Row) => string | null): CellMins =>
  phase === 'decode'
    ? cellMins(rows, key, batchOf, (r) => num(r, 'step'))
    : cellMins(
        rows.filter((r) => num(r, 'step') === 0),
        key,
        batchOf,
        (r) => num(r, 'isl'),
      );
