import type { KvFormat } from '../model/kv';
import type { ModelSpec } from '../model/schema';
import { layerAttentionKinds } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { tensorInventory } from '../model/tensors';
import { formatOf } from '../model/weights';
import type { WeightPrecision } from '../precision';
import { mathPrecisionOf } from '../precision';
import { gridUsOrScaled, lastLookup } from './lookup';
import type { KernelSource, Priced } from './priced';
import { floorUs } from './priced';
import type { FrameworkKernels, Grid } from './schema';
import { hardwareOfSystem } from './schema';

interface ModuleLayers {
  grid: Grid;
  key: string;
  layers: number;
  floorUs: number;
  /** Sliding-window layers: the context they attend to is at most this. */
  maxContext?: number;
  /**
   * Sparse modules (V4's CSA and HCA, V3.2's DSA) read a bounded set of entries (the top-k, the
   * window, the indexer's keys) at any context: their one-sequence time at a context is launch
   * and synchronisation latency, like the table's floor. Past the top-k, the indexer and top-k
   * kernels switch on (SGLang 0.5.14 on B200: V4-Pro's CSA from 80 µs at 4K to 143 µs at 8K and
   * 150 µs at 64K), and their launches are as fixed as the rest.
   */
  floorAtContext?: boolean;
}

export function attentionModules(
  fk: FrameworkKernels,
  model: ModelSpec,
  weights: WeightPrecision,
  kv: KvFormat,
  tp: number,
  phase: 'decode' | 'prefill',
): { modules: ModuleLayers[]; covers: WeightGroup[]; table: string } | null {
  const a = model.attention;
  const kinds = layerAttentionKinds(model);
  const attnTensor = tensorInventory(model).find((t) => t.group === 'attention' && !t.mtp);
  const attnMath = attnTensor ? mathPrecisionOf(formatOf(attnTensor, weights)) : 'bf16';
  if (a.kind === 'v4-hybrid') {
    const gemm = attnMath === 'bf16' ? 'bf16' : 'fp8';
    const shape = `h${model.hiddenSize}|n${a.numHeads}`;
    const csa = kinds.filter((k) => k === 'csa').length;
    const hca = kinds.length - csa;
    const modules: ModuleLayers[] = [];
    for (const [kind, layers] of [
      ['csa', csa],
      ['hca', hca],
    ] as const) {
      if (layers === 0) continue;
      const key = `dsv4|${kind}|${shape}|tp${tp}|${gemm}|${phase}`;
      const grid = fk.attention[key];
      if (!grid) return null;
      modules.push({
        grid,
        key,
        layers,
        floorUs: floorUs(grid.q),
        floorAtContext: phase === 'decode',
      });
    }
    return { modules, covers: ['attention', 'compressor', 'indexer'], table: 'attention module' };
  }
  if (a.kind === 'mla') {
    // DeepSeek-V3's MLA, dense, or with V3.2's sparse attention (an indexer of 64 heads of 128
    // scores every key and the core attends to the 2,048 it picks): a module of its own.
    const dsa =
      a.indexer !== undefined &&
      a.indexer.numHeads === 64 &&
      a.indexer.headDim === 128 &&
      a.indexer.topK === 2048;
    const v3 =
      (!a.indexer || dsa) &&
      model.hiddenSize === 7168 &&
      a.qLoraRank === 1536 &&
      a.kvLoraRank === 512 &&
      a.qkNopeHeadDim === 128 &&
      a.qkRopeHeadDim === 64 &&
      a.vHeadDim === 128;
    if (!v3 || a.numHeads % tp !== 0) return null;
    const gemm =
      attnMath === 'fp4' || attnMath === 'fp4-w4a8'
        ? 'nvfp4'
        : attnMath === 'fp8'
          ? 'fp8_block'
          : 'bfloat16';
    const kvd = kv.kv === 'fp8' ? 'fp8' : 'bfloat16';
    const key = `${dsa ? 'dsa' : 'mla'}|h7168|r${a.numHeads / tp}|${gemm}|${kvd}|${phase}`;
    const grid = fk.attention[key];
    if (!grid) return null;
    const rescaled =
      !dsa && fk.mlaNormsFrom
        ? ` (less the native norm chain's time per call, from the ${hardwareOfSystem(fk.mlaNormsFrom).toUpperCase()} re-timing in the engine's fused norms)`
        : '';
    return {
      modules: [
        {
          grid,
          key: key + rescaled,
          layers: model.numLayers,
          floorUs: floorUs(grid.q),
          floorAtContext: dsa && phase === 'decode',
        },
      ],
      covers: dsa ? ['attention', 'indexer'] : ['attention'],
      table: 'attention module',
    };
  }
  if (a.kind === 'gqa' && phase === 'decode') {
    if (a.numHeads % tp !== 0) return null;
    const kvHeads = Math.max(1, Math.ceil(a.numKvHeads / tp));
    const kvd = kv.kv === 'fp8' ? 'fp8' : 'bfloat16';
    const key = `gqa|${a.numHeads / tp}|${kvHeads}|${a.headDim}|${kvd}|decode`;
    const grid = fk.attention[key];
    if (!grid) return null;
    // Sliding-window layers (gpt-oss) read at most their window of the cache.
    const sliding = kinds.filter((k) => k === 'sliding').length;
    const window = a.slidingWindow?.tokens ?? 0;
    const modules: ModuleLayers[] = [];
    if (model.numLayers - sliding > 0)
      modules.push({ grid, key, layers: model.numLayers - sliding, floorUs: floorUs(grid.q) });
    if (sliding > 0 && window > 0)
      modules.push({
        grid,
        key: `${key} (window ${window})`,
        layers: sliding,
        floorUs: floorUs(grid.q),
        maxContext: window,
      });
    return { modules, covers: [], table: 'attention core' };
  }
  return null;
}

export interface ModuleSet {
  modules: ModuleLayers[];
  table: string;
  source: KernelSource;
}

export function moduleSet(
  set: { modules: ModuleLayers[]; table: string } | null,
  axis: string,
): ModuleSet | null {
  if (!set) return null;
  return {
    ...set,
    source: {
      table: set.table,
      key: set.modules.map((m) => `${m.key} ×${m.layers}`).join(', '),
      axis,
    },
  };
}

/** Summed latency (µs) of every layer's module at (batch, y), NaN where one is not covered;
 * the floor share goes to `moduleFixedUs`, the first module's neighbours to `lastLookup`. */
let moduleFixedUs = 0;
export function moduleUs(set: ModuleSet, batch: number, y: number): number {
  let us = 0;
  let fixed = 0;
  let lo = 0;
  let hi = 0;
  let scaled = false;
  for (let i = 0; i < set.modules.length; i++) {
    const m = set.modules[i]!;
    const context = m.maxContext ? Math.min(y, m.maxContext) : y;
    const one = gridUsOrScaled(m.grid, batch, context);
    if (Number.isNaN(one)) return NaN;
    if (i === 0) {
      lo = lastLookup.lo;
      hi = lastLookup.hi;
      scaled = lastLookup.scaled;
    }
    us += one * m.layers;
    const single = m.floorAtContext && batch > 1 ? gridUsOrScaled(m.grid, 1, context) : one;
    const floor = m.floorAtContext && !Number.isNaN(single) ? single : m.floorUs;
    fixed += Math.min(one, floor) * m.layers;
  }
  lastLookup.lo = lo;
  lastLookup.hi = hi;
  lastLookup.scaled = scaled;
  moduleFixedUs = fixed;
  return set.modules.length ? us : NaN;
}

export function moduleSum(set: ModuleSet | null, batch: number, y: number): Priced | null {
  if (!set || batch <= 0) return null;
  const us = moduleUs(set, batch, y);
  if (Number.isNaN(us)) return null;
  return {
    ms: us / 1000,
    fixedMs: moduleFixedUs / 1000,
    lo: lastLookup.lo,
    hi: lastLookup.hi,
    scaled: lastLookup.scaled,
    source: set.source,
  };
}
