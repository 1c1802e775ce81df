import { formatNumber as num } from '../../components/format';
import type { OperatorRoofline, PhaseRoofline } from '../../core/roofline';

/**
 * How the Planner's mean decode step is made of the steps shown, in words. Mixed into decode
 * steps, prompts can need more than one chunk's worth of work per step (prefill-bound): the mean
 * step is then the decode step plus that many times what a chunk adds, never a negative share of
 * the decode step. A wave's prompts batched into one step add a term of their own.
 */
export function stepMixText(r: OperatorRoofline): string {
  const { mix, decode, prefill, wave } = r;
  const parts: Array<{ share: number; step: PhaseRoofline; adds: string }> = [];
  if (prefill && mix.prefill > 0)
    parts.push({ share: mix.prefill, step: prefill, adds: 'a prompt chunk' });
  if (wave && mix.wave > 0)
    parts.push({ share: mix.wave, step: wave, adds: 'a wave prefill step' });
  if (!parts.length) return '';
  const shares = parts.reduce((s, p) => s + p.share, 0);
  const meanMs =
    mix.decodeOnly * decode.totalMs + parts.reduce((s, p) => s + p.share * p.step.totalMs, 0);
  const lead = 'The Planner’s mean decode step is';
  const addsOnTop = mix.decodeOnly < 0 && Math.abs(mix.decodeOnly + shares - 1) < 1e-9;
  if (addsOnTop) {
    const terms = parts.map(
      (p) =>
        `${num(p.share, 3)} × what ${p.adds} adds to it (the ${p.step.name} − the decode step, ${num(p.step.totalMs - decode.totalMs, 3)} ms)`,
    );
    const need =
      parts.length === 1 && parts[0]!.step === prefill
        ? `${num(shares, 3)} chunks of work`
        : `${num(shares, 3)} steps of prompt work`;
    return `${lead} the decode step + ${terms.join(' + ')}: ${num(meanMs, 3)} ms, as prompts need ${need} per decode step.`;
  }
  const terms = parts.map((p) => `${num(p.share, 3)} × the ${p.step.name}`);
  return `${lead} ${num(mix.decodeOnly, 3)} × the decode step + ${terms.join(' + ')}: ${num(meanMs, 3)} ms.`;
}
