/**
 * The decode population d = next(d) in [lo, hi], where next(lo) ≥ lo and next(hi) ≤ hi: regula
 * falsi (Illinois) on next(d) − d, to a relative 1e-10 in a few evaluations of the decode step.
 * Returns the population and what `evaluate` said there.
 */
export function fixedPoint<S extends { next: number }>(
  lo: number,
  hi: number,
  evaluate: (d: number) => S,
): { at: S; decoding: number } {
  let b = hi;
  let sb = evaluate(b);
  let fb = sb.next - b;
  if (fb >= 0 || hi <= lo) return { at: sb, decoding: b };
  // One plain iteration from the top lands near the fixed point when next() is flat there (the
  // common case): it brackets the root from below, or tightens the bracket from above.
  let a = Math.max(lo, sb.next);
  let sa = evaluate(a);
  let fa = sa.next - a;
  if (Math.abs(fa) <= 1e-10 * a) return { at: sa, decoding: a };
  if (fa < 0) {
    b = a;
    fb = fa;
    sb = sa;
    a = lo;
    sa = evaluate(a);
    fa = sa.next - a;
    if (fa <= 0) return { at: sa, decoding: a };
  }
  let side = 0;
  for (let i = 0; i < 60; i++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const sc = evaluate(c);
    const fc = sc.next - c;
    if (Math.abs(fc) <= 1e-10 * c || Math.abs(b - a) <= 1e-10 * b) return { at: sc, decoding: c };
    if (fc > 0) {
      a = c;
      fa = fc;
      sa = sc;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      b = c;
      fb = fc;
      sb = sc;
      if (side === 1) fa /= 2;
      side = 1;
    }
  }
  return Math.abs(fa) < Math.abs(fb) ? { at: sa, decoding: a } : { at: sb, decoding: b };
}
