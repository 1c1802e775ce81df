import type { KvFormat } from '../model/kv';
import type { ModelSpec } from '../model/schema';
import type { WeightGroup } from '../model/tensors';
import { WEIGHT_GROUPS } from '../model/tensors';
import type { WeightPrecision } from '../precision';
import type { KernelPricer, PricerLayout } from '../kernels/pricer';
import { kernelPricer } from '../kernels/pricer';
import type { ReferenceKernels } from '../kernels/schema';
import { modelCosts } from './model-costs';

/** The fixed latency of one decode step's kernels, read off a reference GPU's tables. */
export interface LaunchFloor {
  /** Sum of the floors (fastest measurements) of every priced operation of a step but the
   * attention's (ms). */
  otherMs: number;
  /** The attention's fixed latency for one sequence at a context (ms): a sparse module's grows
   * past its top-k, where the indexer and top-k kernels switch on (attention-modules.ts). */
  attentionMs(contextTokens: number): number;
  /** The reference GPU's name, for "show the math". */
  hardware: string;
}

/**
 * What a step's kernels cost before they do any work, measured on a GPU of the same class: each
 * table's fastest measurement (attention module, mHC, every dense GEMM group, the fused MoE) for
 * this model at this layout (the engine's fastest fused MoE where no table prices the split), the
 * scenario's framework first, then the others for what it lacks.
 * A GPU without measured kernels runs the same kernel sequence; its speed stays on its roofline,
 * this latency stands in for the generic per-layer launch overhead. Null where the reference has
 * no attention table for the model at this layout (a partial sum would understate it).
 */
export function launchFloor(
  ref: ReferenceKernels,
  model: ModelSpec,
  weights: WeightPrecision,
  kv: KvFormat,
  layout: PricerLayout,
): LaunchFloor | null {
  const pricers: KernelPricer[] = ref.frameworks.map((fk) =>
    kernelPricer(fk, model, ref.hardware, weights, kv, layout),
  );
  const first = <T>(f: (p: KernelPricer) => T | null): T | null => {
    for (const p of pricers) {
      const v = f(p);
      if (v !== null) return v;
    }
    return null;
  };
  // 128 tokens of context lies inside every decode table.
  const attention = first((p) => {
    const a = p.decodeAttention(1, 1, 128);
    return a ? { pricer: p, at128: a.fixedMs } : null;
  });
  if (!attention) return null;
  const { pricer, at128 } = attention;
  const costs = modelCosts(model, weights);
  let ms = 0;
  ms += first((p) => p.mhc(1)?.fixedMs ?? null) ?? 0;
  // A split no table prices (wide EP, isWideEp) still launches the engine's fused MoE.
  ms +=
    first((p) => p.moe(1)?.fixedMs ?? null) ??
    (costs.moeLayers * (first((p) => p.launchUs.moe) ?? 0)) / 1000;
  for (const g of WEIGHT_GROUPS as readonly WeightGroup[]) {
    if (costs.denseParamsByGroup[g] === 0 || pricer.moduleCovers.has(g)) continue;
    if (g === 'mhc' && model.attention.kind === 'v4-hybrid') continue;
    ms += first((p) => p.gemm(g, 1)?.fixedMs ?? null) ?? 0;
  }
  // A sweep asks for the same few contexts on every step: one table lookup each.
  const byContext = new Map<number, number>();
  return {
    otherMs: ms,
    attentionMs: (context) => {
      let v = byContext.get(context);
      if (v === undefined) {
        // A context past the table keeps the floor at the longest context it measured: the
        // indexer's and top-k's launches a long context switches on stay switched on.
        const reach = pricer.decodeContextMax ?? context;
        v = pricer.decodeAttention(1, 1, Math.max(1, Math.min(context, reach)))?.fixedMs ?? at128;
        byContext.set(context, v);
      }
      return v;
    },
    hardware: ref.hardware.name,
  };
}
