import type { Catalog } from './catalog';
import type { KvPrecision } from './precision';
import { plan } from './plan';

/** Contexts from 1K to 1M tokens, doubling (log axis). */
export const CONTEXT_POINTS = Array.from({ length: 11 }, (_, i) => 1024 * 2 ** i);

export interface ContextPoint {
  contextTokens: number;
  kvBytesPerSequence: number;
  /** Largest concurrency whose KV fits at this context (0: the weights do not fit). */
  maxConcurrency: number;
  /** TPOT at the chosen concurrency, null where it does not fit in memory. */
  tpotMs: number | null;
  beyondModelMax: boolean;
}

export interface ContextCurve {
  model: string;
  name: string;
  maxContextTokens: number;
  points: ContextPoint[];
  error: string | null;
}

export interface ContextQuery {
  models: readonly string[];
  hardware: string;
  gpus: number;
  kvCache: KvPrecision;
  concurrency: number;
  /** Tokens generated per request (the context is the prompt plus these). */
  outputTokens: number;
}

/**
 * For each model, at each context: KV per sequence, the largest concurrency that fits and TPOT,
 * all from plan() on the model's default layout (wide EP with attention-DP, or TP for dense).
 */
export function contextCurves(q: ContextQuery, catalog: Catalog): ContextCurve[] {
  return q.models.map((id) => {
    const model = catalog.models.get(id);
    const curve: ContextCurve = {
      model: id,
      name: model?.name ?? id,
      maxContextTokens: model?.maxContextTokens ?? 0,
      points: [],
      error: null,
    };
    if (!model) return { ...curve, error: `unknown model "${id}"` };
    for (const n of CONTEXT_POINTS) {
      const r = plan(
        {
          model: id,
          hardware: q.hardware,
          gpus: q.gpus,
          precision: { weights: 'native', kvCache: q.kvCache },
          workload: {
            inputTokens: Math.max(1, n - q.outputTokens),
            outputTokens: q.outputTokens,
            concurrency: q.concurrency,
          },
        },
        catalog,
      );
      if (!r.ok) return { ...curve, error: r.errors.join('; ') };
      const p = r.plan;
      curve.points.push({
        contextTokens: n,
        kvBytesPerSequence: p.memory.kvCacheBytesPerSequence,
        maxConcurrency: p.memory.maxConcurrency,
        tpotMs: p.memory.fits ? p.latency.tpotMs : null,
        beyondModelMax: n > model.maxContextTokens,
      });
    }
    return curve;
  });
}
