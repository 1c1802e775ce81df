/**
 * Builds public/catalog/kernels/<hardware>.json from the measured kernel tables in
 * ../shared/reference/kernels (NVIDIA AIConfigurator, Apache-2.0): per catalog hardware and
 * framework, the shapes the core prices (GEMM, fused MoE, attention modules, mHC, all-reduce),
 * latencies quantised in log space. Deterministic: the same tables give the same bytes.
 *
 *   npx tsx scripts/kernels/build.ts [kernelsDir]          (npm run kernels)
 *   npx tsx scripts/kernels/build.ts --check [kernelsDir]  exit 1 unless the shipped files match
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameworkKernels, Grid, HardwareKernels } from '../../src/core/kernels/schema';
import {
  KERNEL_ATTRIBUTION,
  KERNEL_FRAMEWORKS,
  KERNEL_SYSTEMS,
  isWideEp,
} from '../../src/core/kernels/schema';
import type { NormOffsets } from './norm-method';
import {
  MLA_TABLES,
  mlaKey,
  normOffsets,
  timedWithEngineNorms,
  withEngineNorms,
} from './norm-method';
import type { ModuleTables, Phase, Row } from './tables';
import {
  PHASES,
  curves,
  findTable,
  grids,
  num,
  phaseCells,
  readTable,
  str,
  versionOf,
} from './tables';

const args = process.argv.slice(2);
const check = args.includes('--check');
const kernelsDir =
  args.find((a) => !a.startsWith('--')) ??
  join(import.meta.dirname, '../../../shared/reference/kernels');
const outDir = join(import.meta.dirname, '../../public/catalog/kernels');
const tablePath = (system: string, op: string, fw: string, table: string): string | null =>
  findTable(kernelsDir, system, op, fw, table);

const GEMM_DTYPES = new Set(['bfloat16', 'fp8', 'fp8_block', 'nvfp4']);
const pow2 = (v: number) => v > 0 && (v & (v - 1)) === 0;
/** m kept: powers of two (the other swept m values sit between them and change little). */
const keepM = (m: number) => pow2(m);

/**
 * Routing the MoE tables are kept at: a mild power law (α = 1.01), so a table's time is the
 * busiest rank's as prompts really route. Against the silicon measurements it beats balanced
 * routing, balanced routing times a fitted imbalance across EP ranks, and a fitted blend of the
 * two (silicon TPOT in-sample 14.5% vs 16.1%, 15.3% and 14.5% at a third more bytes); α = 1.2
 * is steeper than any deployment measured. One distribution keeps the files small. Splits over
 * more EP ranks than a node holds are not kept: wide EP balances its experts, and the core prices
 * it on the roofline (isWideEp).
 */
const MOE_DISTRIBUTION = 'power_law_1.01';
/** Head sizes of the grouped-query models people serve (64: gpt-oss; 128: Qwen, Llama, GLM). */
const GQA_HEAD_DIMS = new Set([64, 128]);

/** V4 module tables name the checkpoint; the core matches by shape (hidden size, heads). */
const V4_SHAPE: Record<string, string> = {
  'sgl-project/DeepSeek-V4-Flash-FP8': 'h4096|n64',
  'deepseek-ai/DeepSeek-V4-Flash': 'h4096|n64',
  'sgl-project/DeepSeek-V4-Pro-FP8': 'h7168|n128',
  'deepseek-ai/DeepSeek-V4-Pro': 'h7168|n128',
};
/**
 * An NVL72 tray's GPUs were measured all-reducing within the tray only (2 and 4 GPUs); TP over
 * 8 crosses the NVLink switch, as it does on the HGX board with the same GPU die, NVLink 5 and
 * NVSwitch generation, which measured 8. Where both measured, they agree: TensorRT-LLM's 4-GPU
 * BF16 all-reduce takes 4.9/5.1/14.6/124.6 µs on GB200 at 1K/64K/1M/16M elements and
 * 5.0/5.4/14.6/123.1 µs on B200 (NCCL's: 16.0/17.5/27.5/122.8 and 15.1/17.4/25.9/122.8). So the
 * counts a tray lacks come from its HGX sibling. A tray is one host: TP over 8 spans two, where
 * vLLM's and SGLang's custom all-reduce (CUDA IPC between one host's GPUs) turns itself off and
 * NCCL all-reduces instead; TensorRT-LLM runs its multi-node NVLink all-reduce.
 */
const NVLINK_SIBLING: Record<string, string> = { gb200: 'b200_sxm', gb300: 'b300_sxm' };
/**
 * The other way round, an HGX board's NVL72 tray, for the fused-MoE table an engine timed on the
 * tray and not the board (SGLang 0.5.14 timed its MoE on the GB200 tray, not on the B200 board).
 * The same die and HBM time the same kernels alike: where both were measured, vLLM 0.24's fused
 * MoE takes 0.98-1.00x as long on GB200 as on B200 (10th-90th percentile of 21,063 shared shapes,
 * median 0.991) and TensorRT-LLM's 0.98-1.01x (1,404 shapes).
 */
const TRAY_OF: Record<string, string> = Object.fromEntries(
  Object.entries(NVLINK_SIBLING).map(([tray, board]) => [board, tray]),
);
const gemmKind = (r: Row) => (str(r, 'gemm_type') === 'bfloat16' ? 'bf16' : 'fp8');

async function frameworkKernels(
  system: string,
  fw: string,
  mlaNorms: NormOffsets | null,
): Promise<FrameworkKernels | null> {
  const versions = new Set<string>();
  const read = async (op: string, table: string) => {
    const p = tablePath(system, op, fw, table);
    if (!p) return [];
    versions.add(`${op} ${versionOf(p)}`);
    return readTable(p);
  };
  const gemmRows = await read('gemm', 'gemm_perf');
  if (gemmRows.length === 0) return null;
  const gemm = curves(
    gemmRows.filter(
      (r) => GEMM_DTYPES.has(str(r, 'gemm_dtype')) && num(r, 'n') >= 128 && num(r, 'k') >= 128,
    ),
    (r) => `${str(r, 'gemm_dtype')}|${num(r, 'n')}|${num(r, 'k')}`,
    (r) => num(r, 'm'),
    keepM,
  );
  // An HGX board whose engine timed no fused MoE borrows its NVL72 tray's table: the same GPU
  // die and HBM, and where both boards timed the same kernels they agree within 2% (TRAY_OF).
  let moeRows = await read('moe', 'moe_perf');
  let moeMeasuredOn: string | undefined;
  const tray = TRAY_OF[system];
  const trayPath = moeRows.length === 0 && tray ? tablePath(tray, 'moe', fw, 'moe_perf') : null;
  if (trayPath) {
    moeRows = await readTable(trayPath);
    moeMeasuredOn = tray;
    versions.add(`moe ${versionOf(trayPath)} (${tray})`);
  }
  const moe = curves(
    moeRows.filter(
      (r) => str(r, 'distribution') === MOE_DISTRIBUTION && !isWideEp(num(r, 'moe_ep_size')),
    ),
    (r) =>
      [
        'moe_dtype',
        'hidden_size',
        'inter_size',
        'topk',
        'num_experts',
        'moe_tp_size',
        'moe_ep_size',
        'distribution',
      ]
        .map((c) => str(r, c))
        .join('|'),
    (r) => num(r, 'num_tokens'),
  );

  const attention: Record<string, Grid> = {};
  /** Set where the MLA module's tables are rescaled (norm-method.ts). */
  let mlaNormsFrom: string | null = null;
  const modules = async (
    op: string,
    tables: ModuleTables,
    key: (phase: Phase) => (r: Row) => string | null,
    rescale?: NormOffsets | null,
  ) => {
    for (const phase of PHASES) {
      const table = tables[phase];
      if (!table) continue;
      const path = tablePath(system, op, fw, table);
      const offsets =
        rescale && path && !timedWithEngineNorms(path, table) ? rescale.offsets[phase] : undefined;
      if (offsets) mlaNormsFrom = rescale!.from;
      const adjust = offsets
        ? (k: string, ms: number) => withEngineNorms(offsets, k, ms)
        : undefined;
      Object.assign(attention, grids(phaseCells(await read(op, table), phase, key(phase)), adjust));
    }
  };
  // DeepSeek-V4 compressed attention: one module per layer kind (CSA ratio 4, HCA ratio 128),
  // projections, compressor, indexer and top-k included.
  for (const kind of ['csa', 'hca'] as const)
    await modules(
      'sparse_attention',
      {
        decode: `dsv4_${kind}_generation_module_perf`,
        prefill: `dsv4_${kind}_context_module_perf`,
      },
      (phase) => (r) =>
        V4_SHAPE[str(r, 'model')]
          ? `dsv4|${kind}|${V4_SHAPE[str(r, 'model')]}|tp${num(r, 'tp_size')}|${gemmKind(r)}|${phase}`
          : null,
    );
  // DeepSeek-V3/R1 MLA module (V3 dimensions; num_heads is per rank), in the serving engine's
  // fused norms where the table was timed with the native chain (norm-method.ts).
  await modules('mla', MLA_TABLES, mlaKey, mlaNorms);
  // DeepSeek-V3.2's sparse attention module (MLA with V3's dimensions, its indexer and top-k;
  // num_heads is per rank). The tables also time GLM-5's, whose shape the catalog lacks.
  await modules(
    'sparse_attention',
    { decode: 'dsa_generation_module_perf', prefill: 'dsa_context_module_perf' },
    (phase) => (r) =>
      str(r, 'model') === 'deepseek-ai/DeepSeek-V3.2'
        ? `dsa|h7168|r${num(r, 'num_heads')}|${str(r, 'gemm_type')}|${str(r, 'kv_cache_dtype')}|${phase}`
        : null,
  );
  // Grouped-query attention core in decode (no projections): heads and KV heads per rank. Its
  // prefill is compute-bound and stays on the roofline (the tables would double the file).
  await modules(
    'attention',
    { decode: 'generation_attention_perf', prefill: null },
    (phase) => (r) =>
      str(r, 'attn_dtype') === 'bfloat16' &&
      num(r, 'window_size') === 0 &&
      GQA_HEAD_DIMS.has(num(r, 'head_dim'))
        ? `gqa|${num(r, 'num_heads')}|${num(r, 'num_key_value_heads')}|${num(r, 'head_dim')}|${str(r, 'kv_cache_dtype')}|${phase}`
        : null,
  );

  // DeepSeek-V3/R1 MLA decode core alone: only its floor ships, the launch a roofline-priced core
  // still pays. Its curve as the core's price fitted worse than the roofline (SGLang on H200:
  // silicon TPOT 11% -> 21%), so the roofline keeps the work.
  const mlaCore = await read('mla', 'generation_mla_perf');
  const mlaDecodeFloorUs = mlaCore.length
    ? Math.round(Math.min(...mlaCore.map((r) => num(r, 'latency'))) * 1e4) / 10
    : null;

  // Each mHC measurement times both mixing sites of a layer (num_sites 2): the pricer counts it
  // once per layer, so only such rows are kept.
  const mhc = curves(
    (await read('mhc', 'mhc_module_perf')).filter((r) => num(r, 'num_sites') === 2),
    (r) => `${str(r, 'op_name')}|${num(r, 'hc_mult')}|${num(r, 'hidden_size')}`,
    (r) => num(r, 'num_tokens'),
  );
  const allReduceCurves = (rows: Row[]) =>
    curves(
      rows,
      (r) => String(num(r, 'num_gpus')),
      (r) => num(r, 'message_size'),
    );
  const allReduce = allReduceCurves(await read('comm', 'custom_allreduce_perf'));
  // GPU counts the tray did not measure, from the NVLink sibling: TensorRT-LLM's own all-reduce
  // (it has a multi-node NVLink one), NCCL's for the engines whose custom all-reduce stops at
  // the host's GPUs.
  const allReduceMeasuredOn: NonNullable<FrameworkKernels['allReduceMeasuredOn']> = {};
  const sibling = NVLINK_SIBLING[system];
  const nccl = fw !== 'trtllm';
  const siblingPath = sibling
    ? nccl
      ? tablePath(sibling, 'comm', 'nccl', 'nccl_perf')
      : tablePath(sibling, 'comm', fw, 'custom_allreduce_perf')
    : null;
  if (sibling && siblingPath) {
    const rows = (await readTable(siblingPath)).filter(
      (r) => !nccl || (str(r, 'op_name') === 'all_reduce' && str(r, 'nccl_dtype') === 'half'),
    );
    const borrowed = allReduceCurves(rows);
    for (const gpus of Object.keys(borrowed).sort())
      if (!allReduce[gpus]) {
        allReduce[gpus] = borrowed[gpus]!;
        allReduceMeasuredOn[gpus] = { system: sibling, nccl };
      }
    if (Object.keys(allReduceMeasuredOn).length)
      versions.add(`comm ${nccl ? 'NCCL ' : ''}${versionOf(siblingPath)} (${sibling})`);
  }
  return {
    version: [...versions].sort().join(', '),
    gemm,
    moe,
    attention,
    mhc,
    allReduce,
    ...(mlaDecodeFloorUs ? { mlaDecodeFloorUs } : {}),
    ...(Object.keys(allReduceMeasuredOn).length ? { allReduceMeasuredOn } : {}),
    ...(moeMeasuredOn ? { moeMeasuredOn } : {}),
    ...(mlaNormsFrom ? { mlaNormsFrom } : {}),
  };
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const stale: string[] = [];
  // Per engine, once: the ratios that bring its old-method MLA tables to its re-timed ones.
  const mlaNorms: Record<string, NormOffsets | null> = {};
  for (const fw of KERNEL_FRAMEWORKS)
    mlaNorms[fw] = await normOffsets(fw, tablePath, NVLINK_SIBLING);
  for (const [hardware, system] of Object.entries(KERNEL_SYSTEMS)) {
    const frameworks: HardwareKernels['frameworks'] = {};
    for (const fw of KERNEL_FRAMEWORKS) {
      const k = await frameworkKernels(system, fw, mlaNorms[fw] ?? null);
      if (k) frameworks[fw] = k;
    }
    const file: HardwareKernels = {
      hardware,
      system,
      attribution: KERNEL_ATTRIBUTION,
      frameworks,
    };
    const text = JSON.stringify(file);
    const path = join(outDir, `${hardware}.json`);
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text + '\n') stale.push(path);
      continue;
    }
    writeFileSync(path, text + '\n');
    const counts = Object.entries(frameworks)
      .flatMap(([fw, t]) => (t ? [[fw, t] as const] : []))
      .map(
        ([fw, t]) =>
          `${fw}: ${Object.keys(t.gemm).length} gemm, ${Object.keys(t.moe).length} moe, ${Object.keys(t.attention).length} attention, ${Object.keys(t.mhc).length} mhc`,
      )
      .join('; ');
    console.log(`${hardware} (${system}): ${(text.length / 1024).toFixed(0)} KB — ${counts}`);
  }
  if (check) {
    if (stale.length) {
      console.error(
        `kernels: not what the shared tables build (run npm run kernels):\n${stale.join('\n')}`,
      );
      process.exit(1);
    }
    console.log(
      `kernels: ${Object.keys(KERNEL_SYSTEMS).length} shipped files match the shared tables`,
    );
  }
}

await main();
