import type { Catalog } from '../catalog';
import type { KvFormat } from '../model/kv';
import { kvBytesPerSequence } from '../model/kv';

/** Models whose KV per token sets the scale of what a cache must hold: V4's compressed attention,
 * V3.2's MLA with indexer keys, and dense grouped-query attention. */
export const KV_COMPARISON_MODELS = ['deepseek-v4-pro', 'deepseek-v3.2', 'llama-3.1-405b'] as const;

export interface KvScale {
  id: string;
  name: string;
  /** KV of one sequence of a million tokens, all layers (bytes). */
  bytesPerMillionTokens: number;
}

/** KV of a million-token context for the scenario's model and the comparison models. */
export function kvScales(catalog: Catalog, modelId: string, format: KvFormat): KvScale[] {
  const ids = [modelId, ...KV_COMPARISON_MODELS.filter((id) => id !== modelId)];
  return ids.flatMap((id) => {
    const m = catalog.models.get(id);
    return m
      ? [
          {
            id,
            name: m.name,
            bytesPerMillionTokens: kvBytesPerSequence(m, 1_000_000, format).totalBytes,
          },
        ]
      : [];
  });
}
