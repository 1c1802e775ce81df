import type { ModelSpec } from '../model/schema';
import type { Parallelism } from './schema';

/**
 * A parallel layout resolved for a number of GPUs (design §2 layout rule): one serving instance
 * spans max(tp·pp, ep) GPUs; the GPUs hold gpus / instance identical instances; with attention-DP,
 * attention runs as instance / (tp·pp) data-parallel ranks and the MoE expert-parallel over the
 * instance.
 */
export interface Layout extends Parallelism {
  gpus: number;
  instanceGpus: number;
  instances: number;
  /** Attention data-parallel ranks per instance (1 without attention-DP). */
  attentionDpRanks: number;
}

export function resolveLayout(p: Parallelism, gpus: number): Layout {
  // A pool carries its own GPUs (and maybe its accelerator), kept in the layout as written.
  const pool = p as Parallelism & { gpus?: number; hardware?: string };
  const key = `${p.tp} ${p.ep} ${p.pp} ${p.dpAttention} ${gpus} ${pool.gpus} ${pool.hardware}`;
  let layout = resolved.get(key);
  if (layout) return layout;
  const instanceGpus = Math.max(p.tp * p.pp, p.ep);
  layout = Object.freeze({
    ...p,
    gpus,
    instanceGpus,
    instances: Math.floor(gpus / instanceGpus),
    attentionDpRanks: p.dpAttention ? Math.floor(instanceGpus / (p.tp * p.pp)) : 1,
  });
  if (resolved.size >= RESOLVED_KEPT) resolved.delete(resolved.keys().next().value!);
  resolved.set(key, layout);
  return layout;
}

/**
 * Layouts resolved so far, by shape: the same parallelism on the same GPUs is the same object, so
 * what is worked out once per layout (its step context, kernel pricer, dense weight groups and
 * recent steps, all keyed by it) carries over from one plan to the next while the user changes
 * anything else: the concurrency, the lengths, the price. The oldest goes first.
 */
const resolved = new Map<string, Layout>();
const RESOLVED_KEPT = 512;

/** Reasons a layout cannot run on `gpus` GPUs (empty when it can). */
export function layoutProblems(p: Parallelism, gpus: number, what = 'parallelism'): string[] {
  const problems: string[] = [];
  const instance = Math.max(p.tp * p.pp, p.ep);
  if (gpus % instance !== 0)
    problems.push(
      `${what}: an instance spans max(tp×pp, ep) = ${instance} GPUs, which does not tile ${gpus} GPUs`,
    );
  if (p.dpAttention && instance % (p.tp * p.pp) !== 0)
    problems.push(
      `${what}: with attention-DP the instance (${instance} GPUs) must be a multiple of tp×pp = ${p.tp * p.pp}`,
    );
  if (p.ep > 1 && p.ep < p.tp * p.pp && (p.tp * p.pp) % p.ep !== 0)
    problems.push(`${what}: ep ${p.ep} must divide tp×pp = ${p.tp * p.pp} when smaller than it`);
  return problems;
}

/** The layout used when a scenario gives none: wide EP with attention-DP for MoE, TP for dense. */
export function defaultParallelism(model: ModelSpec, gpus: number): Parallelism {
  if (model.ffn.moe) return { tp: 1, ep: gpus, pp: 1, dpAttention: true };
  return { tp: gpus, ep: 1, pp: 1, dpAttention: false };
}
