import { FRAMEWORK_SCHEDULING } from '../framework';
import { stepTime } from '../perf/step';
import type { StepContext, StepLoad } from '../perf/step-types';

/**
 * The step times a simulated instance needs, priced once by the same step model as plan() and
 * read by interpolation: a step of `b` sequences decoding on the busiest attention rank while `k`
 * of the instance's ranks each run a prompt chunk of up to `chunkTokens`.
 */
export interface StepTable {
  /** A decode step at b sequences on the busiest rank (ms). */
  decodeMs(b: number): number;
  /** A step in which k ranks run a chunk of `tokens` (b decoding beside it where the engine
   * mixes, ms). */
  chunkMs(b: number, k: number, tokens: number): number;
  /** The engine runs prompt chunks in the decode batch (else a prefilling rank pauses its
   * decoding for that step). */
  mixed: boolean;
  /** Prompt tokens one rank runs per step. */
  chunkTokens: number;
}

export interface StepTableInputs {
  ctx: StepContext;
  /** Most sequences a rank decodes at once. */
  maxPerRank: number;
  tokensPerSeq: number;
  draftTokens: number;
  decodeContextTokens: number;
  promptTokens: number;
  chunkTokens: number;
}

/** 0..n inclusive when small; else 0, 1, 2 and a geometric ladder of ~12 points per decade. */
function grid(n: number): number[] {
  if (n <= 48) return Array.from({ length: n + 1 }, (_, i) => i);
  const out = [0, 1, 2];
  for (let x = 2; x < n;) {
    x = Math.min(n, Math.max(x + 1, Math.round(x * 1.2)));
    out.push(x);
  }
  return out;
}

/** Index of the grid cell holding x and its weight toward the upper point. */
function cell(g: readonly number[], x: number): [number, number] {
  if (x <= g[0]!) return [0, 0];
  const last = g.length - 1;
  if (x >= g[last]!) return [Math.max(0, last - 1), last === 0 ? 0 : 1];
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (g[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return [lo, (x - g[lo]!) / (g[hi]! - g[lo]!)];
}

export function buildStepTable(inp: StepTableInputs): StepTable {
  const { ctx } = inp;
  const L = ctx.layout;
  const R = L.attentionDpRanks;
  const t = inp.tokensPerSeq;
  const sched = FRAMEWORK_SCHEDULING[ctx.framework];
  const mixed = sched.mixedPrefill;
  // An engine that pads every rank to the busiest one's tokens (vLLM's dummy batches) sends them
  // all through the MoE; one that aligns prompts runs them in the same steps, which lockstep
  // ranks with prompts waiting already do.
  const allRanks = sched.padsDpTokens;
  const chunk = Math.max(1, inp.chunkTokens);
  const bs = grid(Math.max(1, Math.ceil(inp.maxPerRank)));
  const ks = grid(R).filter((k) => k > 0);
  const base = {
    tokensPerSeq: t,
    decodeContextTokens: inp.decodeContextTokens,
    promptTokens: inp.promptTokens,
    draftTokens: inp.draftTokens,
  };
  const decodeLoad = (b: number): StepLoad => ({
    ...base,
    decodeSeqsPerRank: b,
    prefillTokensPerRank: 0,
    instanceTokens: Math.max(1, b * R * t),
  });
  const dec = bs.map((b) => (b === 0 ? 0 : stepTime(ctx, decodeLoad(b)).totalMs));
  const chunked = bs.map((b) =>
    ks.map((k) => {
      const prefilling = allRanks ? R : k;
      return stepTime(ctx, {
        ...base,
        decodeSeqsPerRank: mixed ? b : 0,
        prefillTokensPerRank: chunk,
        instanceTokens: (mixed ? b * R * t : b * (R - prefilling) * t) + chunk * prefilling,
      }).totalMs;
    }),
  );
  const decodeMs = (b: number) => {
    const [i, w] = cell(bs, b);
    return dec[i]! + w * ((dec[i + 1] ?? dec[i]!) - dec[i]!);
  };
  const fullChunkMs = (b: number, k: number) => {
    const [i, wi] = cell(bs, b);
    const [j, wj] = cell(ks, k);
    const row = (r: number[]) => r[j]! + wj * ((r[j + 1] ?? r[j]!) - r[j]!);
    const lo = row(chunked[i]!);
    const hi = row(chunked[i + 1] ?? chunked[i]!);
    return lo + wi * (hi - lo);
  };
  return {
    decodeMs,
    chunkMs(b, k, tokens) {
      const full = fullChunkMs(b, k);
      // A shorter chunk costs in proportion between a step without it (unmixed: a step's fixed
      // cost, that of one decoding sequence) and a full one.
      const without = decodeMs(mixed ? b : 1);
      return without + (full - without) * Math.min(1, tokens / chunk);
    },
    mixed,
    chunkTokens: chunk,
  };
}
