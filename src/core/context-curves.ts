import type { Catalog } from './catalog';
import type { KvPrecision } from './precision';
import { deepseekApiPrice } from './economics';
import { plan } from './plan';

/** Output tokens per request the context explorer assumes: the context is the prompt plus these. */
export const CONTEXT_OUTPUT_TOKENS = 256;

/** Contexts from 1K to 1M tokens, doubling (log axis). */
export const CONTEXT_POINTS = Array.from({ length: 11 }, (_, i) => 1024 * 2 ** i);

export interface ContextPoint {
  contextTokens: number;
  kvBytesPerSequence: number;
  /** Largest concurrency whose KV fits at this context (0: the weights do not fit). */
  maxConcurrency: number;
  /** The memory flag assumed where the engine's automatic reserve left no room (else null). */
  assumedMemoryUtilization: number | null;
  /** TPOT at the chosen concurrency, null where it does not fit in memory. */
  tpotMs: number | null;
  /** Self-hosted cost at the chosen concurrency (economics(): COST_DEFINITION), null where it
   * does not fit or the hardware has no price. */
  usdPerMillionInputTokens: number | null;
  usdPerMillionOutputTokens: number | null;
  /** One request: its input at the input price plus its output at the output price. */
  usdPerRequest: number | null;
  /** The same request through the DeepSeek API: every input token a cache miss, or a hit. */
  apiUsdPerRequest: { cacheMiss: number; cacheHit: number } | null;
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
  /** The engine's memory flag for every model alike (default: each engine's own reserve). */
  memoryUtilization?: number;
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
          ...(q.memoryUtilization !== undefined ? { memoryUtilization: q.memoryUtilization } : {}),
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
      // Figures only where every request in flight fits: the curve is "at C concurrent users".
      const shown = p.runs && p.memory.holdsAllSequences;
      const { inputTokens, outputTokens } = p.scenario.workload;
      const inUsd = shown ? p.cost.usdPerMillionInputTokens : null;
      const outUsd = shown ? p.cost.usdPerMillionOutputTokens : null;
      const api = deepseekApiPrice(id);
      curve.points.push({
        contextTokens: n,
        kvBytesPerSequence: p.memory.kvCacheBytesPerSequence,
        maxConcurrency: p.memory.maxConcurrency,
        assumedMemoryUtilization: p.memory.assumedMemoryUtilization,
        tpotMs: shown ? p.latency.tpotMs : null,
        usdPerMillionInputTokens: inUsd,
        usdPerMillionOutputTokens: outUsd,
        usdPerRequest:
          inUsd === null || outUsd === null
            ? null
            : (inputTokens * inUsd + outputTokens * outUsd) / 1e6,
        apiUsdPerRequest: api
          ? {
              cacheMiss: (inputTokens * api.input + outputTokens * api.output) / 1e6,
              cacheHit: (inputTokens * api.inputCacheHit + outputTokens * api.output) / 1e6,
            }
          : null,
        beyondModelMax: n > model.maxContextTokens,
      });
    }
    return curve;
  });
}
