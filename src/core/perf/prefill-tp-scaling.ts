import { FRAMEWORK_NAMES } from '../framework';
import { kernelPricer } from '../kernels/pricer';
import type { Prepared } from '../prepare';
import { poolHardware } from '../prepare';
import { versionOf } from './step-pricing';

/** How much faster a prompt's measured attention module runs at the prefill pool's TP than at TP 1. */
export interface PrefillTpScaling {
  tp: number;
  /** Time of one prompt's attention at TP 1 over its time at `tp` (tp would be a perfect split). */
  speedup: number;
  promptTokens: number;
  /** The engine and GPU the module was measured on ("vLLM 0.24.0, NVIDIA GB200 NVL72 (per GPU)"). */
  measuredOn: string;
}

/**
 * DeepSeek-V4's prefill attention from its measured modules at the layout that prefills (the
 * prefill pool, else the deployment) against the same prompt at TP 1, where both are measured;
 * null for other models, TP 1, or a GPU and engine without the tables. The indexer and the
 * compressors are one head each, so TP ranks repeat them rather than split them.
 */
export function prefillTpScaling(p: Prepared): PrefillTpScaling | null {
  if (p.model.attention.kind !== 'v4-hybrid') return null;
  const layout = p.prefillLayout ?? p.decodeLayout;
  const pool = poolHardware(p, layout);
  if (layout.tp <= 1 || !pool.kernels) return null;
  const prompt = p.workload.prefillTokens;
  const at = (tp: number) =>
    kernelPricer(pool.kernels!, p.model, pool.hardware, p.inp.weights, p.inp.kvFormat, {
      tp,
      moeEp: 1,
      moeTp: tp,
    }).prefillAttention(1, prompt);
  const split = at(layout.tp);
  const whole = at(1);
  if (!split || !whole) return null;
  const engine = FRAMEWORK_NAMES[p.scenario.framework];
  return {
    tp: layout.tp,
    speedup: whole.ms / split.ms,
    promptTokens: prompt,
    measuredOn: `${engine} ${versionOf(pool.kernels, 'attention module')}, ${pool.hardware.name}`,
  };
}
