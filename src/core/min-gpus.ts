import { memoryBytes } from './hardware/schema';
import type { MemoryInputs } from './memory';
import { poolMemory, sequenceBytes } from './memory';
import { weightBytes } from './model/weights';
import { resolveLayout } from './scenario/layout';
import type { Parallelism } from './scenario/schema';

const MAX_GPUS = 1024;

/** GPU counts people deploy: 1, 2, 4, then whole 8-GPU boards. */
function candidateCounts(): number[] {
  const counts = [1, 2, 4];
  for (let g = 8; g <= MAX_GPUS; g += 8) counts.push(g);
  return counts;
}

/** Standard layouts on g GPUs: wide EP with attention-DP, TP+EP, pure TP (PP across boards). */
function candidateLayouts(inp: MemoryInputs, g: number): Parallelism[] {
  const domain = inp.hardware.scaleUp.domainGpus;
  const out: Parallelism[] = [];
  if (inp.model.ffn.moe) {
    out.push({ tp: 1, ep: g, pp: 1, dpAttention: true });
    if (g <= domain) out.push({ tp: g, ep: g, pp: 1, dpAttention: false });
  }
  if (g <= domain) out.push({ tp: g, ep: 1, pp: 1, dpAttention: false });
  else if (g % domain === 0) out.push({ tp: domain, ep: 1, pp: g / domain, dpAttention: false });
  return out;
}

/**
 * The fewest GPUs (and a layout) on which the weights, workspace and KV for `concurrency`
 * sequences at `contextTokens` fit, trying standard layouts up to 1,024 GPUs; null if none does.
 */
export function fewestGpusThatFit(
  inp: MemoryInputs,
  concurrency: number,
  contextTokens: number,
): { gpus: number; parallelism: Parallelism } | null {
  // No layout fits on fewer GPUs than hold the weights (without the MTP block) and every
  // sequence's KV once, in all of their memory: those counts need no look.
  const w = weightBytes(inp.model, inp.weights);
  const leastBytes = w.totalBytes - w.mtpBytes + concurrency * sequenceBytes(inp, contextTokens).kv;
  const perGpu = memoryBytes(inp.hardware);
  for (const g of candidateCounts()) {
    if (g * perGpu < leastBytes) continue;
    for (const p of candidateLayouts(inp, g)) {
      if (poolMemory(inp, resolveLayout(p, g), concurrency, contextTokens).holdsAllSequences)
        return { gpus: g, parallelism: p };
    }
  }
  return null;
}
