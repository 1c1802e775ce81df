/**
 * vLLM's MLA module tables were timed two ways. AIConfigurator re-collected B200's on 2026-07-27
 * with the engine's fused RMSNorm kernels (`norm_dispatch: vllm_c_eager_surrogate` in its
 * collection_meta.yaml: "Anchored -9% vs an in-engine per-layer trace at
 * heads64/bs16/kv8192/fp8; the previous rows ran the never-in-serving native chain (+34%)").
 * Every other GPU's tables still hold the previous rows. GB200 is B200's die and HBM, so the two
 * boards' tables differ by the collection method alone: at that anchor shape GB200's module
 * takes 144 µs and B200's 96.7 µs, the documented 1.34 / 0.91. The old tables of every host
 * agree at launch-bound shapes (GB200, B300, GB300, H200, H100: about 0.1 ms at 8 heads, batch 2,
 * against B200's 0.046), so the method added a fixed time per call: each old-method table loses
 * the difference of the two floors, per key (at the anchor: 144 → 108 µs).
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { CellMins, Phase, Row } from './tables';
import { PHASES, num, phaseCells, readTable, str } from './tables';

/** Whether a table next to `parquetPath` was timed with the engine's fused norms. */
export function timedWithEngineNorms(parquetPath: string, table: string): boolean {
  const meta = join(dirname(parquetPath), 'collection_meta.yaml');
  if (!existsSync(meta)) return false;
  const doc = parse(readFileSync(meta, 'utf8')) as {
    tables?: Record<string, { norm_dispatch?: string } | null>;
  } | null;
  return Boolean(doc?.tables?.[table]?.norm_dispatch);
}

/** What the old collection method added to a key's every call, and its floors' ratio. */
export interface MethodOffset {
  /** The old floor (fastest cell) less the re-collected one, ms. */
  offsetMs: number;
  /** The re-collected floor over the old one: the least a cell is scaled by. */
  floorRatio: number;
}

const floorOf = (cells: ReadonlyMap<string, number>) => Math.min(...cells.values());

/**
 * Per key, what the old method added: the difference of the two tables' floors on the same die.
 * The native norm chain is a few more small kernels per call, so its cost is a fixed time where
 * the module is launch-bound and vanishes beside the attention of long prompts (where the two
 * collections differ for other reasons, in either direction).
 */
export function methodOffsets(recollected: CellMins, old: CellMins): Map<string, MethodOffset> {
  const out = new Map<string, MethodOffset>();
  for (const [key, cells] of recollected) {
    const before = old.get(key);
    if (!before?.size || !cells.size) continue;
    const floorNew = floorOf(cells);
    const floorOld = floorOf(before);
    if (!(floorOld > floorNew)) continue;
    out.set(key, { offsetMs: floorOld - floorNew, floorRatio: floorNew / floorOld });
  }
  return out;
}

/** An old-method time of `key` in the engine's fused norms: less the key's offset, never scaled
 * below its floors' ratio; unchanged where the pair has no such key. */
export function withEngineNorms(
  offsets: ReadonlyMap<string, MethodOffset>,
  key: string,
  ms: number,
): number {
  const o = offsets.get(key);
  return o ? Math.max(ms - o.offsetMs, ms * o.floorRatio) : ms;
}

export const MLA_TABLES = {
  decode: 'mla_generation_module_perf',
  prefill: 'mla_context_module_perf',
};
export const mlaKey = (phase: Phase) => (r: Row) =>
  `mla|h7168|r${num(r, 'num_heads')}|${str(r, 'gemm_type')}|${str(r, 'kv_cache_dtype')}|${phase}`;

export interface NormOffsets {
  /** The system whose re-collected tables the offsets lead to. */
  from: string;
  offsets: Record<Phase, Map<string, MethodOffset>>;
}
/**
 * What the old method added to an engine's MLA module, per key, from a pair of `siblings` (an
 * NVL72 tray and the HGX board with its die) of which exactly one was re-collected; null where no
 * such pair exists.
 */
export async function normOffsets(
  fw: string,
  tablePath: (system: string, op: string, fw: string, table: string) => string | null,
  siblings: Readonly<Record<string, string>>,
): Promise<NormOffsets | null> {
  for (const pair of Object.entries(siblings)) {
    const offsets = {} as Record<Phase, Map<string, MethodOffset>>;
    let from: string | null = null;
    for (const phase of PHASES) {
      const table = MLA_TABLES[phase];
      const paths = pair.map((system) => tablePath(system, 'mla', fw, table));
      if (!paths[0] || !paths[1]) break;
      const fixed = paths.map((p) => timedWithEngineNorms(p!, table));
      if (fixed[0] === fixed[1]) break;
      const [recollected, old] = fixed[0] ? [0, 1] : [1, 0];
      from = pair[recollected]!;
      const cells = async (i: number) =>
        phaseCells(await readTable(paths[i]!), phase, mlaKey(phase));
      offsets[phase] = methodOffsets(await cells(recollected), await cells(old));
    }
    if (from && offsets.decode && offsets.prefill) return { from, offsets };
  }
  return null;
}
