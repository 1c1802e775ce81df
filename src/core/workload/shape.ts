import type { ScenarioInput, Sessions } from '../scenario/schema';

/** A workload as written or as parsed (defaults filled in). */
type ScenarioWorkload = ScenarioInput['workload'];

/**
 * The mean request of a workload and what of it can be reused. A fixed-length workload is one
 * prompt and one answer; an agent session of T turns sends T requests whose prompts grow: turn k
 * (1-based) sends the shared prefix S, k·A tokens the user and tools added and the (k − 1)
 * answers of O tokens so far, and its first S + (k − 1)(A + O) tokens are the previous turn's
 * context.
 */
export interface WorkloadShape {
  /** Mean prompt of a request (tokens). */
  inputTokens: number;
  /** Mean answer of a request (tokens). */
  outputTokens: number;
  /** The longest context a request reaches (the last turn's prompt and answer). */
  maxContextTokens: number;
  /** Tokens at the start of every prompt that every request shares. */
  sharedPrefixTokens: number;
  /** Mean tokens of a request's prompt that an earlier turn of its session already ran
   * (beyond the shared prefix). */
  sessionPrefixTokens: number;
  /** Mean context a session keeps between its turns, beyond the shared prefix (tokens). */
  sessionContextTokens: number;
  /** Requests per session (1 without sessions). */
  turns: number;
  /** Mean pause between turns (s). */
  thinkSeconds: number;
  /** A measured share of prompt tokens served from a cache (null: the cache model's). */
  cachedInputShare: number | null;
  /** Log-normal σ of the lengths (0: fixed). */
  inputSpread: number;
  outputSpread: number;
}

/** Turn k's prompt (1-based): the shared prefix, k additions and the k − 1 answers before it. */
export function turnInputTokens(
  s: Pick<Sessions, 'tokensAddedPerTurn' | 'outputTokensPerTurn'>,
  shared: number,
  k: number,
): number {
  return shared + k * s.tokensAddedPerTurn + (k - 1) * s.outputTokensPerTurn;
}

/** Prompt tokens of a request that some cache could serve. */
export function reusableTokens(shape: WorkloadShape): number {
  if (shape.cachedInputShare !== null) return shape.cachedInputShare * shape.inputTokens;
  return shape.sharedPrefixTokens + shape.sessionPrefixTokens;
}

/** The mean request of a scenario's workload (design §2 workload additions). */
export function workloadShape(w: ScenarioWorkload): WorkloadShape {
  const shared = w.sharedPrefixTokens ?? 0;
  const spread = {
    inputSpread: w.inputTokensSpread ?? 0,
    outputSpread: w.outputTokensSpread ?? 0,
    cachedInputShare: w.cachedInputShare ?? null,
  };
  const s = w.sessions;
  if (!s)
    return {
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
      maxContextTokens: w.inputTokens + w.outputTokens,
      sharedPrefixTokens: Math.min(shared, w.inputTokens),
      sessionPrefixTokens: 0,
      sessionContextTokens: 0,
      turns: 1,
      thinkSeconds: 0,
      ...spread,
    };
  const T = s.turns;
  const perTurn = s.tokensAddedPerTurn + s.outputTokensPerTurn;
  return {
    // Means over k = 1..T of the linear turn lengths.
    inputTokens:
      shared + (s.tokensAddedPerTurn * (T + 1)) / 2 + (s.outputTokensPerTurn * (T - 1)) / 2,
    outputTokens: s.outputTokensPerTurn,
    maxContextTokens: turnInputTokens(s, shared, T) + s.outputTokensPerTurn,
    sharedPrefixTokens: shared,
    sessionPrefixTokens: (perTurn * (T - 1)) / 2,
    // After turn k a session holds k(A + O) of its own tokens until its next turn.
    sessionContextTokens: (perTurn * (T + 1)) / 2,
    turns: T,
    thinkSeconds: s.thinkSeconds ?? 0,
    ...spread,
  };
}
