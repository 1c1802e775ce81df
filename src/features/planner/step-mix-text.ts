import { formatNumber as num } from '../../components/format';
import type { OperatorRoofline } from '../../core/roofline';

/**
 * How the Planner's mean decode step is made of the two steps shown, in words. Mixed into decode
 * steps, prompts can need more than one chunk's worth of work per step (prefill-bound): the mean
 * step is then the decode step plus that many times what a chunk adds, never a negative share of
 * the decode step.
 */
export function stepMixText(r: OperatorRoofline): string {
  const { mix, decode, prefill } = r;
  if (!prefill || mix.prefill <= 0) return '';
  const meanMs = mix.decodeOnly * decode.totalMs + mix.prefill * prefill.totalMs;
  const lead = 'The Planner’s mean decode step is';
  const addsOnTop = mix.decodeOnly < 0 && Math.abs(mix.decodeOnly + mix.prefill - 1) < 1e-9;
  return addsOnTop
    ? `${lead} the decode step + ${num(mix.prefill, 3)} × what a prompt chunk adds to it (the ${prefill.name} − the decode step, ${num(prefill.totalMs - decode.totalMs, 3)} ms): ${num(meanMs, 3)} ms, as prompts need ${num(mix.prefill, 3)} chunks of work per decode step.`
    : `${lead} ${num(mix.decodeOnly, 3)} × the decode step + ${num(mix.prefill, 3)} × the ${prefill.name}: ${num(meanMs, 3)} ms.`;
}
