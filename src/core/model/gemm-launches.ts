import { memoOn } from '../memo';
import type { ModelSpec } from './schema';
import type { TensorEntry, WeightGroup } from './tensors';
import { tensorInventory, tpShareOf } from './tensors';

/**
 * One GEMM the engines launch for the matmuls every token multiplies, `count` times a step.
 * `rows × cols` is its weight (cols the input); `tensor` is one of its matrices, whose stored
 * format sets the GEMM's math.
 */
export interface GemmLaunch {
  group: WeightGroup;
  rows: number;
  cols: number;
  count: number;
  tensor: TensorEntry;
  /** Its matrices' rows with how many TP ranks each divides over (tensors.ts tpWays). */
  parts: { rows: number; tpWays: number | undefined }[];
}

/** Output rows of a launch on one rank of a TP group of `tp` that splits its group. */
export function rowsPerTpRank(launch: GemmLaunch, tp: number): number {
  let rows = 0;
  for (const p of launch.parts) rows += p.rows * tpShareOf(p, tp);
  return rows;
}

const cache = new WeakMap<ModelSpec, readonly GemmLaunch[]>();

/**
 * The main model's dense GEMMs as engines launch them. Matrices of a layer that read the same
 * input and carry the same fuse key (tensors.ts) run as one GEMM, their rows side by side: the
 * gate and up projections (vLLM's and SGLang's `gate_up_proj`, a MergedColumnParallelLinear;
 * TensorRT-LLM's GatedMLP), the query, key and value projections (`qkv_proj`, a
 * QKVParallelLinear; TensorRT-LLM's fused QKV) and MLA's two down-projections (SGLang's
 * `fused_qkv_a_proj_with_mqa`, vLLM's `fused_qkv_a_proj`, TensorRT-LLM's `kv_a_proj_with_mqa`).
 * A fused GEMM does the same work in one launch instead of two or three; every other matrix is
 * its own launch. Memoised per spec object.
 *
 * https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/models/llama.py
 * https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/models/deepseek_v2.py
 * https://github.com/sgl-project/sglang/blob/main/python/sglang/srt/models/deepseek_v2.py
 * https://github.com/NVIDIA/TensorRT-LLM/blob/main/tensorrt_llm/_torch/modules/gated_mlp.py
 */
export function gemmLaunches(model: ModelSpec): readonly GemmLaunch[] {
  return memoOn(cache, model, () => build(model));
}

function build(model: ModelSpec): GemmLaunch[] {
  const out: GemmLaunch[] = [];
  const fused = new Map<string, GemmLaunch>();
  for (const t of tensorInventory(model)) {
    if (t.mtp || t.perToken !== 'all') continue;
    if (!t.fuse || t.layers === 0) {
      const parts = [{ rows: t.rows, tpWays: t.tpWays }];
      out.push({ group: t.group, rows: t.rows, cols: t.cols, count: t.count, tensor: t, parts });
      continue;
    }
    const perLayer = t.count / t.layers;
    const key = `${t.block}|${t.group}|${t.fuse}|${t.cols}`;
    const hit = fused.get(key);
    const part = { rows: t.rows * perLayer, tpWays: t.tpWays };
    if (hit) {
      hit.rows += part.rows;
      hit.parts.push(part);
    } else {
      const launch = {
        group: t.group,
        rows: part.rows,
        cols: t.cols,
        count: t.layers,
        tensor: t,
        parts: [part],
      };
      fused.set(key, launch);
      out.push(launch);
    }
  }
  return out;
}
