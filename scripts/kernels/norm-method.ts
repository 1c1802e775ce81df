/**
 * vLLM's MLA module tables were timed two ways. AIConfigurator re-collected B200's on 2026-07-27
 * with the engine's fused RMSNorm kernels (`norm_dispatch: vllm_c_eager_surrogate` in its
 * collection_meta.yaml: "Anchored -9% vs an in-engine per-layer trace at
 * heads64/bs16/kv8192/fp8; the previous rows ran the never-in-serving native chain (+34%)").
 * Every other GPU's tables still hold the previous rows. GB200 is B200's die and HBM, so the two
 * boards' tables differ by the collection method alone: at that anchor shape GB200's module
 * takes 144 µs and B200's 96.7 µs, the documented 1.34 / 0.91. The ratio of the two per shape
 * (key and cell) rescales every old-method table to the serving engine's norms.
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

/** Per key and cell, the re-collected time over the old one on the same die (present in both). */
export function methodRatios(recollected: CellMins, old: CellMins): CellMins {
  const out: CellMins = new Map();
  for (const [key, cells] of recollected) {
    const before = old.get(key);
    if (!before) continue;
    const ratios = new Map<string, number>();
    for (const [cell, ms] of cells) {
      const was = before.get(cell);
      if (was !== undefined && was > 0) ratios.set(cell, ms / was);
    }
    if (ratios.size) out.set(key, ratios);
  }
  return out;
}

const logDistance = (a: string, b: string): number => {
  const [ax, ay] = a.split(' ').map(Number);
  const [bx, by] = b.split(' ').map(Number);
  return Math.hypot(Math.log2(ax! / bx!), Math.log2(ay! / by!));
};

/** The ratio at a cell: measured there, else at the nearest cell of the key (log batch and
 * context); 1 where the key has none. */
export function ratioAt(ratios: CellMins, key: string, cell: string): number {
  const cells = ratios.get(key);
  if (!cells) return 1;
  const own = cells.get(cell);
  if (own !== undefined) return own;
  let best = 1;
  let bestDistance = Infinity;
  for (const [c, r] of [...cells].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const d = logDistance(c, cell);
    if (d < bestDistance) {
      bestDistance = d;
      best = r;
    }
  }
  return best;
}

export const MLA_TABLES = {
  decode: 'mla_generation_module_perf',
  prefill: 'mla_context_module_perf',
};
export const mlaKey = (phase: Phase) => (r: Row) =>
  `mla|h7168|r${num(r, 'num_heads')}|${str(r, 'gemm_type')}|${str(r, 'kv_cache_dtype')}|${phase}`;

export interface NormRatios {
  /** The system whose re-collected tables the ratios lead to. */
  from: string;
  ratios: Record<Phase, CellMins>;
}
/**
 * An engine's MLA module times re-collected with its fused norms over the old ones, per shape,
 * from a pair of `siblings` (an NVL72 tray and the HGX board with its die) of which exactly one
 * was re-collected; null where no such pair exists.
 */
export async function normRatios(
  fw: string,
  tablePath: (system: string, op: string, fw: string, table: string) => string | null,
  siblings: Readonly<Record<string, string>>,
): Promise<NormRatios | null> {
  for (const pair of Object.entries(siblings)) {
    const ratios = {} as Record<Phase, CellMins>;
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
      ratios[phase] = methodRatios(await cells(recollected), await cells(old));
    }
    if (from && ratios.decode && ratios.prefill) return { from, ratios };
  }
  return null;
}
