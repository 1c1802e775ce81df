/**
 * Expected tokens per decode step (acceptance length) of DeepSeek-style MTP with n draft tokens,
 * when the user has not measured their own. A chain: draft 1 is accepted with probability
 * FIRST_DRAFT_ACCEPTANCE, and each later draft, given the one before it was, with
 * LATER_DRAFT_ACCEPTANCE, so a(n) = 1 + p1 · (1 + q + … + q^(n-1)).
 *
 * p1 = 0.8: the DeepSeek-V3 report's 85-90% acceptance of the second token, rounded down to the
 * 1.8 this app has always assumed for one draft. q is chosen so that three drafts give 2.37, the
 * only published figure for three (DeepSeek-R1 with MTP 3 on GB300, SGLang + Dynamo, LMSYS
 * 2026-02-19; reference row M14): later drafts reuse one MTP module trained to look one token
 * ahead and are accepted far less (q ≈ 0.48).
 */
export const FIRST_DRAFT_ACCEPTANCE = 0.8;
const THREE_DRAFT_LENGTH = 2.37;
/** Solves p1 · (q + q²) = a(3) − 1 − p1. */
export const LATER_DRAFT_ACCEPTANCE = (() => {
  const c = (THREE_DRAFT_LENGTH - 1 - FIRST_DRAFT_ACCEPTANCE) / FIRST_DRAFT_ACCEPTANCE;
  return (-1 + Math.sqrt(1 + 4 * c)) / 2;
})();

/** Default acceptance length for `draftTokens` drafts (1 with none), to two decimals. */
export function defaultAcceptanceLength(draftTokens: number): number {
  let a = 1;
  let accepted = FIRST_DRAFT_ACCEPTANCE;
  for (let i = 0; i < draftTokens; i++) {
    a += accepted;
    accepted *= LATER_DRAFT_ACCEPTANCE;
  }
  return Math.round(a * 100) / 100;
}

/** Speculative decoding switched on: one draft token at its default acceptance length. */
export const DEFAULT_SPECULATIVE = { draftTokens: 1, acceptanceLength: defaultAcceptanceLength(1) };
