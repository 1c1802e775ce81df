import type { StepContext, StepLoad, StepTime } from './step-types';
import { stepTime } from './step';

/** Steps a context remembers: the last few loads it priced (a ring, oldest replaced first). */
const REMEMBERED = 8;

interface Slot {
  load: StepLoad;
  step: StepTime;
}
interface Ring {
  slots: Slot[];
  next: number;
}

const rings = new WeakMap<StepContext, Ring>();

const sameLoad = (a: StepLoad, b: StepLoad): boolean =>
  a.decodeSeqsPerRank === b.decodeSeqsPerRank &&
  a.instanceTokens === b.instanceTokens &&
  a.prefillTokensPerRank === b.prefillTokensPerRank &&
  a.tokensPerSeq === b.tokensPerSeq &&
  a.decodeContextTokens === b.decodeContextTokens &&
  a.promptTokens === b.promptTokens &&
  a.draftTokens === b.draftTokens;

/**
 * stepTime, with the last few loads of each context remembered. A step is a pure function of its
 * context and load, and serving one layout at one concurrency after another prices the same steps
 * again: a disaggregated prefill pool's full batch and the decode pool at capacity every time, and
 * every step once the running sequences reach their memory or batch limit. Equal fields, equal
 * step; the step is shared, and callers only combine steps into new ones (step-arithmetic.ts).
 */
export function memoStepTime(ctx: StepContext, load: StepLoad): StepTime {
  let ring = rings.get(ctx);
  if (!ring) {
    ring = { slots: [], next: 0 };
    rings.set(ctx, ring);
  }
  for (const s of ring.slots) if (sameLoad(s.load, load)) return s.step;
  const step = stepTime(ctx, load);
  const slot = {
    load: {
      decodeSeqsPerRank: load.decodeSeqsPerRank,
      tokensPerSeq: load.tokensPerSeq,
      decodeContextTokens: load.decodeContextTokens,
      prefillTokensPerRank: load.prefillTokensPerRank,
      promptTokens: load.promptTokens,
      instanceTokens: load.instanceTokens,
      draftTokens: load.draftTokens,
    },
    step,
  };
  if (ring.slots.length < REMEMBERED) ring.slots.push(slot);
  else ring.slots[ring.next] = slot;
  ring.next = (ring.next + 1) % REMEMBERED;
  return step;
}
